"""Report drafting, approval and publication for members; the published PDF for everyone."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from portal import access
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.navigation import register_section
from portal.panels import register_home_panel, register_public_panel
from portal.reports import jobs, services
from portal.reports.forms import EditReportForm, ItemsForm, NewReportForm, WithdrawForm
from portal.reports.models import Report
from portal.reports.sections import get_section
from portal.storage import read_bytes
from portal.web import done, invalid, not_modified_since, record_of, render, run_and_redirect

bp = Blueprint("reports", __name__)

register_section("Reports", "reports.list_reports", "contract.view_member", order=70)


def _load(code: str, report_id: int, action: str = "view") -> tuple:
    contract = member_contract(code)
    report = record_of(contract, Report, report_id)
    access.authorize(action, report)
    return contract, report


def _detail(contract, report, form=None, withdraw_form=None, status=200, error=None, fragment=None):
    if form is None:
        form = EditReportForm(obj=report, formdata=None)
        form.version.data = report.version
    context = dict(contract=contract, report=report, form=form, withdraw_form=withdraw_form or WithdrawForm(formdata=None),
                   error=error, doc=services.document_context(report), editions=_editions(report),
                   choosers=_choosers(report), items_form=ItemsForm(formdata=None))
    if status == 422:
        return invalid("reports/detail.html", fragment, **context)
    return render("reports/detail.html", **context)


def _choosers(report):
    """The sections of a draft whose items the official chooses, with their candidates."""
    if not report.is_editable:
        return []

    out = []
    for key in report.sections or []:
        kind = get_section(key)
        if kind is not None and kind.candidates is not None:
            out.append({"key": key, "title": kind.title, "candidates": services.item_candidates(report, key)})
    return out


def _editions(report):
    chain = []
    current = report
    while current is not None and current.supersedes_id:
        current = db.session.get(Report, current.supersedes_id)
        if current is not None:
            chain.append(current)
    return chain


@bp.get("/contracts/<code>/reports")
@login_required
def list_reports(code):
    contract = member_contract(code)
    return render("reports/list.html", contract=contract, reports=services.reports_of(contract, current_user))


@bp.route("/contracts/<code>/reports/new", methods=["GET", "POST"])
@login_required
def create_report(code):
    contract = member_contract(code, "report.draft")
    form = NewReportForm()
    if form.validate_on_submit():
        try:
            start, end = _period(form)
            report = services.create_report(
                contract, current_user, kind=form.period_kind.data, start=start, end=end,
                sections=form.sections.data or [], title=form.title.data or "")
        except services.ReportError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            return done(url_for("reports.show_report", code=contract.code, report_id=report.id),
                        "Draft created from the record as it stands today.")
    if form.is_submitted():
        return invalid("reports/new.html", contract=contract, form=form)
    return render("reports/new.html", contract=contract, form=form)


def _period(form) -> tuple[date, date]:
    kind = form.period_kind.data
    if kind == "quarter":
        return services.quarter_period(form.year.data or 2026, int(form.quarter.data))
    if kind == "year":
        return services.year_period(form.year.data or 2026)
    if not form.start.data or not form.end.data:
        raise services.ReportError("Give the first and last day of a custom period.")
    return form.start.data, form.end.data


@bp.get("/contracts/<code>/reports/<int:report_id>")
@login_required
def show_report(code, report_id):
    contract, report = _load(code, report_id)
    return _detail(contract, report)


@bp.post("/contracts/<code>/reports/<int:report_id>")
@login_required
def edit_report(code, report_id):
    contract, report = _load(code, report_id, "report.draft")
    form = EditReportForm()
    if not report.is_editable:
        abort(409)
    if form.validate_on_submit():
        if not not_modified_since(report, form.version.data):
            form.form_errors.append("Someone else saved this draft while you were editing. Your text is kept "
                                    "below; reload the page to see their changes, then apply yours again.")
        else:
            try:
                services.update_draft(report, title=form.title.data, sections=form.sections.data or [],
                                      narrative=form.narrative.data or "", methodology=form.methodology.data or "",
                                      impact_narrative=form.impact_narrative.data or "")
                db.session.commit()
            except services.ReportError as error:
                form.form_errors.append(str(error))
            except StaleDataError:
                db.session.rollback()
                form.form_errors.append("Someone else saved this draft at the same moment; your text is kept below.")
            else:
                form.version.data = report.version
                return done(url_for("reports.show_report", code=contract.code, report_id=report.id),
                            "Draft saved.", fragment="reports/_edit.html", contract=contract, report=report,
                            form=form, doc=services.document_context(report), error=None)
    return _detail(contract, report, form=form, status=422, fragment="reports/_edit.html")


@bp.post("/contracts/<code>/reports/<int:report_id>/preview")
@login_required
def preview_report(code, report_id):
    """The live preview: the typed text rendered with the report's template, nothing saved."""
    contract, report = _load(code, report_id, "report.draft")
    form = EditReportForm()
    with db.session.no_autoflush:
        doc = services.document_context(report)
        report_view = _PreviewReport(report, form)
        doc["report"] = report_view
        doc["sections"] = [s for s in doc["sections"] if s["key"] in (form.sections.data or report.sections)]
    html = render_template("reports/_preview.html", contract=contract, doc=doc)
    response = make_response(html)
    response.vary.add("HX-Request")
    return response


class _PreviewReport:
    """The report as typed (title, narrative, methodology), without touching the database row."""

    def __init__(self, report, form):
        self._report = report
        self.title = form.title.data or report.title
        self.narrative = form.narrative.data if form.narrative.data is not None else report.narrative
        self.impact_narrative = (form.impact_narrative.data if form.impact_narrative.data is not None
                                 else report.impact_narrative)
        self.methodology = form.methodology.data if form.methodology.data is not None else report.methodology

    def __getattr__(self, name):
        return getattr(self._report, name)


def _transition(code, report_id, action, fn, message):
    contract, report = _load(code, report_id, action)
    return run_and_redirect(lambda: fn(report), services.ReportError,
                            url_for("reports.show_report", code=contract.code, report_id=report.id), message,
                            rollback=True)


@bp.post("/contracts/<code>/reports/<int:report_id>/refresh")
@login_required
def refresh_report(code, report_id):
    return _transition(code, report_id, "report.draft", services.refresh_snapshot,
                       "The data has been taken again from the record as it stands today.")


@bp.post("/contracts/<code>/reports/<int:report_id>/submit")
@login_required
def submit_report(code, report_id):
    return _transition(code, report_id, "report.submit", lambda r: services.submit(r, current_user),
                       "Submitted for approval: a public contract manager will approve or send it back.")


@bp.post("/contracts/<code>/reports/<int:report_id>/send-back")
@login_required
def send_back_report(code, report_id):
    return _transition(code, report_id, "report.send_back", services.send_back, "Sent back to draft.")


@bp.post("/contracts/<code>/reports/<int:report_id>/approve")
@login_required
def approve_report(code, report_id):
    return _transition(code, report_id, "report.approve", lambda r: services.approve(r, current_user),
                       "Approved. It can now be published.")


@bp.post("/contracts/<code>/reports/<int:report_id>/publish")
@login_required
def publish_report(code, report_id):
    contract, report = _load(code, report_id, "report.publish")
    try:
        mode = services.publish_mode(report)
        if mode != "inline":  # a large report, or RQ: never lay out the PDF in the web worker
            services.queue_publication(report)
            db.session.commit()
            jobs.start_background(mode, report.id, current_user.id)
            return done(url_for("reports.show_report", code=contract.code, report_id=report.id),
                        "Publication queued: the PDF is being produced. This page updates when it is ready.")
        services.publish(report, current_user)
    except services.ReportError as error:
        db.session.commit()  # keeps the recorded render error; the report stays approved
        flash(str(error), "error")
        return done(url_for("reports.show_report", code=contract.code, report_id=report.id))
    db.session.commit()
    return done(url_for("reports.show_report", code=contract.code, report_id=report.id),
                f"Published. SHA-256 {report.pdf_sha256}.")


@bp.post("/contracts/<code>/reports/<int:report_id>/items/<section>")
@login_required
def choose_items(code, report_id, section):
    """The official's choice of items for a section (KPIs, feedback examples), with explicit
    release of restricted ones; each choice is a recorded (audited) row."""
    contract, report = _load(code, report_id, "report.draft")
    if not report.is_editable:
        abort(409)
    form = ItemsForm()

    def ids(name):
        return {int(v) for v in request.form.getlist(name) if v.isdigit()}

    if form.validate_on_submit():
        if not not_modified_since(report, form.version.data):
            flash("Someone else saved this draft while you were choosing; check the items and choose again.", "error")
            return done(url_for("reports.show_report", code=contract.code, report_id=report.id))
        try:
            services.set_items(report, current_user, section, ids("chosen"), ids("release"))
        except services.ReportError as error:
            db.session.rollback()
            flash(str(error), "error")
            return done(url_for("reports.show_report", code=contract.code, report_id=report.id))
        db.session.commit()
        return done(url_for("reports.show_report", code=contract.code, report_id=report.id) + f"#items-{section}",
                    "Items saved; the section has been taken again with your choice.")
    abort(400)


@bp.get("/contracts/<code>/reports/<int:report_id>/status")
@login_required
def report_status(code, report_id):
    contract, report = _load(code, report_id)
    response = make_response(render_template("reports/_status.html", contract=contract, report=report))
    if request.args.get("polling") and report.render_state not in ("queued", "rendering"):
        response.headers["HX-Refresh"] = "true"  # the PDF is ready (or failed): show the whole page anew
    return response


@bp.post("/contracts/<code>/reports/<int:report_id>/correct")
@login_required
def correct_report(code, report_id):
    contract, report = _load(code, report_id, "report.correct")
    try:
        draft = services.correct(report, current_user)
    except services.ReportError as error:
        flash(str(error), "error")
        return done(url_for("reports.show_report", code=contract.code, report_id=report.id))
    db.session.commit()
    return done(url_for("reports.show_report", code=contract.code, report_id=draft.id),
                f"Edition {draft.edition} started; publishing it will supersede edition {report.edition}.")


@bp.post("/contracts/<code>/reports/<int:report_id>/withdraw")
@login_required
def withdraw_report(code, report_id):
    contract, report = _load(code, report_id, "report.withdraw")
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw(report, form.reason.data)
        except services.ReportError as error:
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            return done(url_for("reports.show_report", code=contract.code, report_id=report.id),
                        "Withdrawn. The public notice shows your reason.")
    return _detail(contract, report, withdraw_form=form, status=422)


@bp.get("/reports/<int:report_id>.pdf")
def report_pdf(report_id):
    """The published PDF, for anyone. Drafts, withdrawn reports and unpublished contracts: 404."""
    report = db.session.get(Report, report_id)
    if report is None or report.status != "published" or not report.pdf_key or not access.can_read(current_user, report):
        abort(404)
    if request.if_none_match.contains(report.pdf_sha256):  # a published PDF never changes
        response = Response(status=304)
        response.set_etag(report.pdf_sha256)
        return response
    try:
        data = read_bytes(report.pdf_key)
    except FileNotFoundError:
        abort(404)
    response = Response(data, mimetype="application/pdf")
    response.set_etag(report.pdf_sha256)
    response.last_modified = report.published_at
    name = f"{report.contract.code}-report-{report.id}-edition-{report.edition}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A published PDF never changes, but it can be withdrawn: caches must ask again (cheaply, with
    # the ETag) rather than keep serving a withdrawn report for a day.
    response.headers["Cache-Control"] = "public, no-cache"
    response.set_etag(report.pdf_sha256)
    response.make_conditional(request)
    response.headers["X-Checksum-SHA256"] = report.pdf_sha256
    return response


def _public_panel(contract):
    reports = services.public_reports(contract)
    return {"reports": reports}


register_public_panel("reports", "reports/_public_panel.html", _public_panel, order=60)
register_home_panel("reports", "reports/_home_panel.html", lambda user: {"reports": services.latest_public_reports(user)},
                    order=60)
