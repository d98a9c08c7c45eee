"""Forms of the action list."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.access import VISIBILITY_LABELS
from portal.actions.models import PARTIES, SOURCES, STATUSES

VISIBILITY_CHOICES = [(k, v) for k, v in VISIBILITY_LABELS.items() if k != "public"]


def owner_choices(users) -> list[tuple[str, str]]:
    """Owner options: a party ("p:operator") or a person ("u:12")."""
    return ([("", "Choose an owner")] + [(f"p:{k}", v) for k, v in PARTIES.items()]
            + [(f"u:{u.id}", u.name) for u in users])


def parse_owner(value: str) -> tuple[int | None, str | None]:
    kind, _, ref = (value or "").partition(":")
    if kind == "u" and ref.isdigit():
        return int(ref), None
    if kind == "p":
        return None, ref
    return None, None


def owner_value(owner_user_id: int | None, owner_party: str | None) -> str:
    return f"u:{owner_user_id}" if owner_user_id else (f"p:{owner_party}" if owner_party else "")


class ActionForm(FlaskForm):
    title = StringField("What is to be done", validators=[DataRequired("Say what is to be done."), Length(max=200)])
    owner = SelectField("Owner", validators=[DataRequired("Say who owns this action: a person or a party.")])
    due_on = DateField("Due date", validators=[Optional()])
    notes = TextAreaField("Notes (optional)", validators=[Optional(), Length(max=5000)])
    visibility = SelectField("Who may see it", choices=VISIBILITY_CHOICES, default="partners")
    version = HiddenField()


class StatusForm(FlaskForm):
    status = SelectField("New status", choices=list(STATUSES.items()))
    reason = StringField("Reason (needed to drop an action)", validators=[Optional(), Length(max=500)])
    version = HiddenField()


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=[("open", "Open and in progress"), ("closed", "Done or dropped"),
                                            ("all", "Any status")] + list(STATUSES.items()), default="open")
    source = SelectField("Source", choices=[("", "Any source")] + list(SOURCES.items()), default="")
    party = SelectField("Party", choices=[("", "Either party")] + list(PARTIES.items()), default="")
    owner = SelectField("Owner", coerce=lambda v: int(v) if v else 0, default=0)
    mine = BooleanField("Mine only")
    overdue = BooleanField("Overdue only")
