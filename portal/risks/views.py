"""Risk pages: the position (heat maps, top risks, overdue reviews), the register with filters and
exports, a risk with its reviews and links, adding, editing, reviewing, closing, importing.

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.contracts.services import member_contract, users_with_roles
from portal.extensions import db
from portal.navigation import register_section
from portal.risks import (
    objective_views,  # noqa: F401  (the objectives' routes on the same blueprint)
    queries,
    services,
    spreadsheet,
)
from portal.risks.blueprint import bp
from portal.risks.forms import (
    CloseForm,
    FilterForm,
    ImportForm,
    LinkForm,
    ReopenForm,
    ReviewForm,
    RiskForm,
    link_forms,
)
from portal.risks.heatmap import heat_map
from portal.risks.models import KINDS, RESPONSES_BY_KIND
from portal.web import done, invalid, render, run_and_redirect, save_form, send_bytes

__all__ = ["bp"]

register_section("Risks", "risks.index", "risk.view", order=30)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _risk_or_404(contract, reference):
    risk = services.find_risk(contract, reference)
    access.authorize("view", risk)
    return risk


def _detail_url(risk) -> str:
    return url_for("risks.detail", code=risk.contract.code, reference=risk.reference)


# ---- the position and the register -------------------------------------------------------------


@bp.get("/contracts/<code>/risks")
@login_required
def index(code):
    contract = member_contract(code, "risk.view")
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else "threat"
    today = services.local_today(contract)
    maps = []
    for basis in ("residual", "inherent"):
        counts = queries.position_counts(current_user, contract, basis=basis, kind=kind, today=today)
        link = _cell_link(contract, kind, basis)
        maps.append(heat_map(f"{basis.title()} position of open {KINDS[kind].lower()}s", counts["cells"],
                             kind=kind, basis=basis, link=link))
    return render("risks/index.html", contract=contract, kind=kind, maps=maps, today=today,
                  top=queries.top_risks(current_user, contract, kind, limit=8),
                  overdue=queries.overdue_reviews(current_user, contract, today, limit=10))


def _cell_link(contract, kind, basis):
    return lambda likelihood, impact: url_for("risks.register", code=contract.code, kind=kind, basis=basis,
                                              likelihood=likelihood, impact=impact, status="open")


def _filter(contract):
    form = FilterForm(request.args)
    form.objective.choices = [(0, "Any objective")] + [
        (o.id, f"{o.reference} {o.title}") for o in services.objectives_of(contract, current_user)]
    form.validate()
    f = queries.RegisterFilter(
        kind=form.kind.data or "", category=form.category.data or "", allocation=form.allocation.data or "",
        band=form.band.data or "", status=form.status.data or "open", overdue=bool(form.overdue.data),
        basis="inherent" if form.basis.data == "inherent" else "residual",
        likelihood=form.likelihood.data if not form.likelihood.errors else None,
        impact=form.impact.data if not form.impact.errors else None, objective_id=form.objective.data or None,
        sort=form.sort.data if form.sort.data in queries.SORTS else "residual",
        direction="asc" if form.direction.data == "asc" else "desc")
    return form, f


@bp.get("/contracts/<code>/risks/register")
@login_required
def register(code):
    contract = member_contract(code, "risk.view")
    form, f = _filter(contract)
    today = services.local_today(contract)
    risks = queries.register(current_user, contract, f, today)
    return render("risks/register.html", "risks/_register_results.html", contract=contract, form=form,
                  filter=f, risks=risks, today=today)


@bp.get("/contracts/<code>/risks/register.<fmt>")
@login_required
def export_register(code, fmt):
    contract = member_contract(code, "risk.view")
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _form, f = _filter(contract)
    risks = queries.register(current_user, contract, f, services.local_today(contract))
    name = f"{contract.code}-risk-register-{services.local_today(contract).isoformat()}.{fmt}"
    if fmt == "csv":
        return send_bytes(spreadsheet.register_csv(risks), name, "text/csv")
    return send_bytes(spreadsheet.register_xlsx(risks, f"{contract.code} risk register"), name, XLSX)


# ---- one risk ------------------------------------------------------------------------------------


def _risk_form(contract, form=None, risk=None):
    form = form or RiskForm(obj=risk)
    form.owner_id.choices = [(0, "Nobody named yet")] + [(u.id, u.name) for u in users_with_roles(
        contract, access.ROLES)]
    form.objective_ids.choices = [(o.id, f"{o.reference} {o.title}")
                                  for o in services.objectives_of(contract, current_user)]
    if risk is not None and not form.is_submitted():
        form.owner_id.data = risk.owner_id or 0
        form.objective_ids.data = [o.id for o in risk.objectives]
    return form


def _risk_data(form) -> services.RiskData:
    fields = ("title", "kind", "category", "allocation", "owner_party", "inherent_likelihood", "inherent_impact",
              "residual_likelihood", "residual_impact", "response", "description", "controls", "visibility")
    data = services.RiskData(**{name: getattr(form, name).data for name in fields})
    data.owner_id = form.owner_id.data or None
    data.objective_ids = list(form.objective_ids.data or [])
    return data


@bp.route("/contracts/<code>/risks/new", methods=["GET", "POST"])
@login_required
def new_risk(code):
    contract = member_contract(code, "risk.edit")
    form = _risk_form(contract, RiskForm())
    saved = {}
    if form.is_submitted():
        if save_form(form, lambda: saved.update(risk=services.create_risk(contract, _risk_data(form))),
                     services.RiskError):
            db.session.commit()
            return done(_detail_url(saved["risk"]), f"{saved['risk'].reference} added to the register.")
        return invalid("risks/form.html", contract=contract, form=form, risk=None, responses=RESPONSES_BY_KIND)
    return render("risks/form.html", contract=contract, form=form, risk=None, responses=RESPONSES_BY_KIND)


@bp.route("/contracts/<code>/risks/<reference>/edit", methods=["GET", "POST"])
@login_required
def edit_risk(code, reference):
    contract = member_contract(code, "risk.view")
    risk = _risk_or_404(contract, reference)
    access.authorize("risk.edit", risk)
    form = _risk_form(contract, RiskForm() if request.method == "POST" else None, risk)
    if request.method == "POST":
        if save_form(form, lambda: services.update_risk(risk, _risk_data(form)), services.RiskError,
                     record=risk, what="risk"):
            db.session.commit()
            return done(_detail_url(risk), f"{risk.reference} saved.")
        return invalid("risks/form.html", contract=contract, form=form, risk=risk, responses=RESPONSES_BY_KIND)
    form.version.data = risk.version
    return render("risks/form.html", contract=contract, form=form, risk=risk, responses=RESPONSES_BY_KIND)


def _detail(contract, risk, status=200, **forms):
    review_form = forms.get("review_form") or ReviewForm(
        likelihood=risk.residual_likelihood, impact=risk.residual_impact,
        reviewed_on=services.local_today(contract), formdata=None)
    choices = services.link_choices(current_user, contract) if access.can(current_user, "risk.edit", risk) else {}
    return render("risks/detail.html", status=status, contract=contract, risk=risk, review_form=review_form,
                  close_form=forms.get("close_form") or CloseForm(formdata=None), reopen_form=ReopenForm(),
                  link_forms=forms.get("link_forms") or link_forms(choices), today=services.local_today(contract),
                  links=services.resolved_links(current_user, contract, risk.links),
                  objectives=[o for o in risk.objectives if access.can(current_user, "view", o)])


@bp.get("/contracts/<code>/risks/<reference>")
@login_required
def detail(code, reference):
    contract = member_contract(code, "risk.view")
    return _detail(contract, _risk_or_404(contract, reference))


@bp.post("/contracts/<code>/risks/<reference>/review")
@login_required
def review_risk(code, reference):
    contract = member_contract(code, "risk.view")
    risk = _risk_or_404(contract, reference)
    access.authorize("risk.edit", risk)
    form = ReviewForm()
    if save_form(form, lambda: services.review_risk(risk, current_user, form.likelihood.data, form.impact.data,
                                                    form.note.data, form.reviewed_on.data),
                 services.RiskError, record=risk, what="risk"):
        db.session.commit()
        return done(_detail_url(risk), f"Review of {risk.reference} recorded; next review by "
                                       f"{risk.next_review_on:%d %B %Y}.")
    return _detail(contract, risk, 422, review_form=form)


@bp.post("/contracts/<code>/risks/<reference>/close")
@login_required
def close_risk(code, reference):
    contract = member_contract(code, "risk.view")
    risk = _risk_or_404(contract, reference)
    access.authorize("risk.edit", risk)
    form = CloseForm()
    if save_form(form, lambda: services.close_risk(risk, form.reason.data), services.RiskError,
                 record=risk, what="risk"):
        db.session.commit()
        return done(_detail_url(risk), f"{risk.reference} closed.")
    return _detail(contract, risk, 422, close_form=form)


@bp.post("/contracts/<code>/risks/<reference>/reopen")
@login_required
def reopen_risk(code, reference):
    contract = member_contract(code, "risk.view")
    risk = _risk_or_404(contract, reference)
    access.authorize("risk.edit", risk)
    return run_and_redirect(lambda: services.reopen_risk(risk), services.RiskError, _detail_url(risk),
                            f"{risk.reference} reopened.")


@bp.post("/contracts/<code>/risks/<reference>/links")
@login_required
def link_risk(code, reference):
    contract = member_contract(code, "risk.view")
    risk = _risk_or_404(contract, reference)
    access.authorize("risk.edit", risk)
    form = LinkForm()
    form.ref_id.choices = []
    if save_form(form, lambda: services.link_risk(risk, current_user, form.kind.data, form.ref_id.data),
                 services.RiskError):
        db.session.commit()
        return done(_detail_url(risk) + "#links-heading", "Link added.")
    return _detail(contract, risk, 422, link_forms=link_forms(services.link_choices(current_user, contract), form))


@bp.post("/contracts/<code>/risks/<reference>/links/<int:link_id>/remove")
@login_required
def unlink_risk(code, reference, link_id):
    contract = member_contract(code, "risk.view")
    risk = _risk_or_404(contract, reference)
    access.authorize("risk.edit", risk)
    return run_and_redirect(lambda: services.unlink(risk, link_id), services.RiskError,
                            _detail_url(risk) + "#links-heading", "Link removed.")


# ---- import --------------------------------------------------------------------------------------


@bp.route("/contracts/<code>/risks/import", methods=["GET", "POST"])
@login_required
def import_register(code):
    contract = member_contract(code, "risk.edit")
    form = ImportForm()
    if not form.is_submitted():
        return render("risks/import.html", contract=contract, form=form, errors=[])
    errors = []
    if form.validate():
        upload = form.register_file.data
        result = spreadsheet.import_register(contract, upload.read(), upload.filename or "")
        if not result.errors:
            db.session.commit()
            return done(url_for("risks.register", code=contract.code, sort="reference", direction="desc"),
                        f"{len(result.created)} risk(s) added to the register.")
        errors = result.errors
    return invalid("risks/import.html", contract=contract, form=form, errors=errors)


@bp.get("/contracts/<code>/risks/import-template.xlsx")
@login_required
def import_template(code):
    contract = member_contract(code, "risk.edit")
    return send_bytes(spreadsheet.template_xlsx(contract), f"{contract.code}-risk-register-template.xlsx", XLSX)
