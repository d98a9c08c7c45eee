"""Forms for obligations, their evidence and its check."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.obligations.models import CATEGORIES, FREQUENCIES, OWERS


class ObligationForm(FlaskForm):
    title = StringField("Obligation", validators=[DataRequired("Name the obligation."), Length(max=200)])
    category = SelectField("Kind", choices=list(CATEGORIES.items()))
    owed_by = RadioField("Who owes it", choices=list(OWERS.items()), default="operator",
                         validators=[DataRequired("Choose who owes it.")])
    clause = StringField("Clause", validators=[Optional(), Length(max=120)])
    frequency = SelectField("How often", choices=list(FREQUENCIES.items()), default="annual")
    first_due_on = DateField("Next due date", validators=[InputRequired("Give the next due date.")])
    evidence_required = TextAreaField("Evidence that discharges it", validators=[Optional(), Length(max=2000)])
    condition_required = TextAreaField("Asset condition required at expiry (handback)",
                                       validators=[Optional(), Length(max=2000)])
    active = BooleanField("Active: further due dates are scheduled", default=True)
    version = HiddenField()


class EvidenceForm(FlaskForm):
    files = MultipleFileField("Evidence file (PDF, image or spreadsheet)")
    description = StringField("What the file shows", validators=[Optional(), Length(max=300)])
    version = HiddenField()


class CheckForm(FlaskForm):
    decision = RadioField("Decision", choices=[("accept", "Accept: the obligation is met"),
                                               ("return", "Return: evidence missing or wrong")],
                          validators=[DataRequired("Choose accept or return.")])
    comment = TextAreaField("Comment", validators=[Optional(), Length(max=2000)])
    version = HiddenField()
