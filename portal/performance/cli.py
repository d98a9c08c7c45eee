"""`flask --app wsgi portal paymech FILE`: the payment engine for analysts' what-if questions."""

from __future__ import annotations

import json

import click

from portal.cli import portal_cli
from portal.performance.paymech import TermsError, calculate_document


@portal_cli.command("paymech")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def paymech(file):
    """Read FILE (JSON: terms, events, points; see docs/paymech.md) and print the statement."""
    try:
        document = json.load(file)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{file.name} is not valid JSON: {error}") from None
    try:
        statement = calculate_document(document)
    except TermsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(statement, indent=2, ensure_ascii=False))
