"""The performance framework (government side): payment terms versions, functional areas, KPIs.

Everyone who follows the contract's performance reads it; the public manager changes it."""

from __future__ import annotations

from flask import request, url_for

from portal import clock
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.performance import framework, queries
from portal.performance.errors import PerformanceError
from portal.performance.forms import AreaForm, KpiForm, TermsForm
from portal.performance.models import FunctionalArea, Kpi, PaymentTerms
from portal.performance.views.loaders import READ, record_for
from portal.web import done, invalid, render, save_form

MANAGE = "kpi.manage"


def framework_index(code):
    contract = member_contract(code, READ)
    versions = queries.terms_versions(contract)
    return render("performance/framework.html", contract=contract, versions=versions,
                  used={t.id: queries.settled_months_under(t) for t in versions},
                  standing=framework.terms_standing(versions, queries.terms_for(contract, clock.today())),
                  areas=queries.areas_of(contract), kpis=queries.kpis_of(contract),
                  last_settled=queries.last_settled_month(contract))


def new_terms(code):
    contract = member_contract(code, MANAGE)
    form = TermsForm(data=_on_get(framework.terms_defaults, contract)).in_currency(contract.currency)
    if _saved(form, lambda: framework.save_terms(contract, None, form.values())):
        return _to_framework(contract, f"Payment terms from {form.effective_from.data:%d %B %Y} saved.")
    return _form_page(contract, form, "New payment terms version")


def edit_terms(code, terms_id):
    contract = member_contract(code, MANAGE)
    terms = record_for(contract, PaymentTerms, terms_id, MANAGE)
    title = f"Payment terms from {terms.effective_from:%d %B %Y}"
    used = queries.settled_months_under(terms)
    if used:  # terms a settled period was assessed against are shown, never edited
        return render("performance/framework_form.html", contract=contract, form=None, title=title, used=used,
                      terms=terms)
    form = TermsForm(data=_on_get(framework.terms_form_data, terms)).in_currency(contract.currency)
    if _saved(form, lambda: framework.save_terms(contract, terms, form.values()), terms, "payment terms version"):
        return _to_framework(contract, f"Payment terms from {form.effective_from.data:%d %B %Y} saved.")
    return _form_page(contract, form, title, terms=terms)


def edit_area(code, area_id=None):
    contract = member_contract(code, MANAGE)
    area = record_for(contract, FunctionalArea, area_id, MANAGE)
    form = AreaForm(data=_on_get(framework.area_form_data, area))
    what = f"area “{area.name}”" if area else "area"
    if _saved(form, lambda: framework.save_area(contract, area, form.values()), area, what):
        return _to_framework(contract, f"Functional area “{form.name.data}” saved.", "#areas-heading")
    return _form_page(contract, form, area.name if area else "New functional area", area=area)


def edit_kpi(code, kpi_id=None):
    contract = member_contract(code, MANAGE)
    kpi = record_for(contract, Kpi, kpi_id, MANAGE)
    form = KpiForm(data=_on_get(framework.kpi_form_data, kpi, position=len(queries.kpis_of(contract)) + 1))
    what = f"KPI {kpi.code}" if kpi else "KPI"
    if _saved(form, lambda: framework.save_kpi(contract, kpi, form.values()), kpi, what):
        published = " and published" if form.public.data else ""
        return _to_framework(contract, f"KPI {form.code.data} saved{published}.", "#kpis-heading")
    return _form_page(contract, form, f"{kpi.code} {kpi.name}" if kpi else "New KPI", kpi=kpi)


# ---- helpers ------------------------------------------------------------------------------


def _on_get(starting_values, *args, **kwargs) -> dict | None:
    """The form's starting values on GET; on POST the form reads only what was posted."""
    return starting_values(*args, **kwargs) if request.method == "GET" else None


def _saved(form, save, record=None, what: str = "") -> bool:
    """On POST: validate, refuse a stale edit, save and commit (see portal.web.save_form)."""
    if request.method != "POST" or not save_form(form, save, PerformanceError, record=record, what=what):
        return False
    db.session.commit()
    return True


def _to_framework(contract, message: str, anchor: str = ""):
    return done(url_for("performance.framework_index", code=contract.code) + anchor, message)


def _form_page(contract, form, title: str, **extra):
    page = invalid if request.method == "POST" else render
    return page("performance/framework_form.html", contract=contract, form=form, title=title, **extra)
