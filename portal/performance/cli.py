"""The performance commands; portal/cli.py puts them in the `flask --app wsgi portal` group.

- `paymech FILE`: the payment engine for analysts' what-if questions;
- `open-periods [--date]`: open the month on every operating contract (run daily)."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from portal.extensions import db
from portal.performance.paymech import TermsError, calculate_document
from portal.performance.periods import open_periods as run_open_periods


@click.command("paymech")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def paymech(file):
    """Read FILE (JSON: terms, events, points; see the README) and print the statement."""
    try:
        document = json.load(file)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{file.name} is not valid JSON: {error}") from None
    try:
        statement = calculate_document(document)
    except TermsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(statement, indent=2, ensure_ascii=False))


@click.command("open-periods")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as if today were this date (YYYY-MM-DD); default: today (UTC).")
@with_appcontext
def open_periods(on):
    """Open the current month's reporting period on every operating contract (safe to run repeatedly)
    and tell operator managers about new and late periods."""
    result = run_open_periods(on.date() if on else None)
    db.session.commit()
    click.echo(f"Opened {len(result.opened)} period(s){': ' + ', '.join(result.opened) if result.opened else ''}.")
    if result.late:
        click.echo(f"Late, operator managers told: {', '.join(result.late)}.")
    if result.skipped:
        click.echo(f"No payment terms in force (nothing opened): {', '.join(result.skipped)}.")

