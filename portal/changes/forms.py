"""Forms for variations, contingency events and the contract's time limits. Amounts are text
parsed to Decimal by the services (never floats); months are YYYY-MM."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.changes.models import EVENT_KINDS, VARIATION_KINDS, VARIATION_STATUSES

VISIBILITY_CHOICES = [("partners", "Partners: government, operator and reviewers"),
                      ("community", "Community: every member of the contract"),
                      ("public", "Public: anyone, on the published contract")]
AMOUNT_HINT = "In the contract's currency, e.g. 12500 or 12500.50."


class VariationForm(FlaskForm):
    kind = SelectField("Kind of change", choices=list(VARIATION_KINDS.items()))
    title = StringField("Title", validators=[DataRequired("Give the variation a short title."), Length(max=200)])
    description = TextAreaField("What changes", validators=[DataRequired("Describe the change."), Length(max=5000)])
    reason = TextAreaField("Why", validators=[Optional(), Length(max=5000)])
    clauses = StringField("Clauses affected", validators=[Optional(), Length(max=200)])
    kpi_effect = TextAreaField("Effect on KPIs", validators=[Optional(), Length(max=2000)])
    area_effect = TextAreaField("Effect on areas and services", validators=[Optional(), Length(max=2000)])
    estimated_cost = StringField("Estimated one-off cost (optional)", validators=[Optional(), Length(max=24)])
    estimated_charge_change = StringField("Estimated change to the monthly unitary charge (optional)",
                                          validators=[Optional(), Length(max=24)])
    visibility = SelectField("Who may see it", choices=VISIBILITY_CHOICES, default="partners")


class NoteForm(FlaskForm):
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])
    version = HiddenField()


class EstimateForm(FlaskForm):
    cost = StringField("One-off cost", validators=[Optional(), Length(max=24)])
    charge_change = StringField("Change to the monthly unitary charge (negative for a saving)",
                                validators=[Optional(), Length(max=24)])
    note = TextAreaField("Basis of the estimate", validators=[Optional(), Length(max=5000)])
    documents = MultipleFileField("Estimate documents (PDF, images or spreadsheets)")
    version = HiddenField()


class ApproveForm(FlaskForm):
    effective_month = StringField("Takes effect from (month, YYYY-MM)",
                                  validators=[DataRequired("Give the month, e.g. 2026-12."), Length(max=7)])
    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=5000)])
    version = HiddenField()


class ImplementForm(FlaskForm):
    implemented_on = DateField("Completed on", validators=[InputRequired("Give the completion date.")])
    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=5000)])
    version = HiddenField()


class RegisterFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=[("", "Any status"), ("open", "Open")] + list(VARIATION_STATUSES.items()),
                         default="")


class EventForm(FlaskForm):
    kind = SelectField("Kind of event", choices=list(EVENT_KINDS.items()))
    title = StringField("Title", validators=[DataRequired("Give the event a short title."), Length(max=200)])
    description = TextAreaField("What happened (for a step-in: why)",
                                validators=[DataRequired("Say what happened."), Length(max=5000)])
    clause = StringField("Clause", validators=[Optional(), Length(max=120)])
    started_at = DateTimeLocalField("Started (local time)", format="%Y-%m-%dT%H:%M",
                                    validators=[InputRequired("Give when the event started.")])
    ended_at = DateTimeLocalField("Ended (local time; leave blank while it continues)", format="%Y-%m-%dT%H:%M",
                                  validators=[Optional()])
    services = TextAreaField("Services or areas affected, one per line",
                             validators=[Optional(), Length(max=2000)])
    all_services = BooleanField("It affects all services")
    stepped_in_by = StringField("Who stepped in (step-in only)", validators=[Optional(), Length(max=200)])
    claimed_amount = StringField("Amount claimed (optional)", validators=[Optional(), Length(max=24)])
    visibility = SelectField("Who may see it", choices=VISIBILITY_CHOICES, default="partners")


class RespondForm(FlaskForm):
    decision = RadioField("Response", choices=[("agree", "Agree the event"), ("dispute", "Dispute it")],
                          validators=[DataRequired("Choose whether you agree.")])
    response = TextAreaField("Reasons", validators=[DataRequired("Write the response."), Length(max=5000)])
    agreed_amount = StringField("Compensation agreed (compensation events)", validators=[Optional(), Length(max=24)])
    version = HiddenField()


class EndForm(FlaskForm):
    ended_at = DateTimeLocalField("Ended (local time)", format="%Y-%m-%dT%H:%M",
                                  validators=[InputRequired("Give when the event ended.")])
    version = HiddenField()


class LinkForm(FlaskForm):
    target = SelectField("Record", validators=[DataRequired("Choose a record.")])


class SettingsForm(FlaskForm):
    decide_days = IntegerField("Public authority decides whether to ask for an estimate",
                               validators=[InputRequired(), NumberRange(1, 250)])
    estimate_days = IntegerField("Operator sends its priced estimate", validators=[InputRequired(), NumberRange(1, 250)])
    approve_days = IntegerField("Public authority approves or rejects the estimate",
                                validators=[InputRequired(), NumberRange(1, 250)])
    implement_days = IntegerField("Operator implements an approved variation",
                                  validators=[InputRequired(), NumberRange(1, 250)])
    notice_days = IntegerField("A party notifies a contingency event after it starts",
                               validators=[InputRequired(), NumberRange(1, 250)])
    response_days = IntegerField("The other party responds to a notice", validators=[InputRequired(), NumberRange(1, 250)])
    version = HiddenField()
