from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from portal.auth.models import EMAIL_PREFERENCES


class LoginForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])


class RegisterForm(FlaskForm):
    """Name and address only: the password is chosen from the link mailed to the address."""

    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])


class PreferencesForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email_preference = RadioField("E-mail me about notifications", choices=list(EMAIL_PREFERENCES.items()),
                                  validators=[DataRequired("Choose one of the e-mail options.")])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(), EqualTo("password", "The two passwords differ.")])


class ResetRequestForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(), EqualTo("password", "The two passwords differ.")])


class TwoFactorCodeForm(FlaskForm):
    code = StringField("Code from your authenticator app, or a recovery code",
                       validators=[DataRequired("Enter the code."), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"})


class EnrolForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired("Enter your password.")],
                             render_kw={"autocomplete": "current-password"})
    code = StringField("The 6-digit code your app shows now",
                       validators=[DataRequired("Enter the code from your app."), Length(max=12)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired("Enter your password.")])
