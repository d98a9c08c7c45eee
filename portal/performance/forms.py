from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token and an optional comment."""

    comment = TextAreaField("Comment", validators=[Optional(), Length(max=2000)])


class EvidenceForm(FlaskForm):
    evidence_file = FileField("Evidence file", validators=[FileRequired("Choose a file to upload.")])
    description = StringField("What the file shows", validators=[Optional(), Length(max=300)])


class ImportForm(FlaskForm):
    events_file = FileField("Helpdesk export (CSV)", validators=[FileRequired("Choose the CSV file to import.")])


class ReviewForm(FlaskForm):
    decision = SelectField("Decision", choices=[
        ("accept", "Accept"), ("query", "Query (ask the operator)"), ("reject", "Reject"),
        ("excuse", "Accept the excusing cause"), ("waive", "Waive the deduction"),
    ], validators=[DataRequired()])
    comment = TextAreaField("Comment or reason", validators=[Optional(), Length(max=2000)])
    version = HiddenField()
