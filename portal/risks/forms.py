"""Forms of the risk register and the objectives."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.access import OBJECTIVE_VISIBILITIES, VISIBILITY_LABELS
from portal.risks import scoring
from portal.risks.models import ALLOCATIONS, CATEGORIES, KINDS, PARTIES, RESPONSES

LIKELIHOOD_CHOICES = [(k, f"{k} {v}") for k, v in scoring.LIKELIHOODS.items()]
IMPACT_CHOICES = [(k, f"{k} {v}") for k, v in scoring.IMPACTS.items()]
RISK_VISIBILITY_CHOICES = [("government", VISIBILITY_LABELS["government"]),
                           ("partners", VISIBILITY_LABELS["partners"])]


def _rating(label: str, choices) -> SelectField:
    return SelectField(label, coerce=int, choices=choices, default=3,
                       validators=[DataRequired("Rate it from 1 to 5.")])


class RiskForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the risk a title."), Length(max=200)])
    kind = RadioField("Kind", choices=list(KINDS.items()), default="threat",
                      validators=[DataRequired("Say whether this is a threat or an opportunity.")])
    category = SelectField("Category", choices=list(CATEGORIES.items()))
    description = TextAreaField("Description: cause, event and consequence", validators=[Length(max=5000)])
    allocation = SelectField("Allocation under the contract", choices=list(ALLOCATIONS.items()))
    owner_party = SelectField("Owning party", choices=list(PARTIES.items()))
    owner_id = SelectField("Owner", coerce=int)
    inherent_likelihood = _rating("Inherent likelihood", LIKELIHOOD_CHOICES)
    inherent_impact = _rating("Inherent impact", IMPACT_CHOICES)
    residual_likelihood = _rating("Residual likelihood", LIKELIHOOD_CHOICES)
    residual_impact = _rating("Residual impact", IMPACT_CHOICES)
    response = SelectField("Response", choices=list(RESPONSES.items()))
    controls = TextAreaField("Controls and treatment", validators=[Length(max=5000)])
    objective_ids = SelectMultipleField("Objectives it bears on", coerce=int, validate_choice=False)
    visibility = SelectField("Who sees it", choices=RISK_VISIBILITY_CHOICES, default="government")
    version = HiddenField()


class ReviewForm(FlaskForm):
    likelihood = _rating("Residual likelihood now", LIKELIHOOD_CHOICES)
    impact = _rating("Residual impact now", IMPACT_CHOICES)
    reviewed_on = DateField("Reviewed on", validators=[DataRequired("Give the date of the review.")])
    note = TextAreaField("What changed, and what is being done", validators=[Length(max=5000)])
    version = HiddenField()


class CloseForm(FlaskForm):
    reason = TextAreaField("Why is it closed?", validators=[DataRequired(
        "Say why the risk is closed (it passed, it was transferred, it materialised...)."), Length(max=2000)])
    version = HiddenField()


class ReopenForm(FlaskForm):
    version = HiddenField()


class LinkForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired("Choose what to link.")])
    ref_id = SelectField("Record", coerce=int, validate_choice=False,
                         validators=[DataRequired("Choose a record to link.")])


class UnlinkForm(FlaskForm):
    pass


def link_forms(choices: dict, failed: LinkForm | None = None) -> dict:
    """One link form per kind of record on offer; `failed` is the posted form, shown again."""
    forms = {}
    for kind, options in choices.items():
        form = failed if failed is not None and failed.kind.data == kind else LinkForm(formdata=None, kind=kind)
        form.ref_id.choices = [(0, "Choose…")] + options
        forms[kind] = form
    return forms


class ImportForm(FlaskForm):
    register_file = FileField("Register file (.xlsx or .csv)",
                              validators=[FileRequired("Choose the workbook to import.")])


class ObjectiveForm(FlaskForm):
    title = StringField("Objective", validators=[DataRequired("Give the objective a title."), Length(max=200)])
    description = TextAreaField("What it means and how it is measured", validators=[Length(max=5000)])
    visibility = SelectField("Who sees it", choices=[(v, VISIBILITY_LABELS[v]) for v in OBJECTIVE_VISIBILITIES],
                             default="partners")
    active = BooleanField("Current objective", default=True)
    version = HiddenField()


class FilterForm(FlaskForm):
    """The register's filters, read from the query string (GET: no CSRF)."""

    class Meta:
        csrf = False

    kind = SelectField("Kind", choices=[("", "Threats and opportunities"), *KINDS.items()], default="")
    category = SelectField("Category", choices=[("", "Any category"), *CATEGORIES.items()], default="")
    allocation = SelectField("Allocation", choices=[("", "Any allocation"), *ALLOCATIONS.items()], default="")
    band = SelectField("Residual band", choices=[("", "Any band"), *[(b, scoring.BAND_LABELS[b])
                                                                     for b in reversed(scoring.BANDS)]],
                       default="")
    status = SelectField("Status", choices=[("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")],
                         default="open")
    objective = SelectField("Objective", coerce=int, default=0, validate_choice=False)
    overdue = BooleanField("Review overdue")
    sort = SelectField("Sort by", choices=[("residual", "Residual score"), ("inherent", "Inherent score"),
                                           ("next_review", "Next review"), ("reference", "Reference"),
                                           ("title", "Title"), ("category", "Category")], default="residual")
    direction = SelectField("Order", choices=[("desc", "Highest or latest first"),
                                              ("asc", "Lowest or earliest first")], default="desc")
    basis = HiddenField()
    likelihood = IntegerField(validators=[Optional(), NumberRange(1, 5)])
    impact = IntegerField(validators=[Optional(), NumberRange(1, 5)])
