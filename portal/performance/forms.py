"""The performance forms, and how the framework forms are laid out (groups and hints)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.performance.framework import KPI_FIELDS, parse_bands, parse_repetition
from portal.performance.models import CATEGORIES, DIRECTIONS

DECISION_CHOICES = [
    ("accept", "Accept"), ("query", "Query (ask the operator)"), ("reject", "Reject"),
    ("excuse", "Accept the excusing cause"), ("waive", "Waive the deduction"),
]


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token and an optional comment."""

    comment = TextAreaField("Comment", validators=[Optional(), Length(max=2000)])


class EvidenceForm(FlaskForm):
    evidence_file = FileField("Evidence file", validators=[FileRequired("Choose a file to upload.")])
    description = StringField("What the file shows", validators=[Optional(), Length(max=300)])


class ImportForm(FlaskForm):
    events_file = FileField("Helpdesk export (CSV or XLSX)",
                            validators=[FileRequired("Choose the CSV or XLSX file to import.")])


class ReviewForm(FlaskForm):
    decision = SelectField("Decision", choices=DECISION_CHOICES, validators=[DataRequired()])
    comment = TextAreaField("Comment or reason", validators=[Optional(), Length(max=2000)])
    version = HiddenField()


# ---- the framework (government side) -------------------------------------------------------

FREQUENCIES = [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("annual", "Annual")]


class DecimalText(StringField):
    """A number typed as text (“1,250,000.50”); `.data` keeps what was typed, `.decimal` the value.

    Never a float: the text is read straight into a Decimal, with at most `places` decimals."""

    def __init__(self, label=None, validators=None, places=6, minimum=None, maximum=None, required=True,
                 above_zero=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places, self.minimum, self.maximum = places, minimum, maximum
        self.required, self.above_zero = required, above_zero
        self.decimal = None

    def pre_validate(self, form):
        self.decimal = None
        text = (self.data or "").strip().replace(",", "").replace(" ", "")
        if not text:
            if self.required:
                raise ValidationError("Enter a number.")
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"“{self.data}” is not a number; type digits, with a point for "
                                  "decimals (e.g. 1250.50).") from None
        if not value.is_finite():
            raise ValidationError(f"“{self.data}” is not a number.")
        if -value.as_tuple().exponent > self.places:
            raise ValidationError(f"Use at most {self.places} decimal places." if self.places else
                                  "Use a whole number.")
        if self.above_zero and value <= 0:
            raise ValidationError("Must be above zero.")
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(f"Must be at least {self.minimum}.")
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(f"Must be at most {self.maximum}.")
        self.decimal = value


def _stripped(text):
    return text.strip() if isinstance(text, str) else text


def _upper(text):
    return text.upper() if isinstance(text, str) else text


def _whole(minimum=0, maximum=None, required=True):
    checks = [InputRequired("Enter a whole number.") if required else Optional()]
    checks.append(NumberRange(min=minimum, max=maximum))
    return checks


# ---- how the framework forms are laid out ---------------------------------------------------

TERMS_GROUPS = [
    ("Charge and rates", ["effective_from", "annual_unitary_charge", "area_rate", "calibration_factor",
                          "used_factor", "repetition"]),
    ("Performance points", ["points_threshold", "point_value", "bands", "cap_percent"]),
    ("Thresholds and deadline", ["warning_points", "default_points", "rolling_months", "submission_deadline_days"]),
]
TERMS_HINTS = {
    "effective_from": "The first day of a month. A period is assessed against the terms in force on its first day; "
                      "months already approved keep the terms they were assessed against.",
    "annual_unitary_charge": "As a decimal amount, e.g. 5000000.00. The monthly charge is a twelfth of it.",
    "area_rate": "Leave empty to derive it: annual charge ÷ Σ(weighting × deduction periods a year) × calibration.",
    "calibration_factor": "Applied when the area rate is derived; 1 leaves it unchanged.",
    "used_factor": "Share of the deduction charged while an unavailable area is still used, e.g. 0.5.",
    "repetition": "One line each: failures of the same criterion in a month, then the multiplier from the next "
                  "failure on. “4 × 1.5” and “8 × 2” mean the 5th failure costs 1.5 times, the 9th twice.",
    "points_threshold": "Points up to the threshold cost nothing.",
    "point_value": "Price of one point above the threshold, as a decimal amount.",
    "bands": "One band a line: first and last point, then the multiplier; leave the last band open. "
             "E.g. “21-100 × 1.0”, “101-200 × 1.2”, “201- × 1.5”.",
    "cap_percent": "Total deductions never exceed this share of the monthly charge. Empty: no cap.",
    "warning_points": "Rolling points at which a warning notice is flagged.",
    "default_points": "Rolling points at which the contract is in default; above the warning threshold.",
    "submission_deadline_days": "The operator submits a month within this many days after it ends.",
}
AREA_GROUPS = [("Functional area", ["name", "weighting", "operating_hours", "rectification_hours",
                                    "deduction_period_hours"])]
AREA_HINTS = {
    "weighting": "Relative importance of the area in the availability deduction, e.g. 30.",
    "operating_hours": "When the area must be available, e.g. “07:00–20:00, Monday to Friday”.",
    "rectification_hours": "Time allowed to fix a failure before deductions start.",
    "deduction_period_hours": "Each deduction period, or part of one, after the rectification period is charged.",
}
KPI_GROUPS = [
    ("The indicator", ["code", "name", "description", "category", "objective", "position"]),
    ("Target and measurement", ["unit", "target", "direction", "frequency", "measurement_method",
                                "evidence_expected", "failure_points"]),
    ("Publication", ["public"]),
]
KPI_HINTS = {
    "code": "Short and unique in the contract, e.g. AV1; used in the helpdesk import.",
    "objective": "The contract or policy objective this KPI serves.",
    "target": "A number in the unit above, e.g. 99.5.",
    "failure_points": "Service failure points counted each month the target is missed.",
    "position": "KPIs are listed by this number, then by code.",
    "public": "Decided by an official: the monthly results of a public KPI appear on the public contract page. "
              "Evidence files are never public.",
}


class TermsForm(FlaskForm):
    groups, hints = TERMS_GROUPS, TERMS_HINTS
    effective_from = DateField("Effective from", validators=[InputRequired("Enter the first day of a month.")])
    annual_unitary_charge = DecimalText("Annual unitary charge", places=2, minimum=Decimal("0"))
    area_rate = DecimalText("Area rate (per weighting point and deduction period)", places=6, required=False,
                            minimum=Decimal("0"))
    calibration_factor = DecimalText("Calibration factor", places=6, above_zero=True)
    used_factor = DecimalText("Unavailable-but-used factor", places=6, minimum=Decimal("0"), maximum=Decimal("1"))
    repetition = TextAreaField("Repetition ratchets", validators=[Optional(), Length(max=500)])
    points_threshold = IntegerField("Points threshold", validators=_whole(0, 100000))
    point_value = DecimalText("Point value", places=2, minimum=Decimal("0"))
    bands = TextAreaField("Bands above the threshold", validators=[Optional(), Length(max=500)])
    cap_percent = DecimalText("Deduction cap (% of the monthly charge)", places=2, required=False,
                              minimum=Decimal("0"), maximum=Decimal("100"))
    warning_points = IntegerField("Warning threshold (rolling points)", validators=_whole(1, 1000000, False))
    default_points = IntegerField("Default threshold (rolling points)", validators=_whole(1, 1000000, False))
    rolling_months = IntegerField("Rolling window (months)", validators=_whole(1, 36))
    submission_deadline_days = IntegerField("Submission deadline (days after the month ends)",
                                            validators=_whole(1, 60))
    version = HiddenField()

    def in_currency(self, currency: str) -> TermsForm:
        """Name the contract's currency beside the amounts."""
        for name in ("annual_unitary_charge", "point_value"):
            getattr(self, name).label.text += f" ({currency})"
        return self

    def values(self) -> dict:
        """The terms as framework.save_terms takes them; the lists are parsed (FieldError if wrong)."""
        values = {"effective_from": self.effective_from.data}
        for name in ("annual_unitary_charge", "area_rate", "calibration_factor", "used_factor", "point_value",
                     "cap_percent"):
            values[name] = getattr(self, name).decimal
        for name in ("points_threshold", "warning_points", "default_points", "rolling_months",
                     "submission_deadline_days"):
            values[name] = getattr(self, name).data
        values["repetition"] = parse_repetition(self.repetition.data)
        values["bands"] = parse_bands(self.bands.data, self.points_threshold.data)
        return values


class AreaForm(FlaskForm):
    groups, hints = AREA_GROUPS, AREA_HINTS
    name = StringField("Name", validators=[DataRequired("Give the area a name."), Length(max=120)],
                       filters=[_stripped])
    weighting = DecimalText("Weighting factor", places=6, above_zero=True)
    operating_hours = StringField("Operating hours", validators=[DataRequired("Say when the area operates."),
                                                                 Length(max=120)])
    rectification_hours = DecimalText("Rectification period (hours)", places=6, minimum=Decimal("0"))
    deduction_period_hours = DecimalText("Deduction period (hours)", places=6, above_zero=True)
    version = HiddenField()

    def values(self) -> dict:
        return {"name": self.name.data, "weighting": self.weighting.decimal,
                "operating_hours": self.operating_hours.data,
                "rectification_hours": self.rectification_hours.decimal,
                "deduction_period_hours": self.deduction_period_hours.decimal}


class KpiForm(FlaskForm):
    groups, hints = KPI_GROUPS, KPI_HINTS
    code = StringField("Code", validators=[DataRequired("Give the KPI a short code such as AV1."), Length(max=20)],
                       filters=[_stripped, _upper])
    name = StringField("Name", validators=[DataRequired("Give the KPI a name."), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=4000)])
    unit = StringField("Unit", validators=[DataRequired("Give the unit, e.g. % or minutes."), Length(max=40)])
    target = DecimalText("Target", places=6)
    direction = SelectField("Direction", choices=list(DIRECTIONS.items()))
    category = SelectField("Category", choices=list(CATEGORIES.items()))
    frequency = SelectField("Measurement frequency", choices=FREQUENCIES)
    measurement_method = TextAreaField("Measurement method", validators=[Optional(), Length(max=4000)])
    evidence_expected = TextAreaField("Evidence expected", validators=[Optional(), Length(max=4000)])
    objective = StringField("Linked objective", validators=[Optional(), Length(max=300)])
    failure_points = IntegerField("Service failure points", validators=_whole(0, 10000))
    position = IntegerField("Position in lists", validators=_whole(0, 1000))
    public = BooleanField("Publish this KPI's results to the public")
    version = HiddenField()

    def validate_code(self, field):
        if field.data and not re.fullmatch(r"[A-Za-z0-9_.-]+", field.data):
            raise ValidationError("Use letters, digits, dots, dashes or underscores only (e.g. AV1).")

    def values(self) -> dict:
        values = {name: getattr(self, name).data for name in KPI_FIELDS}
        values["target"] = self.target.decimal
        for name in ("description", "measurement_method", "evidence_expected", "objective"):
            values[name] = (values[name] or "").strip()
        return values


class CorrectionForm(FlaskForm):
    reason = TextAreaField("Reason for the correction", validators=[
        DataRequired("Say why the statement is corrected; the reason is kept with the new version."),
        Length(max=2000)])
    revision = HiddenField()

