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

from portal.performance.models import CATEGORIES, DIRECTIONS


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
    decision = SelectField("Decision", choices=[
        ("accept", "Accept"), ("query", "Query (ask the operator)"), ("reject", "Reject"),
        ("excuse", "Accept the excusing cause"), ("waive", "Waive the deduction"),
    ], validators=[DataRequired()])
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


def _whole(minimum=0, maximum=None, required=True):
    checks = [InputRequired("Enter a whole number.") if required else Optional()]
    checks.append(NumberRange(min=minimum, max=maximum))
    return checks


class TermsForm(FlaskForm):
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


class AreaForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the area a name."), Length(max=120)])
    weighting = DecimalText("Weighting factor", places=6, above_zero=True)
    operating_hours = StringField("Operating hours", validators=[DataRequired("Say when the area operates."),
                                                                 Length(max=120)])
    rectification_hours = DecimalText("Rectification period (hours)", places=6, minimum=Decimal("0"))
    deduction_period_hours = DecimalText("Deduction period (hours)", places=6, above_zero=True)
    version = HiddenField()


class KpiForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Give the KPI a short code such as AV1."), Length(max=20)])
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
        if field.data and not re.fullmatch(r"[A-Za-z0-9_.-]+", field.data.strip()):
            raise ValidationError("Use letters, digits, dots, dashes or underscores only (e.g. AV1).")


class CorrectionForm(FlaskForm):
    reason = TextAreaField("Reason for the correction", validators=[
        DataRequired("Say why the statement is corrected; the reason is kept with the new version."),
        Length(max=2000)])
    revision = HiddenField()
