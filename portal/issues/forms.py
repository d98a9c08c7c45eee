"""Forms for raising, editing, discussing and configuring issues."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal import workdays
from portal.access import VISIBILITY_LABELS
from portal.issues.models import ISSUE_VISIBILITIES, PARTIES, PRIORITIES, STATUSES, UNITS
from portal.issues.queries import SORTS

VISIBILITY_CHOICES = [(v, VISIBILITY_LABELS[v]) for v in ISSUE_VISIBILITIES]


def to_utc(value: datetime | None, time_zone: str) -> datetime | None:
    """A datetime-local input (the contract's local time) as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=workdays.zone(time_zone)).astimezone(UTC)


class IssueForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the issue a title."), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=20_000)])
    category = SelectField("Category", validators=[DataRequired("Choose a category.")])
    priority = SelectField("Priority", choices=list(PRIORITIES.items()), default="medium")
    routed_to = SelectField("Routed to", choices=list(PARTIES.items()), default="operator")
    visibility = SelectField("Who may see it", choices=VISIBILITY_CHOICES, default="community")
    link = HiddenField()
    version = HiddenField()


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[DataRequired("Write the comment."), Length(max=10_000)])


class StatusForm(FlaskForm):
    status = SelectField("New status", choices=list(STATUSES.items()))
    reason = TextAreaField("Reason or note (needed to reopen)", validators=[Optional(), Length(max=5000)])
    version = HiddenField()


class AssignForm(FlaskForm):
    assignee = SelectField("Assignee", coerce=int)
    version = HiddenField()


class AttachForm(FlaskForm):
    file = FileField("File (PDF or image, up to 10 MB)")


class LinkForm(FlaskForm):
    link = SelectField("Record", validators=[DataRequired("Choose a record.")])


class FailureForm(FlaskForm):
    area = SelectField("Functional area", coerce=int, validators=[DataRequired("Choose the functional area.")])
    criterion = StringField("Failed criterion", validators=[DataRequired("Name the failed criterion."),
                                                            Length(max=120)])
    reported_at = DateTimeLocalField("Reported (contract's local time)", format="%Y-%m-%dT%H:%M",
                                     validators=[InputRequired("Give the time it was reported.")])
    rectified_at = DateTimeLocalField("Rectified (leave empty if not yet)", format="%Y-%m-%dT%H:%M",
                                      validators=[Optional()])
    version = HiddenField()


class WatchForm(FlaskForm):
    pass


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=[("", "Any status"), ("open", "Open or in progress"),
                                            *STATUSES.items()], default="")
    priority = SelectField("Priority", choices=[("", "Any priority"), *PRIORITIES.items()], default="")
    category = SelectField("Category", default="")
    party = SelectField("Routed to", choices=[("", "Either party"), *PARTIES.items()], default="")
    assignee = SelectField("Assignee", coerce=int, default=0)
    sort = SelectField("Sort", choices=[(k, v[0]) for k, v in SORTS.items()], default="newest")
    overdue = BooleanField("Overdue only")
    mine = BooleanField("Raised by or assigned to me")
    watching = BooleanField("Watched by me")


def _target_fields():
    fields = {}
    for priority, label in PRIORITIES.items():
        for key, what in (("respond", "Respond within"), ("resolve", "Resolve within")):
            fields[f"{priority}_{key}"] = IntegerField(
                f"{label}: {what.lower()}", validators=[InputRequired("Give a number."), NumberRange(1, 365)])
            fields[f"{priority}_{key}_unit"] = SelectField(f"{label}: {key} unit", choices=list(UNITS.items()))
    return fields


SettingsForm = type("SettingsForm", (FlaskForm,), {
    **_target_fields(),
    "categories": TextAreaField("Categories, one per line", validators=[DataRequired("Keep at least one."),
                                                                         Length(max=4000)]),
    "version": HiddenField(),
})
