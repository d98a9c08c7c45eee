"""Forms of meetings and minutes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.access import VISIBILITY_LABELS
from portal.meetings.models import KINDS, OUTCOME_KINDS


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class MeetingForm(FlaskForm):
    kind = SelectField("Kind of meeting", choices=list(KINDS.items()), default="contract_management")
    title = StringField("Title", validators=[DataRequired("Give the meeting a title."), Length(max=200)])
    day = DateField("Date", validators=[InputRequired("Enter the date.")])
    start_time = TimeField("Start time", validators=[InputRequired("Enter the start time.")])
    fold = RadioField("The clocks go back that night: which one?", coerce=_int_or_none,
                      choices=[(0, "The first (summer time)"), (1, "The second (winter time)")],
                      validators=[Optional()])
    duration_minutes = IntegerField("Duration (minutes)", default=60,
                                    validators=[InputRequired("Enter the duration."), NumberRange(5, 600)])
    place = StringField("Place", validators=[Optional(), Length(max=200)])
    video_url = StringField("Video link (optional)", validators=[Optional(), Length(max=500)])
    visibility = SelectField("Who may see it", choices=list(VISIBILITY_LABELS.items()), default="partners")
    chair_id = SelectField("Chair", coerce=_int_or_none, validators=[DataRequired("Choose the chair.")])
    invitee_ids = SelectMultipleField("Invite members", coerce=int, validators=[Optional()])
    guests = TextAreaField("External attendees (one per line: name, organisation)",
                           validators=[Optional(), Length(max=5000)])
    version = HiddenField()


class AgendaItemForm(FlaskForm):
    title = StringField("Item", validators=[DataRequired("Give the item a title."), Length(max=200)])
    presenter = StringField("Presenter (optional)", validators=[Optional(), Length(max=120)])
    minutes_allotted = IntegerField("Minutes (optional)", validators=[Optional(), NumberRange(1, 480)])
    link = SelectField("Linked record (optional)", validators=[Optional()], default="")


class ReasonForm(FlaskForm):
    reason = StringField("Reason", validators=[DataRequired("Give the reason."), Length(max=500)])


class OutcomeForm(FlaskForm):
    kind = RadioField("Outcome", choices=list(OUTCOME_KINDS.items()), default="decision",
                      validators=[DataRequired("Choose the kind of outcome.")])
    agenda_item_id = SelectField("Agenda item", coerce=_int_or_none, validators=[Optional()])
    text = TextAreaField("Text", validators=[DataRequired("Write the outcome."), Length(max=5000)])
    owner = SelectField("Action owner (for an action)", validators=[Optional()], default="")
    due_on = DateField("Action due date (for an action)", validators=[Optional()])


class MinutesForm(FlaskForm):
    text = TextAreaField("Minutes (Markdown)", validators=[Length(max=100_000)])
    version = HiddenField()


class CorrectionForm(FlaskForm):
    text = TextAreaField("Corrected minutes (Markdown)", validators=[DataRequired("Write the corrected minutes."),
                                                                     Length(max=100_000)])
    reason = StringField("What is corrected, and why", validators=[DataRequired("Give the reason."),
                                                                   Length(max=500)])


class EmptyForm(FlaskForm):
    """A button that only needs the CSRF token."""
