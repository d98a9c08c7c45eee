"""Forms for giving, registering, handling and moderating feedback."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from portal.feedback.models import CHANNELS, KINDS, PARTIES, STATUSES


class FeedbackForm(FlaskForm):
    kind = RadioField("What kind of feedback is this?", choices=list(KINDS.items()), default="complaint",
                      validators=[DataRequired("Choose what kind of feedback this is.")])
    category = SelectField("Category", coerce=int, validators=[DataRequired("Choose a category.")])
    text = TextAreaField("Your feedback", validators=[DataRequired("Tell us what happened."), Length(max=5000)])
    place = StringField("Where (optional)", validators=[Optional(), Length(max=200)])
    latitude = DecimalField("Latitude (optional)", places=6, validators=[Optional(), NumberRange(-90, 90)])
    longitude = DecimalField("Longitude (optional)", places=6, validators=[Optional(), NumberRange(-180, 180)])
    attachments = MultipleFileField("Photos or documents (optional)")
    name = StringField("Your name (optional)", validators=[Optional(), Length(max=120)])
    email = EmailField("Your e-mail address (optional)",
                       validators=[Optional(), Email("Enter an e-mail address like name@example.com."),
                                   Length(max=254)])
    show_name = BooleanField("Show my name on the public board")
    sensitive = BooleanField("This is sensitive (harassment, abuse, or the safety of a person)")
    # Honeypot: hidden from people by CSS and from assistive technology; robots fill it in.
    website = StringField("Leave this field empty", validators=[Optional()])


class RegisterFeedbackForm(FeedbackForm):
    channel = SelectField("Received by", choices=[(k, v) for k, v in CHANNELS.items() if k != "web"],
                          default="phone")
    show_name = BooleanField("The person agreed to be named on the public board")
    sensitive = BooleanField("Sensitive (harassment, abuse, or the safety of a person)")


class TextForm(FlaskForm):
    body = TextAreaField("Text", validators=[DataRequired("Write something first."), Length(max=5000)])
    version = HiddenField()


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", coerce=int)
    version = HiddenField()


class ModerateForm(FlaskForm):
    public_text = TextAreaField("Text for the public board (remove names, phone numbers, addresses)",
                                validators=[DataRequired("Write the text to publish."), Length(max=5000)])
    public_response = TextAreaField("Response for the public board", validators=[Optional(), Length(max=5000)])
    version = HiddenField()


class HideForm(FlaskForm):
    reason = StringField("Reason shown on the public board",
                         validators=[DataRequired("Give the reason."), Length(max=300)])
    version = HiddenField()


class TrackForm(FlaskForm):
    """The submitter's actions on the tracking page: reply, rate, appeal."""

    action = HiddenField()
    body = TextAreaField("Your answer", validators=[Optional(), Length(max=5000)])
    satisfied = RadioField("Does this response resolve your concern?",
                           choices=[("yes", "Yes, I am satisfied"), ("no", "No, I am not satisfied")],
                           validators=[Optional()])
    comment = TextAreaField("Comment (optional)", validators=[Optional(), Length(max=2000)])


class ReportForm(FlaskForm):
    reason = TextAreaField("Why is this abusive or wrong?", validators=[Optional(), Length(max=1000)])


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=[("", "Any status"), ("open", "Open")] + list(STATUSES.items()),
                         default="")
    kind = SelectField("Kind", choices=[("", "Any kind")] + list(KINDS.items()), default="")
    category = SelectField("Category", coerce=lambda v: int(v) if v else 0, default=0)
    assigned = SelectField("Assigned", choices=[("", "Anyone"), ("me", "Assigned to me"), ("none", "Unassigned")],
                           default="")
    overdue = BooleanField("Overdue only")


class CategoryForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the category a name."), Length(max=80)])
    routed_to = RadioField("Who answers feedback in this category", choices=list(PARTIES.items()),
                           default="operator", validators=[DataRequired("Choose who answers this category.")])
    active = BooleanField("Active: offered to people giving feedback", default=True)
    version = HiddenField()


class TemplateForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the template a title."), Length(max=120)])
    body = TextAreaField("Text", validators=[DataRequired("Write the text of the template."), Length(max=5000)])
    version = HiddenField()


class DeleteForm(FlaskForm):
    version = HiddenField()
