from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length

from portal.access import ROLES


class AddMemberForm(FlaskForm):
    email = EmailField("E-mail address of the person", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role on this contract", choices=[(key, value["label"]) for key, value in ROLES.items()])
    organisation_id = SelectField("Organisation they represent", coerce=int, choices=[])
