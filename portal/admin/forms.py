from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from portal.access import ROLES
from portal.contracts.models import CONTRACT_STATUSES, ORGANISATION_KINDS, SECTORS


class InviteForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])
    is_admin = BooleanField("Make this person an administrator")


class UserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    active = BooleanField("Account active (can sign in)")
    is_admin = BooleanField("Administrator")


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=list(ORGANISATION_KINDS.items()))
    website = URLField("Website", validators=[Optional(), URL(message="Enter a full address, like https://example.org."),
                                              Length(max=300)])
    description = TextAreaField("Description", validators=[Length(max=2000)])


class ContractForm(FlaskForm):
    version = HiddenField()
    code = StringField("Code", validators=[
        DataRequired(), Length(max=12),
        Regexp(r"^[A-Za-z0-9]+$", message="Use letters and digits only, like NSH or M7.")])
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    sector = SelectField("Sector", choices=list(SECTORS.items()))
    location = StringField("Location", validators=[Length(max=200)])
    status = SelectField("Status", choices=list(CONTRACT_STATUSES.items()))
    government_org_id = SelectField("Government body", coerce=int, choices=[],
                                    validators=[InputRequired("Choose the government body.")])
    operator_org_id = SelectField("Operator", coerce=int, choices=[],
                                  validators=[InputRequired("Choose the operator.")])
    start_date = DateField("Start date", validators=[InputRequired("Enter a date, like 2026-04-01.")])
    end_date = DateField("End date", validators=[InputRequired("Enter a date, like 2046-03-31.")])
    currency = StringField("Currency", validators=[
        DataRequired(), Regexp(r"^[A-Za-z]{3}$", message="Use the three-letter ISO code, like EUR or GBP.")])
    monthly_unitary_charge = DecimalField("Monthly unitary charge", places=2, validators=[
        InputRequired("Enter the amount, like 416666.67."), NumberRange(min=0, message="The amount cannot be negative.")])
    point_value = DecimalField("Value of one failure point", places=2, validators=[
        InputRequired("Enter the amount, like 3.00."), NumberRange(min=0, message="The amount cannot be negative.")])
    deduction_cap_percent = DecimalField("Deduction cap (% of the monthly charge)", places=2, validators=[
        InputRequired("Enter a percentage."), NumberRange(min=0, max=100, message="Enter a percentage from 0 to 100.")])
    ack_working_days = IntegerField("Working days to acknowledge feedback", validators=[
        InputRequired("Enter a number of days."), NumberRange(min=0, max=365, message="Enter 0 to 365 days.")])
    response_working_days = IntegerField("Working days to respond to feedback", validators=[
        InputRequired("Enter a number of days."), NumberRange(min=1, max=365, message="Enter 1 to 365 days.")])
    total_value = DecimalField("Total contract value over the term", places=2, validators=[
        InputRequired("Enter the amount, like 1250000000.00."), NumberRange(min=0, message="The amount cannot be negative.")])
    time_zone = StringField("Time zone", validators=[DataRequired(), Length(max=64)])
    country = StringField("Country", validators=[Length(max=2)])
    subdivision = StringField("Region", validators=[Length(max=10)])
    holidays = TextAreaField("The contract's own closures (the clocks stop)", validators=[Length(max=20000)])
    dispute_ladder = TextAreaField("Dispute resolution ladder", validators=[Length(max=5000)])
    public_summary = TextAreaField("Public summary", validators=[Length(max=10000)])
    four_eyes = BooleanField("Four-eyes principle: whoever prepares a report, a payment statement or a "
                             "correction does not approve it", default=True)
    is_published = BooleanField("Published: anyone can see the contract's public page")


class MembershipForm(FlaskForm):
    email = EmailField("E-mail address of the person", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role on this contract", choices=[(key, value["label"]) for key, value in ROLES.items()])
    organisation_id = SelectField("Organisation they represent", coerce=int, choices=[])
