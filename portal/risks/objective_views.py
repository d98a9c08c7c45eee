"""Objective pages: the contract's strategic objectives, and each with its KPIs' recent results,
its risks and its actions."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.navigation import register_section
from portal.panels import indicator_results
from portal.risks import queries, services
from portal.risks.blueprint import bp
from portal.risks.forms import LinkForm, ObjectiveForm, link_forms
from portal.web import done, invalid, render, run_and_redirect, save_form

register_section("Objectives", "risks.objectives", "objective.view", order=29)

RECENT_PERIODS = 6


def _objective_or_404(contract, reference):
    objective = services.find_objective(contract, reference)
    access.authorize("view", objective)
    return objective


def _url(objective) -> str:
    return url_for("risks.objective", code=objective.contract.code, reference=objective.reference)


def _list(contract, form, status=200):
    return render("risks/objectives.html", status=status, contract=contract, form=form,
                  objectives=services.objectives_of(contract, current_user),
                  risk_counts=queries.objective_counts(current_user, contract)
                  if access.can(current_user, "risk.view", contract) else None)


@bp.route("/contracts/<code>/objectives", methods=["GET", "POST"])
@login_required
def objectives(code):
    contract = member_contract(code, "objective.view")
    form = ObjectiveForm()
    if not form.is_submitted():
        return _list(contract, form)
    access.authorize_contract("objective.edit", contract)
    saved = {}
    if save_form(form, lambda: saved.update(o=services.save_objective(
            contract, None, form.title.data, form.description.data, form.visibility.data, form.active.data)),
            services.RiskError):
        db.session.commit()
        return done(_url(saved["o"]), f"Objective {saved['o'].reference} added.")
    return _list(contract, form, 422)


def _kpi_rows(contract, links) -> list[dict]:
    """Each linked KPI with its latest results (one query for all of them)."""
    kpi_links = [item for item in links if item["link"].kind == "kpi"]
    results = indicator_results("kpi", contract, [item["link"].ref_id for item in kpi_links], RECENT_PERIODS)
    return [{**item, "results": results.get(item["link"].ref_id, [])} for item in kpi_links]


def _detail(contract, objective, status=200, forms=None):
    links = services.resolved_links(current_user, contract, objective.links)
    can_edit = access.can(current_user, "objective.edit", objective)
    choices = services.link_choices(current_user, contract) if can_edit else {}
    risks = (queries.risks_of_objective(current_user, contract, objective.id)
             if access.can(current_user, "risk.view", contract) else None)
    return render("risks/objective.html", status=status, contract=contract, objective=objective,
                  kpis=_kpi_rows(contract, links), others=[i for i in links if i["link"].kind != "kpi"],
                  risks=risks, link_forms=forms or link_forms(choices), today=services.local_today(contract))


@bp.get("/contracts/<code>/objectives/<reference>")
@login_required
def objective(code, reference):
    contract = member_contract(code, "objective.view")
    return _detail(contract, _objective_or_404(contract, reference))


@bp.route("/contracts/<code>/objectives/<reference>/edit", methods=["GET", "POST"])
@login_required
def edit_objective(code, reference):
    contract = member_contract(code, "objective.view")
    item = _objective_or_404(contract, reference)
    access.authorize("objective.edit", item)
    form = ObjectiveForm(obj=item if request.method == "GET" else None)
    if request.method == "POST":
        if save_form(form, lambda: services.save_objective(contract, item, form.title.data, form.description.data,
                                                           form.visibility.data, form.active.data),
                     services.RiskError, record=item, what="objective"):
            db.session.commit()
            return done(_url(item), f"Objective {item.reference} saved.")
        return invalid("risks/objective_form.html", contract=contract, form=form, objective=item)
    return render("risks/objective_form.html", contract=contract, form=form, objective=item)


@bp.post("/contracts/<code>/objectives/<reference>/links")
@login_required
def link_objective(code, reference):
    contract = member_contract(code, "objective.view")
    item = _objective_or_404(contract, reference)
    access.authorize("objective.edit", item)
    form = LinkForm()
    form.ref_id.choices = []
    if save_form(form, lambda: services.link_objective(item, current_user, form.kind.data, form.ref_id.data),
                 services.RiskError):
        db.session.commit()
        return done(_url(item), "Link added.")
    return _detail(contract, item, 422, link_forms(services.link_choices(current_user, contract), form))


@bp.post("/contracts/<code>/objectives/<reference>/links/<int:link_id>/remove")
@login_required
def unlink_objective(code, reference, link_id):
    contract = member_contract(code, "objective.view")
    item = _objective_or_404(contract, reference)
    access.authorize("objective.edit", item)
    return run_and_redirect(lambda: services.unlink(item, link_id), services.RiskError, _url(item), "Link removed.")
