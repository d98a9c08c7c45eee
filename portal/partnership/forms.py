"""Forms of the stakeholder register, the engagement log and the health check."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.access import VISIBILITY_LABELS
from portal.partnership.models import CHANNELS, DIMENSIONS, STAKEHOLDER_KINDS

SCALE = [(str(n), str(n)) for n in range(1, 6)]


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class StakeholderForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the stakeholder's name."), Length(max=160)])
    organisation = StringField("Organisation (optional)", validators=[Optional(), Length(max=200)])
    kind = SelectField("Kind", choices=list(STAKEHOLDER_KINDS.items()), default="community")
    interest = RadioField("Interest in the contract (1 low, 5 high)", choices=SCALE, coerce=_int_or_none,
                          validators=[InputRequired("Rate their interest from 1 to 5.")])
    influence = RadioField("Influence over it (1 low, 5 high)", choices=SCALE, coerce=_int_or_none,
                           validators=[InputRequired("Rate their influence from 1 to 5.")])
    approach = StringField("Engagement approach", validators=[Optional(), Length(max=500)])
    owner_id = SelectField("Owner of the relationship", coerce=_int_or_none, validators=[Optional()])
    notes = TextAreaField("Notes (optional)", validators=[Optional(), Length(max=5000)])
    visibility = SelectField("Who may see it", default="government", choices=[
        (k, VISIBILITY_LABELS[k]) for k in ("government", "partners", "community")])
    version = HiddenField()


class EngagementForm(FlaskForm):
    occurred_on = DateField("Date of the contact", validators=[InputRequired("Enter the date.")])
    channel = SelectField("How", choices=list(CHANNELS.items()), default="meeting")
    summary = TextAreaField("Summary", validators=[DataRequired("Summarise the contact."), Length(max=5000)])
    follow_up = StringField("Follow-up action (optional)", validators=[Optional(), Length(max=200)])
    follow_up_owner = SelectField("Owner of the follow-up", coerce=_int_or_none, validators=[Optional()])
    follow_up_due_on = DateField("Follow-up due (optional)", validators=[Optional()])


class RoundForm(FlaskForm):
    label = StringField("Round", validators=[DataRequired("Name the round, e.g. 2026 Q4."), Length(max=40)])
    opens_on = DateField("Opens", validators=[InputRequired("Enter the opening date.")])
    closes_on = DateField("Closes", validators=[InputRequired("Enter the closing date.")])


def answer_form_class():
    """One 1-5 radio group per dimension, and a comment."""

    class AnswerForm(FlaskForm):
        comment = TextAreaField("Comment (optional)", validators=[Optional(), Length(max=2000)])

    for key, (label, statement) in DIMENSIONS.items():
        setattr(AnswerForm, key, RadioField(f"{label}: {statement}", choices=SCALE, coerce=_int_or_none,
                                            validators=[InputRequired("Rate this from 1 to 5.")]))
    return AnswerForm


AnswerForm = answer_form_class()


class EmptyForm(FlaskForm):
    pass
