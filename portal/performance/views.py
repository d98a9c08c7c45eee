"""Performance pages: the contract's performance, the monthly submission, review, statements."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from flask import Blueprint, Response, abort, request, url_for
from flask_login import current_user, login_required

import portal.performance.cli  # noqa: F401  (registers `flask portal paymech`)
from portal import access
from portal.contracts.services import member_contract
from portal.db import utcnow
from portal.extensions import db
from portal.navigation import register_section
from portal.performance import figures, services
from portal.performance.forms import ActionForm, EvidenceForm, ImportForm, ReviewForm
from portal.performance.models import EvidenceFile, FailureEvent, Measurement
from portal.storage import EVIDENCE, UploadRejected, read_bytes, store_upload
from portal.web import done, invalid, render

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


@bp.get("/contracts/<code>/performance")
@login_required
def index(code):
    contract = member_contract(code, "performance.view")
    current = services.month_start(today())
    if (access.can(current_user, "evidence.prepare", contract) and services.terms_for(contract, current)
            and services.get_submission(contract, current) is None):
        services.open_submission(contract, current)
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


def _submission_context(contract, submission, **extra):
    statement = services.statement_of(submission)
    try:
        preview = statement.data if statement else services.calculate_statement(contract, submission)
    except services.PerformanceError:
        preview = None
    context = dict(contract=contract, submission=submission, statement=statement, calc=preview,
                   history=services.history(submission), action_form=ActionForm(),
                   evidence_form=EvidenceForm(), import_form=ImportForm(), review_forms={},
                   errors={}, import_errors=[], typed={})
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
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    access.authorize("evidence.submit", sub)
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
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    access.authorize("evidence.prepare", sub)
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
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    access.authorize("evidence.prepare", sub)
    form = ImportForm()
    errors = []
    if form.validate():
        try:
            result = services.import_events_csv(sub, contract, form.events_file.data.read())
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


@bp.get("/contracts/<code>/performance/evidence/<int:file_id>")
@login_required
def evidence_file(code, file_id):
    contract = member_contract(code, "performance.view")
    evidence = db.session.get(EvidenceFile, file_id)
    if evidence is None or evidence.contract_id != contract.id:
        abort(404)
    access.authorize("view", evidence)
    return _attachment(evidence)


def _attachment(evidence: EvidenceFile) -> Response:
    """Like storage.send_stored, but from bytes in memory (no open file handle left behind)."""
    try:
        data = read_bytes(evidence.storage_key)
    except FileNotFoundError:
        abort(404)
    response = Response(data, mimetype=evidence.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=evidence.original_name)
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
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    access.authorize("payment.approve", sub)
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
    contract = member_contract(code, "performance.view")
    sub = _submission_or_404(contract, month)
    access.authorize("payment.countersign", sub)
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
                  calc=statement.data, action_form=ActionForm())


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
    writer = csv.writer(out)
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
    import sqlalchemy as sa

    from portal.contracts.models import Membership
    from portal.notifications.services import notify_many

    users = [m.user for m in db.session.scalars(sa.select(Membership).where(
        Membership.contract_id == contract.id, Membership.role == role))]
    notify_many(users, message, url=url_for("performance.submission", code=contract.code, month=sub.key),
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
