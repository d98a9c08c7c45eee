"""Forms for raising and working a dispute, and for the contract's ladder."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from portal.disputes.models import OUTCOMES

MONTH = Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message="Give the month as YYYY-MM, for example 2026-03.")


def to_minor(amount: Decimal | None) -> int | None:
    """An amount in the contract's currency as integer minor units (cents, pence)."""
    if amount is None:
        return None
    return int((Decimal(amount) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def month_of(text: str | None) -> date | None:
    return date.fromisoformat(f"{text}-01") if text else None


class DisputeForm(FlaskForm):
    clause = StringField("Clause of the contract", validators=[DataRequired("Name the clause."), Length(max=120)])
    subject = StringField("Subject", validators=[DataRequired("Say what the dispute is about."), Length(max=200)])
    description = TextAreaField("The disagreement", validators=[Optional(), Length(max=20_000)])
    amount = DecimalField("Amount in dispute (optional)", places=2,
                          validators=[Optional(), NumberRange(min=0, message="Give a positive amount.")])
    disputed_month = StringField("Disputed payment month (optional)", validators=[Optional(), MONTH])
    disputed_reference = StringField("Statement line or deduction disputed (optional)",
                                     validators=[Optional(), Length(max=120)])
    payment_ref_id = SelectField("Payment statement", coerce=lambda v: int(v) if v else 0, default=0)
    link = HiddenField()


class StageForm(FlaskForm):
    stage = SelectField("Move to stage")
    note = TextAreaField("Why (for the record)", validators=[Optional(), Length(max=5000)])
    version = HiddenField()


class SubmissionForm(FlaskForm):
    body = TextAreaField("Submission", validators=[Optional(), Length(max=20_000)])
    files = MultipleFileField("Documents (PDF or images, up to 10 MB each)")


class PositionForm(FlaskForm):
    body = TextAreaField("Position", validators=[Optional(), Length(max=20_000)])
    version = HiddenField()


class CloseForm(FlaskForm):
    outcome = SelectField("Outcome", choices=[("", "Choose the outcome"), *OUTCOMES.items()],
                          validators=[DataRequired("Choose the outcome.")])
    amount = DecimalField("Amount settled or determined", places=2,
                          validators=[Optional(), NumberRange(min=0, message="Give a positive amount.")])
    reasons = TextAreaField("Reasons", validators=[DataRequired("Give the reasons."), Length(max=20_000)])
    version = HiddenField()


class PublishForm(FlaskForm):
    publish = BooleanField("Publish the outcome on the contract's public page")
    version = HiddenField()


class LadderForm(FlaskForm):
    ladder = TextAreaField("Stages in order, one per line: “Stage name: working days”",
                           validators=[DataRequired("Give at least one stage."), Length(max=4000)])
    version = HiddenField()


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=[("open", "Open"), ("closed", "Closed"), ("", "Any")], default="open")
    stage = SelectField("Stage", default="")
    overdue = BooleanField("Overdue stages only")
