from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.reports.models import PERIOD_KINDS
from portal.reports.sections import available_sections


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _section_choices():

    return [(kind.key, kind.title) for kind in available_sections()]


class NewReportForm(FlaskForm):
    period_kind = SelectField("Period", choices=list(PERIOD_KINDS.items()), default="quarter")
    year = IntegerField("Year", validators=[Optional(), NumberRange(2000, 2100)], default=2026)
    quarter = SelectField("Quarter", choices=[("1", "Q1 (Jan-Mar)"), ("2", "Q2 (Apr-Jun)"),
                                              ("3", "Q3 (Jul-Sep)"), ("4", "Q4 (Oct-Dec)")], default="3")
    start = DateField("First day (custom period)", validators=[Optional()])
    end = DateField("Last day (custom period)", validators=[Optional()])
    title = StringField("Title (optional)", validators=[Optional(), Length(max=200)])
    sections = MultiCheckboxField("Sections")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = _section_choices()
        if not self.is_submitted():

            self.sections.data = [kind.key for kind in available_sections() if kind.default]


class EditReportForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    sections = MultiCheckboxField("Sections")
    narrative = TextAreaField("Commentary (Markdown)", validators=[Length(max=50_000)])
    impact_narrative = TextAreaField("Social impact narrative (Markdown)", validators=[Length(max=10_000)])
    methodology = TextAreaField("Methodology note (Markdown)", validators=[Length(max=20_000)])
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = _section_choices()


class WithdrawForm(FlaskForm):
    reason = TextAreaField("Reason (shown publicly)", validators=[DataRequired(), Length(min=10, max=2000)])


class ItemsForm(FlaskForm):
    """The items chosen for one section; the checkboxes (`chosen`, `release`) are read as lists."""

    version = HiddenField()
