"""One issue: its page, and the forms on it. A comment or a status change answers htmx with the
updated timeline (and `HX-Trigger: issues-changed` so that the counts refresh); without
JavaScript every form posts and redirects back to the page."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user, login_required

from portal import access, storage
from portal.auth.models import User
from portal.contracts.services import get_contract
from portal.db import utcnow
from portal.extensions import db
from portal.issues import queries, services
from portal.issues.blueprint import bp
from portal.issues.forms import (
    AssignForm,
    AttachForm,
    CommentForm,
    FailureForm,
    LinkForm,
    StatusForm,
    WatchForm,
    to_utc,
)
from portal.issues.models import STATUSES
from portal.issues.services import TRANSITIONS
from portal.panels import link_kinds, resolve_link
from portal.web import done, invalid, render, save_form
from portal.workdays import zone

MAX_FILE_BYTES = 10 * 1024 * 1024
WORK = "issues/_work.html"


def _load(code: str, reference: str, action: str = "view"):
    contract = get_contract(code)
    issue = services.find_by_reference(contract, reference) if contract else None
    access.authorize(action, issue)
    return contract, issue


def _require(allowed: bool, action: str) -> None:
    if not allowed:
        access.refuse(action)


def _link_choices(contract) -> dict:
    groups = {}
    for kind in link_kinds():
        if kind.kind != "area" and kind.choices is not None:
            options = [(f"{kind.kind}:{ident}", label) for ident, label in kind.choices(current_user, contract)]
            if options:
                groups[kind.label] = options
    return groups


def _area_choices(contract) -> list:
    kind = next((k for k in link_kinds() if k.kind == "area"), None)
    if kind is None or kind.choices is None:
        return []
    return list(kind.choices(current_user, contract))


def _local(moment, contract):
    """A stored UTC time as the contract's local wall-clock time, for a datetime-local input."""
    return moment.astimezone(zone(contract.time_zone)).replace(tzinfo=None) if moment else None


def _shown_links(contract, issue) -> list:
    shown = []
    for link in issue.links:
        linked = resolve_link(link.kind, contract, link.ref_id)
        if linked is not None and access.can(current_user, "view", linked):
            shown.append(linked)
    return shown


def _context(contract, issue, **forms) -> dict:
    version = issue.version
    status_form = forms.get("status") or StatusForm(formdata=None, version=version)
    status_form.status.choices = [(s, STATUSES[s]) for s in TRANSITIONS[issue.status]
                                  if access.can_change_issue_status(current_user, issue, s)]
    assign_form = forms.get("assign") or AssignForm(formdata=None, version=version, assignee=issue.assignee_id or 0)
    assign_form.assignee.choices = [(0, "Nobody")] + [(p.id, p.name) for p in services.routed_people(issue)]
    link_form = forms.get("link") or LinkForm(formdata=None)
    link_form.link.choices = _link_choices(contract)
    failure_form = forms.get("failure") or FailureForm(
        formdata=None, version=version, area=issue.failure_area_id, criterion=issue.failure_criterion or None,
        reported_at=_local(issue.failure_reported_at, contract), rectified_at=_local(issue.failure_rectified_at, contract))
    failure_form.area.choices = _area_choices(contract)
    dispute = resolve_link("dispute", contract, issue.dispute_id) if issue.dispute_id else None
    return dict(
        contract=contract, issue=issue, now=utcnow(), status_form=status_form, assign_form=assign_form,
        comment_form=forms.get("comment") or CommentForm(formdata=None), link_form=link_form,
        attach_form=forms.get("attach") or AttachForm(formdata=None), failure_form=failure_form,
        watch_form=WatchForm(formdata=None), watching=services.is_watching(issue, current_user),
        links=_shown_links(contract, issue), can_work=access.can_work_on_issue(current_user, issue),
        can_edit=access.can_edit_issue(current_user, issue),
        counts=queries.counts(current_user, contract) if access.role_in(current_user, contract) else None,
        dispute=dispute if dispute and access.can(current_user, "view", dispute) else None,
        error_form=next(iter(forms), None))


def _detail_url(contract, issue) -> str:
    return url_for("issues.detail", code=contract.code, reference=issue.reference)


@bp.get("/contracts/<code>/issues/<reference>")
def detail(code, reference):
    contract, issue = _load(code, reference)
    return render("issues/detail.html", **_context(contract, issue))


def _worked(contract, issue, message: str):
    """After a comment or status change: commit, then the new timeline (htmx) or 303."""
    db.session.commit()
    return done(_detail_url(contract, issue), message, fragment=WORK, trigger="issues-changed",
                **_context(contract, issue))


@bp.post("/contracts/<code>/issues/<reference>/comments")
@login_required
def comment(code, reference):
    contract, issue = _load(code, reference, "comment")
    form = CommentForm()
    if not save_form(form, lambda: services.add_comment(issue, current_user, form.body.data), services.IssueError):
        return invalid("issues/detail.html", WORK, **_context(contract, issue, comment=form))
    return _worked(contract, issue, "Comment added.")


@bp.post("/contracts/<code>/issues/<reference>/status")
@login_required
def change_status(code, reference):
    contract, issue = _load(code, reference)
    _require(access.can_change_issue_status(current_user, issue, request.form.get("status", "")), "issue.answer")
    form = StatusForm()
    form.status.choices = list(STATUSES.items())
    run = lambda: services.change_status(issue, current_user, form.status.data, form.reason.data or "")  # noqa: E731
    if not save_form(form, run, services.IssueError, record=issue, what="issue"):
        return invalid("issues/detail.html", WORK, **_context(contract, issue, status=form))
    return _worked(contract, issue, f"{issue.reference} is now {issue.status_label.lower()}.")


@bp.post("/contracts/<code>/issues/<reference>/assign")
@login_required
def assign(code, reference):
    contract, issue = _load(code, reference)
    _require(access.can_work_on_issue(current_user, issue), "issue.answer")
    form = AssignForm()
    form.assignee.choices = [(0, "Nobody")] + [(p.id, p.name) for p in services.routed_people(issue)]
    person = lambda: db.session.get(User, form.assignee.data) if form.assignee.data else None  # noqa: E731
    if not save_form(form, lambda: services.assign(issue, current_user, person()), services.IssueError,
                     record=issue, what="issue"):
        return invalid("issues/detail.html", **_context(contract, issue, assign=form))
    db.session.commit()
    return done(_detail_url(contract, issue), "Assignment saved.")


@bp.post("/contracts/<code>/issues/<reference>/files")
@login_required
def attach(code, reference):
    contract, issue = _load(code, reference, "comment")
    form = AttachForm()
    try:
        stored = storage.store_upload(form.file.data, storage.DOCUMENTS, MAX_FILE_BYTES) if form.file.data else None
    except storage.UploadRejected as error:
        stored, form.file.errors = None, [str(error)]
    if stored is None:
        form.file.errors = form.file.errors or ["Choose a file to attach."]
        return invalid("issues/detail.html", **_context(contract, issue, attach=form))
    services.attach(issue, current_user, stored)
    db.session.commit()
    return done(_detail_url(contract, issue), f"{stored.original_name} attached.")


@bp.post("/contracts/<code>/issues/<reference>/links")
@login_required
def add_link(code, reference):
    contract, issue = _load(code, reference)
    _require(access.can_edit_issue(current_user, issue) or access.can_work_on_issue(current_user, issue),
             "issue.edit")
    form = LinkForm()
    form.link.choices = _link_choices(contract)
    kind, _, ident = (request.form.get("link") or "").partition(":")
    run = lambda: services.add_link(issue, current_user, kind, int(ident) if ident.isdigit() else 0)  # noqa: E731
    if not save_form(form, run, services.IssueError):
        return invalid("issues/detail.html", **_context(contract, issue, link=form))
    db.session.commit()
    return done(_detail_url(contract, issue), "Link added.")


@bp.post("/contracts/<code>/issues/<reference>/service-failure")
@login_required
def mark_failure(code, reference):
    contract, issue = _load(code, reference, "issue.mark_failure")
    form = FailureForm()
    form.area.choices = _area_choices(contract)
    zone = contract.time_zone
    run = lambda: services.mark_service_failure(  # noqa: E731
        issue, current_user, form.area.data, form.criterion.data, to_utc(form.reported_at.data, zone),
        to_utc(form.rectified_at.data, zone))
    if not save_form(form, run, services.IssueError, record=issue, what="issue"):
        return invalid("issues/detail.html", **_context(contract, issue, failure=form))
    db.session.commit()
    return done(_detail_url(contract, issue), "Marked as a service failure.")


@bp.post("/contracts/<code>/issues/<reference>/watch")
@login_required
def toggle_watch(code, reference):
    contract, issue = _load(code, reference)
    watching = services.is_watching(issue, current_user)
    (services.unwatch if watching else services.watch)(issue, current_user)
    db.session.commit()
    return done(_detail_url(contract, issue), "You no longer watch this issue." if watching
                else "You will be told about changes to this issue.")
