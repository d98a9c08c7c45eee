"""`flask --app wsgi portal remind-obligations`: reminders before and after due dates."""

from __future__ import annotations

import click

from portal.extensions import db
from portal.obligations.services import send_reminders


@click.command("remind-obligations")
def remind_obligations():
    """Remind the owing party 14 days before an obligation is due and weekly once it is overdue
    (run daily from cron; idempotent)."""
    counts = send_reminders()
    db.session.commit()
    click.echo(f"Obligation reminders: {counts['before']} before the due date, {counts['overdue']} overdue.")
