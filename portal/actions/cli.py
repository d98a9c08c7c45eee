"""`flask --app wsgi portal remind`: reminders of actions due soon or overdue (run daily from cron)."""

from __future__ import annotations

import click

from portal.actions import services
from portal.extensions import db


@click.command("remind")
@click.option("--days", default=services.REMIND_DAYS_BEFORE, show_default=True,
              help="Remind this many days before the due date.")
def remind(days):
    """Notify owners of open actions due within DAYS days, and once when overdue (idempotent)."""
    sent = services.send_reminders(days)
    db.session.commit()
    click.echo(f"{sent} reminder(s) sent.")
