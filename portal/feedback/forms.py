"""Forms for giving, registering, handling and moderating feedback, with their choices and the
values they start from."""

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

from portal.feedback.handling import QueueFilters
from portal.feedback.intake import Submission
from portal.feedback.models import CHANNELS, KINDS, PARTIES, STATUSES, Feedback

HONEYPOT_FILLED = ("We could not accept this submission. If you are a person, leave the last field empty "
                   "and send it again.")


class FeedbackForm(FlaskForm):
    kind = RadioField("What kind of feedback is this?", choices=list(KINDS.items()), default="complaint",
                      validators=[DataRequired("Choose what kind of feedback this is.")])
    # Choices: settings.category_choices(contract), as (key, name); the key of a default category
    # not saved yet is resolved (and the defaults saved) by settings.chosen_category on POST.
    category = SelectField("Category", validators=[DataRequired("Choose a category.")])
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

    def offer(self, choices: list[tuple[str, str]]) -> FeedbackForm:
        self.category.choices = [("", "Choose a category"), *choices]
        return self

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.website.data:  # a robot: say so above the form, whatever else is wrong
            self.form_errors.append(HONEYPOT_FILLED)
            return False
        return valid

    def channel_received(self) -> str:
        return "web"

    def submission(self, category) -> Submission:
        return Submission(
            kind=self.kind.data, category=category, text=self.text.data or "", place=self.place.data or "",
            latitude=self.latitude.data, longitude=self.longitude.data, name=self.name.data or "",
            email=self.email.data or "", show_name=self.show_name.data, sensitive=self.sensitive.data,
            channel=self.channel_received())


class RegisterFeedbackForm(FeedbackForm):
    channel = SelectField("Received by", choices=[(k, v) for k, v in CHANNELS.items() if k != "web"],
                          default="phone")
    show_name = BooleanField("The person agreed to be named on the public board")
    sensitive = BooleanField("Sensitive (harassment, abuse, or the safety of a person)")

    def channel_received(self) -> str:
        return self.channel.data


class TextForm(FlaskForm):
    body = TextAreaField("Text", validators=[DataRequired("Write something first."), Length(max=5000)])
    version = HiddenField()


# Each text form on the record page says what its text is.
class ResponseForm(TextForm):
    body = TextAreaField("Response", validators=[DataRequired("Write something first."), Length(max=5000)])


class QuestionForm(TextForm):
    body = TextAreaField("Question", validators=[DataRequired("Write something first."), Length(max=5000)])


class NoteForm(TextForm):
    body = TextAreaField("Note", validators=[DataRequired("Write something first."), Length(max=5000)])


class CloseForm(TextForm):
    body = TextAreaField("Closing message", validators=[DataRequired("Write something first."), Length(max=5000)])


class AppealDecisionForm(TextForm):
    body = TextAreaField("Decision on the appeal",
                         validators=[DataRequired("Write something first."), Length(max=5000)])


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", coerce=int)
    version = HiddenField()

    def offer(self, members) -> AssignForm:
        self.assignee.choices = [(0, "Nobody"), *((u.id, u.name) for u in members)]
        return self


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

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.action.data == "rate" and self.satisfied.data not in ("yes", "no"):
            self.satisfied.errors = [*self.satisfied.errors, "Say whether you are satisfied."]
            return False
        return valid


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

    def offer(self, categories) -> QueueFilterForm:
        self.category.choices = [(0, "Any category"), *((c.id, c.name) for c in categories if c.id is not None)]
        return self

    def filters(self) -> QueueFilters:
        """The filters asked for; a choice that is not offered counts as no filter."""
        self.validate()
        category = self.category.data if not self.category.errors else None
        return QueueFilters(status=self.status.data or "", kind=self.kind.data or "", category_id=category or None,
                            overdue=bool(self.overdue.data), assigned=self.assigned.data or "")


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


# The record page's forms, by the name of the action each posts to.
RECORD_FORMS = {"respond": ResponseForm, "question": QuestionForm, "note": NoteForm, "close": CloseForm,
                "appeal": AppealDecisionForm, "assign": AssignForm, "moderate": ModerateForm, "hide": HideForm}


def record_forms(feedback: Feedback, assignees, *, posted: dict | None = None,
                 template_text: str | None = None) -> dict:
    """Every form of the record page, as `<name>_form`: the one `posted` back (with its errors)
    as it came, the others empty at the record's version, or with what they start from: the
    assignee, the text to publish (the original until moderated), a response template's text."""
    posted = posted or {}
    forms = {name: posted.get(name) or form_class(formdata=None, version=feedback.version)
             for name, form_class in RECORD_FORMS.items()}
    forms["assign"].offer(assignees)
    if "assign" not in posted:
        forms["assign"].assignee.data = feedback.assignee_id or 0
    if "respond" not in posted and template_text:
        forms["respond"].body.data = template_text
    if "moderate" not in posted:
        forms["moderate"].public_text.data = feedback.public_text or feedback.text
        forms["moderate"].public_response.data = feedback.public_response or feedback.response
    return {f"{name}_form": form for name, form in forms.items()}
