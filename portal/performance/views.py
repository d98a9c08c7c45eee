"""Performance pages: the contract's performance, the monthly submission, review, statements."""

from __future__ import annotations

import io
import json
from datetime import date

from flask import Blueprint, Response, abort, request, url_for
from flask_login import current_user, login_required

import portal.performance.cli  # noqa: F401  (registers `flask portal paymech`)
from portal import access, tabular
from portal.contracts.services import member_contract, users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.navigation import register_section
from portal.performance import corrections, figures, framework, periods, services
from portal.performance.forms import (
    ActionForm,
    AreaForm,
    CorrectionForm,
    EvidenceForm,
    ImportForm,
    KpiForm,
    ReviewForm,
    TermsForm,
)
from portal.performance.models import (
    EvidenceFile,
    FailureEvent,
    FunctionalArea,
    Kpi,
    Measurement,
    PaymentTerms,
)
from portal.storage import EVIDENCE, UploadRejected, read_bytes, served_name, store_upload
from portal.web import done, invalid, record_of, render

bp = Blueprint("performance", __name__)

register_section("Performance", "performance.index", "performance.view", order=10)


def today() -> date:
    return utcnow().date()


def _month_or_404(text: str) -> date:
    month = services.parse_month(text)
    if month is None:
        abort(404)
    return month


def _submission_or_404(contract, month_text: str):
    submission = services.get_submission(contract, _month_or_404(month_text))
    if submission is None:
        abort(404)
    access.authorize("view", submission)
    return submission


def _month_for(code: str, month: str, action: str):
    """The contract and its month's submission, for a user allowed `action` on it (else 404/403)."""
    contract = member_contract(code, "performance.view")
    submission = _submission_or_404(contract, month)
    access.authorize(action, submission)
    return contract, submission


@bp.get("/contracts/<code>/performance")
@login_required
def index(code):
    contract = member_contract(code, "performance.view")
    current = services.month_start(today())
    if services.get_submission(contract, current) is None and periods.ensure_period(contract, today()):
        db.session.commit()
    start = services.month_start(date(current.year - 1, current.month, 1))
    data = figures.performance_figures(contract, start, current)
    charts = []
    for kpi in services.kpis_of(contract):
        series = figures.kpi_series(data, kpi.code)
        charts.append({"kpi": kpi, "svg": figures.kpi_trend_svg(
            series, kpi.target, title=f"{kpi.code} {kpi.name}, last 13 months", unit=kpi.unit,
            chart_id=f"chart-{kpi.code}")})
    return render("performance/index.html", contract=contract, figures=data, charts=charts,
                  months=list(reversed(data["months"])), kpis=services.kpis_of(contract))


def _line_labels(submission) -> dict:
    """(line type, id) -> what a person calls the line: the KPI code, or the helpdesk reference."""
    labels = {("measurement", m.id): f"{m.kpi.code} {m.kpi.name}" for m in submission.measurements}
    labels.update({("event", e.id): f"event {e.reference or 'E' + str(e.id)}" for e in submission.events})
    return labels


def _submission_context(contract, submission, **extra):
    statement = services.statement_of(submission)
    try:
        preview = statement.data if statement else services.calculate_statement(contract, submission)
    except services.PerformanceError:
        preview = None
    context = dict(contract=contract, submission=submission, statement=statement, calc=preview,
                   history=services.history(submission), action_form=ActionForm(),
                   evidence_form=EvidenceForm(), import_form=ImportForm(), review_forms={},
                   errors={}, import_errors=[], typed={}, line_labels=_line_labels(submission))
    context.update(extra)
    return context


@bp.route("/contracts/<code>/performance/<month>", methods=["GET", "POST"])
@login_required
def submission(code, month):
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    if request.method == "POST":
        access.authorize("evidence.prepare", sub)
        form = ActionForm()
        if not form.validate():
            abort(400)
        values = {}
        for m in sub.measurements:
            if f"value-{m.kpi_id}" in request.form:
                values[m.kpi_id] = (request.form.get(f"value-{m.kpi_id}", ""), request.form.get(f"note-{m.kpi_id}", ""))
        try:
            errors = services.save_measurements(sub, values)
        except services.PerformanceError as error:
            return invalid("performance/submission.html", **_submission_context(
                contract, sub, page_error=str(error), typed=values))
        if errors:
            return invalid("performance/submission.html", **_submission_context(
                contract, sub, errors=errors, typed=values))
        db.session.commit()
        return done(url_for("performance.submission", code=contract.code, month=sub.key),
                    f"Draft for {sub.label} saved.")
    return render("performance/submission.html", **_submission_context(contract, sub))


@bp.post("/contracts/<code>/performance/<month>/submit")
@login_required
def submit(code, month):
    contract, sub = _month_for(code, month, "evidence.submit")
    form = ActionForm()
    if not form.validate():
        abort(400)
    try:
        if sub.status == "queried":
            count = services.resubmit(sub, current_user, form.comment.data or "")
            message = f"{count} answered line(s) sent back for review."
        else:
            services.submit(sub, current_user)
            message = f"{sub.label} submitted{' (late)' if sub.late else ''}. It is now locked."
    except services.PerformanceError as error:
        return invalid("performance/submission.html", **_submission_context(contract, sub, page_error=str(error)))
    db.session.commit()
    _notify(contract, "public_manager", f"{contract.code} performance for {sub.label} submitted", sub)
    return done(url_for("performance.submission", code=contract.code, month=sub.key), message)


@bp.post("/contracts/<code>/performance/<month>/evidence")
@login_required
def upload_evidence(code, month):
    contract, sub = _month_for(code, month, "evidence.prepare")
    form = EvidenceForm()
    if form.validate():
        try:
            stored = store_upload(form.evidence_file.data, EVIDENCE)
            evidence = services.add_evidence(sub, stored, current_user, form.description.data or "")
        except (UploadRejected, services.PerformanceError) as error:
            form.evidence_file.errors.append(str(error))
        else:
            db.session.commit()
            return done(url_for("performance.submission", code=contract.code, month=sub.key),
                        f"{evidence.original_name} uploaded (SHA-256 {evidence.sha256[:12]}…).")
    return invalid("performance/submission.html", **_submission_context(contract, sub, evidence_form=form))


@bp.post("/contracts/<code>/performance/<month>/events/import")
@login_required
def import_events(code, month):
    contract, sub = _month_for(code, month, "evidence.prepare")
    form = ImportForm()
    errors = []
    if form.validate():
        try:
            upload = form.events_file.data
            result = services.import_events_file(sub, contract, upload.read(), upload.filename or "")
        except services.PerformanceError as error:
            errors = [str(error)]
        else:
            if not result.errors:
                db.session.commit()
                return done(url_for("performance.submission", code=contract.code, month=sub.key),
                            f"{result.created} failure event(s) imported.")
            errors = result.errors
    return invalid("performance/submission.html", **_submission_context(
        contract, sub, import_form=form, import_errors=errors))


@bp.get("/contracts/<code>/performance/events-template.csv")
@login_required
def events_template(code):
    contract = member_contract(code, "performance.view")
    return Response(services.csv_template(contract), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={contract.code}-failure-events-template.csv"})


@bp.get("/contracts/<code>/performance/events-template.xlsx")
@login_required
def events_template_xlsx(code):
    contract = member_contract(code, "performance.view")
    return Response(services.xlsx_template(contract), headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f"attachment; filename={contract.code}-failure-events-template.xlsx"})


@bp.get("/contracts/<code>/performance/evidence/<int:file_id>")
@login_required
def evidence_file(code, file_id):
    contract = member_contract(code, "performance.view")
    evidence = record_of(contract, EvidenceFile, file_id)
    access.authorize("view", evidence)
    return _attachment(evidence)


def _attachment(evidence: EvidenceFile) -> Response:
    """Like storage.send_stored, but from bytes in memory (no open file handle left behind)."""
    try:
        data = read_bytes(evidence.storage_key)
    except FileNotFoundError:
        abort(404)
    response = Response(data, mimetype=evidence.content_type)
    response.headers.set("Content-Disposition", "attachment",
                         filename=served_name(evidence.original_name, evidence.content_type))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/contracts/<code>/performance/review")
@login_required
def queue(code):
    contract = member_contract(code, "evidence.review")
    return render("performance/queue.html", contract=contract, queue=services.review_queue(contract))


LINE_MODELS = {"measurement": Measurement, "event": FailureEvent}


@bp.post("/contracts/<code>/performance/<month>/review/<kind>/<int:line_id>")
@login_required
def review(code, month, kind, line_id):
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    model = LINE_MODELS.get(kind)
    line = db.session.get(model, line_id) if model else None
    if line is None or line.submission_id != sub.id:
        abort(404)
    access.authorize("evidence.review", line)
    form = ReviewForm()
    if form.validate():
        if form.decision.data != "query" and not access.can(current_user, "evidence.accept", line):
            abort(403)
        try:
            services.review(sub, line, kind, form.decision.data, form.comment.data, current_user, form.version.data)
        except services.StaleLine as error:
            db.session.rollback()
            form.version.data = str(line.version)
            return invalid("performance/submission.html", **_submission_context(
                contract, sub, review_forms={(kind, line.id): form}, page_error=str(error)), )
        except services.PerformanceError as error:
            form.comment.errors.append(str(error))
        else:
            db.session.commit()
            if form.decision.data == "query":
                _notify(contract, "operator_manager", f"{contract.code} {sub.label}: a line was queried", sub)
            return done(url_for("performance.submission", code=contract.code, month=sub.key) + f"#{kind}-{line.id}",
                        f"Decision recorded: {line.status_label}.")
    return invalid("performance/submission.html", **_submission_context(
        contract, sub, review_forms={(kind, line.id): form}))


@bp.post("/contracts/<code>/performance/<month>/approve")
@login_required
def approve(code, month):
    contract, sub = _month_for(code, month, "payment.approve")
    if not ActionForm().validate():
        abort(400)
    try:
        services.approve(contract, sub, current_user)
    except services.PerformanceError as error:
        return invalid("performance/submission.html", **_submission_context(contract, sub, page_error=str(error)))
    db.session.commit()
    _notify(contract, "operator_manager", f"{contract.code} payment statement for {sub.label} awaits countersignature", sub)
    return done(url_for("performance.statement", code=contract.code, month=sub.key),
                f"{sub.label} approved. The operator manager countersigns to freeze the statement.")


@bp.post("/contracts/<code>/performance/<month>/countersign")
@login_required
def countersign(code, month):
    contract, sub = _month_for(code, month, "payment.countersign")
    if not ActionForm().validate():
        abort(400)
    try:
        services.countersign(sub, current_user)
    except services.PerformanceError as error:
        return invalid("performance/submission.html", **_submission_context(contract, sub, page_error=str(error)))
    db.session.commit()
    return done(url_for("performance.statement", code=contract.code, month=sub.key),
                f"Statement for {sub.label} countersigned and frozen.")


def _statement_data(code, month):
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    statement = services.statement_of(sub)
    if statement is None:
        abort(404)
    access.authorize("view", statement)
    return contract, sub, statement


@bp.get("/contracts/<code>/performance/<month>/statement")
@login_required
def statement(code, month):
    contract, sub, statement = _statement_data(code, month)
    return render("performance/statement.html", contract=contract, submission=sub, statement=statement,
                  calc=statement.data, action_form=ActionForm(), revisions=services.statement_revisions(sub))


@bp.get("/contracts/<code>/performance/<month>/statement/revision-<int:revision>")
@login_required
def statement_revision(code, month, revision):
    contract, sub, current = _statement_data(code, month)
    revisions = services.statement_revisions(sub)
    statement = next((s for s in revisions if s.revision == revision), None)
    if statement is None:
        abort(404)
    access.authorize("view", statement)
    return render("performance/statement.html", contract=contract, submission=sub, statement=statement,
                  calc=statement.data, action_form=ActionForm(), revisions=revisions)


@bp.get("/contracts/<code>/performance/<month>/statement.json")
@login_required
def statement_json(code, month):
    contract, sub, statement = _statement_data(code, month)
    body = dict(statement.data, frozen=statement.frozen)
    return Response(json.dumps(body, indent=2, ensure_ascii=False), mimetype="application/json", headers={
        "Content-Disposition": f"attachment; filename={contract.code}-{sub.key}-statement.json"})


@bp.get("/contracts/<code>/performance/<month>/statement.csv")
@login_required
def statement_csv(code, month):
    contract, sub, statement = _statement_data(code, month)
    data = statement.data
    out = io.StringIO()
    writer = tabular.writer(out)  # failure-event references are the operator's text
    writer.writerow(["contract", "month", "currency", "line", "reference", "area", "criterion", "deduction_periods",
                     "used_factor", "repetition_multiplier", "amount"])
    for line in data["lines"]:
        writer.writerow([contract.code, data["month"], data["currency"], "availability", line["ref"], line["area"],
                         line["criterion"], line["deduction_periods"], line["used_factor"],
                         line["repetition_multiplier"], line["amount"]])
    for band in data["performance_bands"]:
        writer.writerow([contract.code, data["month"], data["currency"], "performance",
                         f"points {band['from']}-{band['to'] or ''}", "", f"{band['points']} points", "", "",
                         band["multiplier"], band["amount"]])
    for key in ("monthly_unitary_charge", "availability_deduction", "performance_deduction", "total_deduction",
                "net_payment"):
        writer.writerow([contract.code, data["month"], data["currency"], key, "", "", "", "", "", "", data[key]])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={contract.code}-{sub.key}-statement.csv"})


def _notify(contract, role, message, sub):
    from portal.notifications.services import notify_many

    notify_many(users_with_roles(contract, role), message, url=url_for("performance.submission", code=contract.code, month=sub.key),
                contract=contract)
    db.session.commit()


# ---- panels on the member overview and the public contract page ---------------------------


def _member_panel(user, contract):
    if not access.can(user, "performance.view", contract):
        return None
    subs = services.submissions_of(contract, limit=2)
    if not subs:
        return None
    current = subs[0]
    last = subs[1] if len(subs) > 1 else None
    missed = [m.kpi.code for m in (last.measurements if last else []) if m.met is False]
    statement = services.statement_of(last) if last else None
    return {"contract": contract, "current": current, "last": last, "missed": missed, "statement": statement}


def _public_panel(contract):
    current = services.month_start(today())
    start = date(current.year - 1, current.month, 1)
    data = figures.performance_figures(contract, start, current, public_only=True)
    if not data["kpis"] or not data["months"]:
        return None
    latest = data["months"][-1]
    charts = []
    for kpi in data["kpis"]:
        charts.append({"kpi": kpi, "svg": figures.kpi_trend_svg(
            figures.kpi_series(data, kpi["code"]), kpi["target"], title=f"{kpi['code']} {kpi['name']}",
            unit=kpi["unit"], chart_id=f"public-{kpi['code']}")})
    return {"figures": data, "latest": latest, "charts": charts}


def _register_panels():
    from portal.contracts.dashboard import register_panel
    from portal.public.views import register_public_panel

    register_panel("performance", "performance/_panel.html", _member_panel, order=10)
    register_public_panel("performance", "performance/_public_panel.html", _public_panel, order=10)


_register_panels()


@bp.app_template_filter("num")
def format_number(value) -> str:
    """A Decimal without trailing zeros or exponent: 99.50 -> 99.5, 100.000 -> 100."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# ---- the performance framework (government side) -----------------------------------------

FRAMEWORK_STALE = ("Someone else saved a change to {what} while you were editing it. Your input is kept "
                   "below; check it against the framework page and save again to replace their change.")
TERMS_GROUPS = [
    ("Charge and rates", ["effective_from", "annual_unitary_charge", "area_rate", "calibration_factor",
                          "used_factor", "repetition"]),
    ("Performance points", ["points_threshold", "point_value", "bands", "cap_percent"]),
    ("Thresholds and deadline", ["warning_points", "default_points", "rolling_months", "submission_deadline_days"]),
]
TERMS_HINTS = {
    "effective_from": "The first day of a month. A period is assessed against the terms in force on its first day; "
                      "months already approved keep the terms they were assessed against.",
    "annual_unitary_charge": "As a decimal amount, e.g. 5000000.00. The monthly charge is a twelfth of it.",
    "area_rate": "Leave empty to derive it: annual charge ÷ Σ(weighting × deduction periods a year) × calibration.",
    "calibration_factor": "Applied when the area rate is derived; 1 leaves it unchanged.",
    "used_factor": "Share of the deduction charged while an unavailable area is still used, e.g. 0.5.",
    "repetition": "One line each: failures of the same criterion in a month, then the multiplier from the next "
                  "failure on. “4 × 1.5” and “8 × 2” mean the 5th failure costs 1.5 times, the 9th twice.",
    "points_threshold": "Points up to the threshold cost nothing.",
    "point_value": "Price of one point above the threshold, as a decimal amount.",
    "bands": "One band a line: first and last point, then the multiplier; leave the last band open. "
             "E.g. “21-100 × 1.0”, “101-200 × 1.2”, “201- × 1.5”.",
    "cap_percent": "Total deductions never exceed this share of the monthly charge. Empty: no cap.",
    "warning_points": "Rolling points at which a warning notice is flagged.",
    "default_points": "Rolling points at which the contract is in default; above the warning threshold.",
    "submission_deadline_days": "The operator submits a month within this many days after it ends.",
}
AREA_GROUPS = [("Functional area", ["name", "weighting", "operating_hours", "rectification_hours",
                                    "deduction_period_hours"])]
AREA_HINTS = {
    "weighting": "Relative importance of the area in the availability deduction, e.g. 30.",
    "operating_hours": "When the area must be available, e.g. “07:00–20:00, Monday to Friday”.",
    "rectification_hours": "Time allowed to fix a failure before deductions start.",
    "deduction_period_hours": "Each deduction period, or part of one, after the rectification period is charged.",
}
KPI_GROUPS = [
    ("The indicator", ["code", "name", "description", "category", "objective", "position"]),
    ("Target and measurement", ["unit", "target", "direction", "frequency", "measurement_method",
                                "evidence_expected", "failure_points"]),
    ("Publication", ["public"]),
]
KPI_HINTS = {
    "code": "Short and unique in the contract, e.g. AV1; used in the helpdesk import.",
    "objective": "The contract or policy objective this KPI serves.",
    "target": "A number in the unit above, e.g. 99.5.",
    "failure_points": "Service failure points counted each month the target is missed.",
    "position": "KPIs are listed by this number, then by code.",
    "public": "Decided by an official: the monthly results of a public KPI appear on the public contract page. "
              "Evidence files are never public.",
}


@bp.get("/contracts/<code>/performance/framework")
@login_required
def framework_index(code):
    contract = member_contract(code, "performance.view")
    versions = framework.terms_versions(contract)
    return render("performance/framework.html", contract=contract, versions=versions,
                  used={t.id: framework.settled_months_under(t) for t in versions},
                  in_force=services.terms_for(contract, today()), areas=services.areas_of(contract),
                  kpis=services.kpis_of(contract), last_settled=framework.last_settled_month(contract))


def _blame(form, error: framework.FieldError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def _save_framework(form, record, values_of, save, what: str):
    """Check the version, parse, save and commit; on a problem put it on the form and return None."""
    from sqlalchemy.orm.exc import StaleDataError

    from portal.web import not_modified_since

    if record is not None and not not_modified_since(record, form.version.data):
        form.form_errors.append(FRAMEWORK_STALE.format(what=what))
        form.version.data = record.version  # saving again knowingly replaces the other change
        return None
    try:
        saved = save(values_of(form))
        db.session.commit()
    except framework.FieldError as error:
        db.session.rollback()
        _blame(form, error)
        return None
    except StaleDataError:
        db.session.rollback()
        form.form_errors.append(FRAMEWORK_STALE.format(what=what))
        form.version.data = db.session.get(type(record), record.id).version
        return None
    return saved


def _framework_page(contract, form, title, groups, hints, status=200, **extra):
    page = invalid if status == 422 else render
    return page("performance/framework_form.html", contract=contract, form=form, title=title, groups=groups,
                hints=hints, **extra)


def _terms_values(form) -> dict:
    values = {"effective_from": form.effective_from.data}
    for name in ("annual_unitary_charge", "area_rate", "calibration_factor", "used_factor", "point_value",
                 "cap_percent"):
        values[name] = getattr(form, name).decimal
    for name in ("points_threshold", "warning_points", "default_points", "rolling_months",
                 "submission_deadline_days"):
        values[name] = getattr(form, name).data
    values["repetition"] = framework.parse_repetition(form.repetition.data)
    values["bands"] = framework.parse_bands(form.bands.data, form.points_threshold.data)
    return values


def _terms_form(contract, data=None):
    form = TermsForm(data=data) if data is not None else TermsForm()
    for name in ("annual_unitary_charge", "point_value"):
        getattr(form, name).label.text += f" ({contract.currency})"
    return form


@bp.route("/contracts/<code>/performance/framework/terms/new", methods=["GET", "POST"])
@login_required
def new_terms(code):
    contract = member_contract(code, "kpi.manage")
    form = _terms_form(contract, framework.terms_defaults(contract) if request.method == "GET" else None)
    title = "New payment terms version"
    if request.method == "POST":
        if form.validate():
            terms = _save_framework(form, None, _terms_values,
                                    lambda values: framework.save_terms(contract, None, values), "the terms")
            if terms is not None:
                return done(url_for("performance.framework_index", code=contract.code),
                            f"Payment terms from {terms.effective_from:%d %B %Y} saved.")
        return _framework_page(contract, form, title, TERMS_GROUPS, TERMS_HINTS, 422)
    return _framework_page(contract, form, title, TERMS_GROUPS, TERMS_HINTS)


def _terms_or_404(contract, terms_id):
    terms = record_of(contract, PaymentTerms, terms_id)
    access.authorize("kpi.manage", terms)
    return terms


@bp.route("/contracts/<code>/performance/framework/terms/<int:terms_id>", methods=["GET", "POST"])
@login_required
def edit_terms(code, terms_id):
    contract = member_contract(code, "kpi.manage")
    terms = _terms_or_404(contract, terms_id)
    used = framework.settled_months_under(terms)
    title = f"Payment terms from {terms.effective_from:%d %B %Y}"
    if used:
        # Terms a settled period was assessed against are shown, never edited.
        return _framework_page(contract, None, title, TERMS_GROUPS, TERMS_HINTS, used=used, terms=terms)
    form = _terms_form(contract, framework.terms_form_data(terms) if request.method == "GET" else None)
    if request.method == "POST":
        if form.validate():
            saved = _save_framework(form, terms, _terms_values,
                                    lambda values: framework.save_terms(contract, terms, values), "these terms")
            if saved is not None:
                return done(url_for("performance.framework_index", code=contract.code),
                            f"Payment terms from {saved.effective_from:%d %B %Y} saved.")
        return _framework_page(contract, form, title, TERMS_GROUPS, TERMS_HINTS, 422, terms=terms)
    return _framework_page(contract, form, title, TERMS_GROUPS, TERMS_HINTS, terms=terms)


def _area_values(form) -> dict:
    return {"name": form.name.data, "weighting": form.weighting.decimal, "operating_hours": form.operating_hours.data,
            "rectification_hours": form.rectification_hours.decimal,
            "deduction_period_hours": form.deduction_period_hours.decimal}


@bp.route("/contracts/<code>/performance/framework/areas/new", methods=["GET", "POST"])
@bp.route("/contracts/<code>/performance/framework/areas/<int:area_id>", methods=["GET", "POST"])
@login_required
def edit_area(code, area_id=None):
    contract = member_contract(code, "kpi.manage")
    area = None
    if area_id is not None:
        area = record_of(contract, FunctionalArea, area_id)
        access.authorize("kpi.manage", area)
    title = area.name if area else "New functional area"
    if request.method == "GET":
        data = framework.area_form_data(area) if area else {"operating_hours": "24 hours, every day",
                                                            "rectification_hours": "2", "deduction_period_hours": "1"}
        return _framework_page(contract, AreaForm(data=data), title, AREA_GROUPS, AREA_HINTS, area=area)
    form = AreaForm()
    if form.validate():
        saved = _save_framework(form, area, _area_values, lambda values: framework.save_area(contract, area, values),
                                f"the area “{area.name}”" if area else "the area")
        if saved is not None:
            return done(url_for("performance.framework_index", code=contract.code) + "#areas-heading",
                        f"Functional area “{saved.name}” saved.")
    return _framework_page(contract, form, title, AREA_GROUPS, AREA_HINTS, 422, area=area)


def _kpi_values(form) -> dict:
    values = {name: getattr(form, name).data for name in framework.KPI_FIELDS}
    values["target"] = form.target.decimal
    for name in ("description", "measurement_method", "evidence_expected", "objective"):
        values[name] = (values[name] or "").strip()
    return values


@bp.route("/contracts/<code>/performance/framework/kpis/new", methods=["GET", "POST"])
@bp.route("/contracts/<code>/performance/framework/kpis/<int:kpi_id>", methods=["GET", "POST"])
@login_required
def edit_kpi(code, kpi_id=None):
    contract = member_contract(code, "kpi.manage")
    kpi = None
    if kpi_id is not None:
        kpi = record_of(contract, Kpi, kpi_id)
        access.authorize("kpi.manage", kpi)
    title = f"{kpi.code} {kpi.name}" if kpi else "New KPI"
    if request.method == "GET":
        data = framework.kpi_form_data(kpi) if kpi else {
            "unit": "%", "direction": "higher", "category": "service_quality", "frequency": "monthly",
            "failure_points": 10, "position": len(services.kpis_of(contract)) + 1}
        return _framework_page(contract, KpiForm(data=data), title, KPI_GROUPS, KPI_HINTS, kpi=kpi)
    form = KpiForm()
    if form.validate():
        saved = _save_framework(form, kpi, _kpi_values, lambda values: framework.save_kpi(contract, kpi, values),
                                f"{kpi.code}" if kpi else "the KPI")
        if saved is not None:
            return done(url_for("performance.framework_index", code=contract.code) + "#kpis-heading",
                        f"KPI {saved.code} saved{' and published' if saved.public else ''}.")
    return _framework_page(contract, form, title, KPI_GROUPS, KPI_HINTS, 422, kpi=kpi)


# ---- the recorded correction --------------------------------------------------------------


def _correction_page(contract, sub, form, status=200, **extra):
    from zoneinfo import ZoneInfo

    context = dict(contract=contract, submission=sub, form=form, current=services.statement_of(sub),
                   choices=corrections.SETTLED_CHOICES, errors={}, typed=corrections.CorrectedLines(),
                   zone=ZoneInfo(contract.time_zone or "UTC"), page_error=None)
    context.update(extra)
    return (invalid if status == 422 else render)("performance/correction.html", **context)


@bp.route("/contracts/<code>/performance/<month>/correction", methods=["GET", "POST"])
@login_required
def correction(code, month):
    contract, sub = _month_for(code, month, "payment.approve")
    current = services.statement_of(sub)
    if request.method == "GET":
        return _correction_page(contract, sub, CorrectionForm(data={"revision": current.revision if current else ""}))
    form = CorrectionForm()
    lines = corrections.CorrectedLines(
        measurements={m.id: (request.form.get(f"value-{m.id}", ""), request.form.get(f"mstatus-{m.id}", ""))
                      for m in sub.measurements if f"value-{m.id}" in request.form},
        events={e.id: (request.form.get(f"rectified-{e.id}", ""), request.form.get(f"estatus-{e.id}", ""))
                for e in sub.events if f"estatus-{e.id}" in request.form})
    errors, page_error = {}, None
    if form.validate():
        try:
            statement = corrections.record_correction(contract, sub, current_user, form.reason.data, lines,
                                                      form.revision.data)
        except corrections.StaleStatement as error:
            db.session.rollback()
            page_error = str(error)
            latest = services.statement_of(sub)
            form.revision.data = latest.revision if latest else ""
        except corrections.CorrectionError as error:
            db.session.rollback()
            page_error, errors = str(error), error.errors
        except services.PerformanceError as error:
            db.session.rollback()
            page_error = str(error)
        else:
            db.session.commit()
            _notify(contract, "operator_manager",
                    f"{contract.code} statement for {sub.label} corrected (revision {statement.revision}); "
                    "please countersign", sub)
            return done(url_for("performance.statement", code=contract.code, month=sub.key),
                        f"Correction recorded: revision {statement.revision} supersedes revision "
                        f"{statement.revision - 1}. The operator manager countersigns it.")
    return _correction_page(contract, sub, form, 422, errors=errors, typed=lines, page_error=page_error)
