"""Issue pages: the list with its filters and exports, raising and editing an issue, and the
record with its timeline (comments and status changes update it in place with htmx).

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.contracts.services import get_contract, member_contract, users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.issues import exports, queries, services
from portal.issues import record as _record  # noqa: F401  (the record's routes)
from portal.issues import registry as _registry  # noqa: F401  (registers links, actions and panels)
from portal.issues.blueprint import bp
from portal.issues.forms import FilterForm, IssueForm, SettingsForm
from portal.issues.models import PRIORITIES, UNITS, IssueAttachment
from portal.panels import resolve_link
from portal.richtext import markdown_html
from portal.web import done, invalid, render, save_form, send_bytes, send_stored

__all__ = ["bp"]


# ---- the list --------------------------------------------------------------------------------


def _filters(contract) -> tuple[FilterForm, queries.Filters]:
    form = FilterForm(request.args)
    form.category.choices = [("", "Any category")] + [(c, c) for c in services.categories_of(contract)]
    people = users_with_roles(contract, access.GOVERNMENT_ROLES | access.OPERATOR_ROLES)
    form.assignee.choices = [(0, "Anyone")] + [(p.id, p.name) for p in people]
    signed_in = current_user.is_authenticated
    return form, queries.Filters(
        status=form.status.data or "", priority=form.priority.data or "", category=form.category.data or "",
        party=form.party.data or "", assignee_id=form.assignee.data or None, overdue=bool(form.overdue.data),
        mine=bool(form.mine.data) and signed_in, watching=bool(form.watching.data) and signed_in,
        sort=form.sort.data if form.sort.data in queries.SORTS else "newest")


def _args() -> dict:
    return {k: v for k, v in request.args.items() if k != "after" and v}


@bp.get("/contracts/<code>/issues")
@login_required
def list_issues(code):
    contract = member_contract(code)
    form, filters = _filters(contract)
    after = request.args.get("after", "")
    items, cursor = queries.page(current_user, contract, filters, after)
    return render("issues/list.html", "issues/_results.html", contract=contract, form=form, items=items,
                  cursor=cursor, after=after, args=_args(), now=utcnow(),
                  total=queries.total(current_user, contract, filters),
                  counts=queries.counts(current_user, contract))


@bp.get("/contracts/<code>/issues/counts")
@login_required
def counts(code):
    contract = member_contract(code)
    return render("issues/_counts.html", contract=contract, counts=queries.counts(current_user, contract))


@bp.get("/contracts/<code>/issues/export.<fmt>")
@login_required
def export_issues(code, fmt):
    contract = member_contract(code)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _form, filters = _filters(contract)
    now = utcnow()
    table = exports.rows(queries.export_rows(current_user, contract, filters, now), contract, now)
    name = f"{contract.code}-issues-{now:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return send_bytes(exports.csv_bytes(table), name, "text/csv")
    return send_bytes(exports.xlsx_bytes(table, f"{contract.code} issues"), name,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# ---- raising and editing -----------------------------------------------------------------------


def _issue_form(contract, **values) -> IssueForm:
    form = IssueForm(**values)
    form.category.choices = [(c, c) for c in services.categories_of(contract)]
    return form


def _start_link(contract, raw: str):
    """`kind:id` of a record the new issue starts from (feedback), if it resolves and may be read."""
    kind, _, ident = (raw or "").partition(":")
    if not ident.isdigit():
        return None
    linked = resolve_link(kind, contract, int(ident))
    return linked if linked is not None and access.can(current_user, "view", linked) else None


def _input(form) -> services.IssueInput:
    return services.IssueInput(form.title.data or "", form.description.data or "", form.category.data,
                               form.priority.data, form.visibility.data, form.routed_to.data)


@bp.route("/contracts/<code>/issues/new", methods=["GET", "POST"])
@login_required
def new_issue(code):
    contract = member_contract(code, "issue.create")
    linked = _start_link(contract, request.values.get("link", ""))
    form = _issue_form(contract, link=f"{linked.kind}:{linked.ref_id}" if linked else "")
    if request.method == "GET" and linked is not None:
        form.title.data = linked.title[:200]
    created = {}

    def save():
        link = (linked.kind, linked.ref_id) if linked else None
        created["issue"] = services.raise_issue(contract, current_user, _input(form), link=link)

    if request.method == "POST" and save_form(form, save, services.IssueError, what="issue"):
        db.session.commit()
        issue = created["issue"]
        return done(url_for("issues.detail", code=contract.code, reference=issue.reference),
                    f"{issue.reference} raised and routed to {issue.routed_label.lower()}.")
    page = invalid if request.method == "POST" else render
    return page("issues/new.html", contract=contract, form=form, linked=linked)


@bp.route("/contracts/<code>/issues/<reference>/edit", methods=["GET", "POST"])
@login_required
def edit_issue(code, reference):
    contract = member_contract(code)
    issue = services.find_by_reference(contract, reference)
    access.authorize("view", issue)
    if not access.can_edit_issue(current_user, issue):
        access.refuse("issue.edit")
    form = _issue_form(contract, obj=issue) if request.method == "GET" else _issue_form(contract)
    if request.method == "POST" and save_form(form, lambda: services.edit_issue(issue, current_user, _input(form)),
                                              services.IssueError, record=issue, what="issue"):
        db.session.commit()
        return done(url_for("issues.detail", code=contract.code, reference=issue.reference), "Issue saved.")
    page = invalid if request.method == "POST" else render
    return page("issues/edit.html", contract=contract, issue=issue, form=form)


# ---- settings ----------------------------------------------------------------------------------


def _settings_form(contract):
    if request.method == "POST":
        return SettingsForm()
    row = services.settings_of(contract)
    values = {"categories": "\n".join(services.categories_of(contract)), "version": row.version}
    for priority, target in services.targets_of(contract).items():
        values.update({f"{priority}_{key}": value for key, value in target.items()})
    return SettingsForm(formdata=None, **values)


def _targets(form) -> dict:
    return {p: {k: form[f"{p}_{k}"].data for k in ("respond", "respond_unit", "resolve", "resolve_unit")}
            for p in PRIORITIES}


@bp.route("/contracts/<code>/issues/settings", methods=["GET", "POST"])
@login_required
def settings(code):
    contract = member_contract(code, "contract.view_member" if request.method == "GET" else "issue.configure")
    row = services.settings_of(contract)
    form = _settings_form(contract)

    def save():
        services.save_settings(contract, _targets(form), (form.categories.data or "").splitlines())

    if request.method == "POST" and save_form(form, save, services.IssueError,
                                              record=row if row.id else None, what="settings"):
        db.session.commit()
        return done(url_for("issues.settings", code=contract.code), "Issue settings saved.")
    page = invalid if request.method == "POST" else render
    return page("issues/settings.html", contract=contract, form=form, priorities=PRIORITIES, units=UNITS,
                can_configure=access.can(current_user, "issue.configure", contract))


# ---- files ---------------------------------------------------------------------------------------


@bp.get("/contracts/<code>/issues/<reference>/files/<int:file_id>")
def attachment(code, reference, file_id):
    contract = get_contract(code)
    issue = services.find_by_reference(contract, reference) if contract else None
    access.authorize("view", issue)
    item = db.session.get(IssueAttachment, file_id)
    if item is None or item.issue_id != issue.id:
        abort(404)
    return send_stored(item.key, item.original_name, item.content_type)


@bp.app_template_filter("issue_markdown")
def issue_markdown(text: str):
    return markdown_html(text or "", top_level=3)
