"""Feedback settings pages: a contract's categories (the public contract manager) and response
templates (government officers).

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from flask import request, url_for
from flask_login import login_required

from portal.contracts.models import Contract
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.feedback import settings
from portal.feedback.errors import FeedbackError
from portal.feedback.forms import CategoryForm, DeleteForm, TemplateForm
from portal.feedback.models import FeedbackCategory, ResponseTemplate
from portal.web import done, invalid, not_modified_since, record_of, render, save_form

STALE_DELETE = ("This template changed since you opened it; it was not deleted. "
                "Check the current text below, then delete it again if you still want to.")


def _settings_url(contract: Contract, heading: str) -> str:
    return url_for("feedback.settings", code=contract.code) + f"#{heading}"


def _settings_page(contract: Contract, status: int = 200, *, category_form=None, template_form=None):
    return render("feedback/settings.html", status=status, contract=contract,
                  configured=settings.is_configured(contract),
                  categories=settings.categories(contract, active_only=False),
                  usage=settings.category_usage(contract), templates=settings.response_templates(contract),
                  category_form=category_form or CategoryForm(formdata=None),
                  template_form=template_form or TemplateForm(formdata=None))


@login_required
def show_settings(code):
    return _settings_page(member_contract(code, "feedback.moderate"))


@login_required
def save_defaults(code):
    """Save the default categories and templates a contract starts from, to edit them."""
    contract = member_contract(code, "feedback.moderate")
    settings.ensure_defaults(contract)
    db.session.commit()
    return done(_settings_url(contract, "categories-heading"), "The default categories and templates are saved.")


# ---- categories ----------------------------------------------------------------------------


@login_required
def add_category(code):
    contract = member_contract(code, "feedback.configure")
    form = CategoryForm()
    added: list[FeedbackCategory] = []
    if not save_form(form, lambda: added.append(settings.add_category(contract, form.name.data, form.routed_to.data)),
                     FeedbackError):
        return _settings_page(contract, 422, category_form=form)
    db.session.commit()
    return done(_settings_url(contract, "categories-heading"), f"Category “{added[0].name}” added.")


@login_required
def edit_category(code, category_id):
    contract = member_contract(code, "feedback.configure")
    category = record_of(contract, FeedbackCategory, category_id)
    page = dict(contract=contract, category=category, usage=settings.category_usage(contract).get(category.id, 0))
    if request.method == "GET":
        return render("feedback/category.html", form=CategoryForm(formdata=None, obj=category), **page)
    form = CategoryForm()
    if not save_form(form, lambda: settings.update_category(category, form.name.data, form.routed_to.data,
                                                            form.active.data),
                     FeedbackError, record=category, what="category"):
        return invalid("feedback/category.html", form=form, **page)
    db.session.commit()
    return done(_settings_url(contract, "categories-heading"), f"Category “{category.name}” saved.")


# ---- response templates --------------------------------------------------------------------


@login_required
def add_template(code):
    contract = member_contract(code, "feedback.moderate")
    form = TemplateForm()
    added: list[ResponseTemplate] = []
    if not save_form(form, lambda: added.append(settings.add_template(contract, form.title.data, form.body.data)),
                     FeedbackError):
        return _settings_page(contract, 422, template_form=form)
    db.session.commit()
    return done(_settings_url(contract, "templates-heading"), f"Template “{added[0].title}” added.")


@login_required
def edit_template(code, template_id):
    contract = member_contract(code, "feedback.moderate")
    template = record_of(contract, ResponseTemplate, template_id)
    page = dict(contract=contract, item=template, delete_form=DeleteForm(formdata=None, version=template.version))
    if request.method == "GET":
        return render("feedback/template.html", form=TemplateForm(formdata=None, obj=template), **page)
    form = TemplateForm()
    if not save_form(form, lambda: settings.update_template(template, form.title.data, form.body.data),
                     FeedbackError, record=template, what="template"):
        return invalid("feedback/template.html", form=form, **page)
    db.session.commit()
    return done(_settings_url(contract, "templates-heading"), f"Template “{template.title}” saved.")


@login_required
def delete_template(code, template_id):
    contract = member_contract(code, "feedback.moderate")
    template = record_of(contract, ResponseTemplate, template_id)
    form = DeleteForm()
    if not form.validate() or not not_modified_since(template, form.version.data):
        edit = TemplateForm(formdata=None, obj=template)
        edit.form_errors.append(STALE_DELETE)
        return invalid("feedback/template.html", contract=contract, item=template, form=edit,
                       delete_form=DeleteForm(formdata=None, version=template.version))
    title = template.title
    settings.delete_template(template)
    db.session.commit()
    return done(_settings_url(contract, "templates-heading"), f"Template “{title}” deleted.")
