"""The rules of issues: raising one, the targets by priority, the workflow and the timeline.

Plain functions over models; no request objects. They flush, the view commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from portal import access, signals
from portal import workdays as clock
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import (
    DEFAULT_CATEGORIES,
    DEFAULT_TARGETS,
    ISSUE_VISIBILITIES,
    PARTIES,
    PRIORITIES,
    PRIORITY_RANK,
    STATUSES,
    UNITS,
    Issue,
    IssueAttachment,
    IssueEvent,
    IssueLink,
    IssueSettings,
)
from portal.issues.watching import is_watching, issue_url, tell_watchers, unwatch, watch, watchers  # noqa: F401
from portal.notifications.services import notify_many
from portal.panels import resolve_link

# Which status may follow which; reopening (back to open) needs a reason.
TRANSITIONS = {
    "open": ("in_progress", "resolved"),
    "in_progress": ("resolved",),
    "resolved": ("closed", "open"),
    "closed": ("open",),
}
_NUMBER_LOCK = 41_009  # PostgreSQL advisory lock class for issue numbers


class IssueError(Exception):
    """A rule was broken; `field` names the form field the message belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- settings: categories and targets --------------------------------------------------------


def settings_of(contract: Contract) -> IssueSettings:
    """The contract's settings row, or unsaved defaults (nothing is written on a read)."""
    row = db.session.scalar(sa.select(IssueSettings).where(IssueSettings.contract_id == contract.id))
    return row or IssueSettings(contract_id=contract.id, targets=dict(DEFAULT_TARGETS),
                                categories=list(DEFAULT_CATEGORIES), version=0)


def targets_of(contract: Contract) -> dict:
    targets = dict(DEFAULT_TARGETS)
    targets.update({k: v for k, v in (settings_of(contract).targets or {}).items() if k in PRIORITIES})
    return targets


def categories_of(contract: Contract) -> list[str]:
    return list(settings_of(contract).categories or DEFAULT_CATEGORIES)


def save_settings(contract: Contract, targets: dict, categories: list[str]) -> IssueSettings:
    """Replace the targets and categories; issues already raised keep their due times."""
    clean_targets = {}
    for priority in PRIORITIES:
        target = targets.get(priority) or {}
        for key in ("respond", "resolve"):
            value, unit = target.get(key), target.get(f"{key}_unit")
            if not isinstance(value, int) or not 1 <= value <= 365:
                raise IssueError(f"{PRIORITIES[priority]}: give a whole number from 1 to 365.", f"{priority}_{key}")
            if unit not in UNITS:
                raise IssueError(f"{PRIORITIES[priority]}: choose hours or working days.", f"{priority}_{key}_unit")
        if _span(target["resolve"], target["resolve_unit"]) < _span(target["respond"], target["respond_unit"]):
            raise IssueError(f"{PRIORITIES[priority]}: the resolution target cannot be shorter than the "
                             "response target.", f"{priority}_resolve")
        clean_targets[priority] = {k: target[k] for k in ("respond", "respond_unit", "resolve", "resolve_unit")}
    names = []
    for name in categories:
        name = " ".join(name.split())[:80]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    if not names:
        raise IssueError("Keep at least one category.", "categories")
    row = db.session.scalar(sa.select(IssueSettings).where(IssueSettings.contract_id == contract.id))
    if row is None:
        row = IssueSettings(contract_id=contract.id)
        db.session.add(row)
    row.targets, row.categories = clean_targets, names
    db.session.flush()
    return row


def _span(value: int, unit: str) -> float:
    """A rough length in hours, only to compare two targets."""
    return value if unit == "hours" else value * 24.0


def due_at(contract: Contract, start: datetime, value: int, unit: str) -> datetime:
    """The target time: elapsed hours, or the end of the Nth working day on the contract's clock."""
    if unit == "hours":
        return start + timedelta(hours=value)
    return clock.deadline(start, value, contract.time_zone, contract.calendar)


def due_times(contract: Contract, priority: str, start: datetime) -> tuple[datetime, datetime]:
    target = targets_of(contract)[priority]
    return (due_at(contract, start, target["respond"], target["respond_unit"]),
            due_at(contract, start, target["resolve"], target["resolve_unit"]))


# ---- references ------------------------------------------------------------------------------


def _next_number(contract: Contract) -> int:
    if db.session.get_bind().dialect.name == "postgresql":  # two raisers never take one number
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:k, :c)"), {"k": _NUMBER_LOCK, "c": contract.id})
    current = db.session.scalar(sa.select(sa.func.max(Issue.number)).where(Issue.contract_id == contract.id))
    return (current or 0) + 1


def find_by_reference(contract: Contract, reference: str) -> Issue | None:
    return db.session.scalar(sa.select(Issue).where(Issue.contract_id == contract.id,
                                                    Issue.reference == (reference or "").upper()))


# ---- raising and editing ---------------------------------------------------------------------


@dataclass
class IssueInput:
    title: str
    description: str
    category: str
    priority: str
    visibility: str = "community"
    routed_to: str = "operator"


def _clean(contract: Contract, data: IssueInput) -> IssueInput:
    title = " ".join((data.title or "").split())
    if not title:
        raise IssueError("Give the issue a title.", "title")
    if len(title) > 200:
        raise IssueError("Keep the title to 200 characters.", "title")
    if len(data.description or "") > 20_000:
        raise IssueError("Keep the description to 20,000 characters.", "description")
    if data.priority not in PRIORITIES:
        raise IssueError("Choose a priority.", "priority")
    if data.category not in categories_of(contract):
        raise IssueError("Choose one of the contract's categories.", "category")
    if data.visibility not in ISSUE_VISIBILITIES:
        raise IssueError("Choose who may see the issue.", "visibility")
    if data.routed_to not in PARTIES:
        raise IssueError("Choose the party the issue goes to.", "routed_to")
    return IssueInput(title, (data.description or "").strip(), data.category, data.priority,
                      data.visibility, data.routed_to)


def raise_issue(contract: Contract, user, data: IssueInput, *, link: tuple[str, int] | None = None,
                at: datetime | None = None) -> Issue:
    """A new issue with its targets started; the raiser watches it and the routed party is told.
    With `link` (kind, id) the issue starts from another record (feedback): both are linked."""
    data = _clean(contract, data)
    at = at or utcnow()
    number = _next_number(contract)
    respond_due, resolve_due = due_times(contract, data.priority, at)
    issue = Issue(contract_id=contract.id, number=number, reference=f"{contract.code}-ISS-{number:04d}",
                  title=data.title, description=data.description, category=data.category,
                  priority=data.priority, priority_rank=PRIORITY_RANK[data.priority], status="open",
                  routed_to=data.routed_to, visibility=data.visibility, raised_by_id=getattr(user, "id", None),
                  raised_at=at, respond_due_at=respond_due, resolve_due_at=resolve_due)
    db.session.add(issue)
    db.session.flush()
    add_event(issue, "raised", user, f"Raised with {data.priority} priority, routed to "
              f"{PARTIES[data.routed_to].lower()}.", at=at)
    if user is not None:
        watch(issue, user)
    if link is not None:
        linked = add_link(issue, user, *link, at=at)
        signals.record_taken_up.send(contract, source_kind=linked.kind, source_id=linked.ref_id,
                                     target_kind="issue", target_id=issue.id, target_reference=issue.reference,
                                     target_public=issue.visibility == "public", user=user)
    notify_many([u for u in routed_people(issue) if u.id != getattr(user, "id", None)],
                f"New {issue.priority} issue {issue.reference}", issue.title, issue_url(issue), contract)
    return issue


def edit_issue(issue: Issue, actor, data: IssueInput, at: datetime | None = None) -> None:
    """Change the details. A new priority restarts nothing: its targets count from when the issue
    was raised. A new party is told."""
    contract = issue.contract
    data = _clean(contract, data)
    changes = []
    if data.priority != issue.priority:
        issue.respond_due_at, issue.resolve_due_at = due_times(contract, data.priority, issue.raised_at)
        changes.append(f"priority {issue.priority} → {data.priority}")
    if data.routed_to != issue.routed_to:
        changes.append(f"routed to {PARTIES[data.routed_to].lower()}")
    if data.visibility != issue.visibility:
        changes.append(f"visible to {data.visibility}")
        _set_visibility(issue, data.visibility)
    rerouted = data.routed_to != issue.routed_to
    issue.title, issue.description, issue.category = data.title, data.description, data.category
    issue.priority, issue.priority_rank, issue.routed_to = data.priority, PRIORITY_RANK[data.priority], data.routed_to
    add_event(issue, "routed" if rerouted else "edited", actor, "; ".join(changes).capitalize() or "Details edited.",
              at=at)
    if rerouted:
        notify_many([u for u in routed_people(issue) if u.id != actor.id], f"{issue.reference} was routed to you",
                    issue.title, issue_url(issue), contract)


def _set_visibility(issue: Issue, visibility: str) -> None:
    issue.visibility = visibility
    for row in [*issue.events, *issue.attachments, *issue.links]:
        row.visibility = visibility


def routed_people(issue: Issue) -> list:
    roles = access.OPERATOR_ROLES if issue.routed_to == "operator" else access.GOVERNMENT_ROLES
    return users_with_roles(issue.contract, roles)


# ---- the timeline ----------------------------------------------------------------------------


def add_event(issue: Issue, kind: str, actor, body: str = "", *, at: datetime | None = None,
              from_status: str = "", to_status: str = "", attachment_id: int | None = None) -> IssueEvent:
    event = IssueEvent(issue_id=issue.id, contract_id=issue.contract_id, kind=kind, body=body or "",
                       from_status=from_status, to_status=to_status, attachment_id=attachment_id,
                       actor_id=getattr(actor, "id", None), actor_name=actor.name if actor is not None else "Portal",
                       visibility=issue.visibility, created_at=at or utcnow())
    with db.session.no_autoflush:
        issue.events.append(event)
    db.session.flush()
    return event


def _note_response(issue: Issue, actor, at: datetime) -> None:
    """The first word from the party the issue is routed to (or the government) stops the
    response clock."""
    if issue.responded_at is not None or actor is None or actor.id == issue.raised_by_id:
        return
    side = access.side_of(access.role_in(actor, issue.contract_id))
    if side in ("government", issue.routed_to):
        issue.responded_at = at


MENTION = re.compile(r"@([\w.'-]+(?: [\w.'-]+){0,3})")


def mentioned(issue: Issue, text: str) -> list:
    """Members of the contract named as @Full Name in `text` who may read the issue."""
    lowered = (text or "").lower()
    if "@" not in lowered:
        return []
    people = users_with_roles(issue.contract, access.ROLES)
    return [p for p in people if f"@{p.name.lower()}" in lowered and access.can_read(p, issue)]


def add_comment(issue: Issue, actor, body: str, at: datetime | None = None) -> IssueEvent:
    body = (body or "").strip()
    if not body:
        raise IssueError("Write the comment.", "body")
    if len(body) > 10_000:
        raise IssueError("Keep the comment to 10,000 characters.", "body")
    at = at or utcnow()
    event = add_event(issue, "comment", actor, body, at=at)
    _note_response(issue, actor, at)
    named = mentioned(issue, body)
    notify_many([p for p in named if p.id != actor.id], f"{actor.name} mentioned you on {issue.reference}",
                body[:200], issue_url(issue), issue.contract)
    tell_watchers(issue, actor, f"New comment on {issue.reference}", body[:200], skip={p.id for p in named})
    return event


def change_status(issue: Issue, actor, to_status: str, reason: str = "", at: datetime | None = None) -> None:
    """Move along open → in progress → resolved → closed; reopening needs a reason."""
    if to_status not in STATUSES:
        raise IssueError("Choose a status.", "status")
    if to_status not in TRANSITIONS[issue.status]:
        raise IssueError(f"A {issue.status_label.lower()} issue cannot become {STATUSES[to_status].lower()}.",
                         "status")
    reason = (reason or "").strip()
    reopening = to_status == "open"
    if reopening and not reason:
        raise IssueError("Say why the issue is reopened.", "reason")
    at = at or utcnow()
    from_status, issue.status = issue.status, to_status
    if reopening:
        issue.reopened_count += 1
        issue.resolved_at = issue.closed_at = None
    elif to_status == "resolved":
        issue.resolved_at = at
    elif to_status == "closed":
        issue.closed_at = at
    add_event(issue, "reopened" if reopening else "status", actor, reason, at=at,
              from_status=from_status, to_status=to_status)
    _note_response(issue, actor, at)
    if to_status == "resolved":
        hand_over_failure(issue, actor, at)
    tell_watchers(issue, actor, f"{issue.reference} is now {issue.status_label.lower()}", reason[:200])


def assign(issue: Issue, actor, assignee, at: datetime | None = None) -> None:
    if assignee is not None and not (access.can_read(assignee, issue) and access.can_work_on_issue(assignee, issue)):
        raise IssueError("That person cannot work on this issue.", "assignee")
    if getattr(assignee, "id", None) == issue.assignee_id:
        raise IssueError("The issue is already assigned to them." if assignee else "Nobody is assigned.", "assignee")
    issue.assignee_id = getattr(assignee, "id", None)
    add_event(issue, "assigned", actor, f"Assigned to {assignee.name}." if assignee else "Unassigned.", at=at)
    if assignee is not None:
        watch(issue, assignee)
        if assignee.id != actor.id:
            notify_many([assignee], f"{issue.reference} was assigned to you", issue.title, issue_url(issue),
                        issue.contract)


def attach(issue: Issue, actor, stored, at: datetime | None = None) -> IssueAttachment:
    """A checked, stored file (portal.storage.store_upload) on the issue's timeline."""
    item = IssueAttachment(issue_id=issue.id, contract_id=issue.contract_id, key=stored.key,
                           original_name=stored.original_name, size=stored.size, content_type=stored.content_type,
                           sha256=stored.sha256, uploaded_by_id=actor.id, visibility=issue.visibility,
                           created_at=at or utcnow())
    with db.session.no_autoflush:
        issue.attachments.append(item)
    db.session.flush()
    add_event(issue, "attachment", actor, stored.original_name, at=at, attachment_id=item.id)
    return item


def add_link(issue: Issue, actor, kind: str, ref_id: int, at: datetime | None = None) -> IssueLink:
    """Link another feature's record; it must be the contract's and readable by `actor`."""
    linked = resolve_link(kind, issue.contract, ref_id)
    if linked is None or (actor is not None and not access.can(actor, "view", linked)):
        raise IssueError("Choose a record of this contract that you can see.", "link")
    if any(link.kind == kind and link.ref_id == ref_id for link in issue.links):
        raise IssueError("The issue is already linked to that record.", "link")
    link = IssueLink(issue_id=issue.id, contract_id=issue.contract_id, kind=kind, ref_id=ref_id,
                     label=linked.title[:200], visibility=issue.visibility, created_at=at or utcnow())
    with db.session.no_autoflush:
        issue.links.append(link)
    db.session.flush()
    add_event(issue, "linked", actor, linked.title, at=at)
    return link


# ---- service failures: the hand-over to performance -------------------------------------------


def mark_service_failure(issue: Issue, actor, area_id: int, criterion: str, reported_at: datetime,
                         rectified_at: datetime | None, at: datetime | None = None) -> None:
    """Record that the issue is a service failure in one of the operator's functional areas
    (a performance "area" link); on resolution it becomes a failure event of that month."""
    if issue.routed_to != "operator":
        raise IssueError("Only an issue routed to the operator can be a service failure.")
    if issue.failure_handed_over_at is not None:
        raise IssueError("This failure was already handed over to performance; change it there.")
    area = resolve_link("area", issue.contract, area_id) if area_id else None
    if area is None:
        raise IssueError("Choose one of the contract's functional areas.", "area")
    criterion = " ".join((criterion or "").split())
    if not criterion:
        raise IssueError("Name the failed criterion (for example “lighting” or “heating”).", "criterion")
    now = at or utcnow()
    if reported_at > now:
        raise IssueError("The failure cannot be reported in the future.", "reported_at")
    if rectified_at is not None and (rectified_at < reported_at or rectified_at > now):
        raise IssueError("Rectified must be after reported and not in the future.", "rectified_at")
    issue.is_service_failure = True
    issue.failure_area_id, issue.failure_area_name = area.ref_id, area.title[:120]
    issue.failure_criterion = criterion[:120]
    issue.failure_reported_at, issue.failure_rectified_at = reported_at, rectified_at
    add_event(issue, "service_failure", actor, f"{criterion} in {area.title}.", at=at)
    if issue.status == "resolved":
        hand_over_failure(issue, actor, now)


def hand_over_failure(issue: Issue, actor, at: datetime) -> bool:
    """Announce a resolved service failure (portal.signals.service_failure_resolved) once; the
    performance feature records it as a failure event of the month it was reported in."""
    if not issue.is_service_failure or issue.failure_handed_over_at is not None:
        return False
    rectified = issue.failure_rectified_at or at
    try:
        received = signals.service_failure_resolved.send(
            issue.contract, area_id=issue.failure_area_id, criterion=issue.failure_criterion,
            reported_at=issue.failure_reported_at, rectified_at=rectified, reference=issue.reference,
            description=issue.title, user=actor)
    except signals.Refused as refusal:  # e.g. the month is settled: the performance side says why
        raise IssueError(str(refusal)) from None
    if not received:  # nobody records failure events (no performance feature): nothing was handed over
        return False
    issue.failure_rectified_at = rectified
    issue.failure_handed_over_at = at
    month = issue.failure_reported_at.astimezone(clock.zone(issue.contract.time_zone)).strftime("%B %Y")
    add_event(issue, "handed_over", actor, f"Sent to performance as a failure event for {month}.", at=at)
    return True


# ---- escalation into a dispute (told by the disputes feature through a signal) ------------------


@signals.record_taken_up.connect
def _escalated(contract, source_kind=None, source_id=None, target_kind=None, target_id=None,
               target_reference="", user=None, **_kwargs) -> None:
    if source_kind != "issue" or target_kind != "dispute":
        return
    issue = db.session.get(Issue, source_id)
    if issue is None or issue.contract_id != getattr(contract, "id", None):
        return
    issue.dispute_id, issue.dispute_reference = target_id, target_reference or ""
    # Disputes are read by the parties only: the timeline (read by the community too) names no
    # reference; the page links the dispute for those who may read it.
    add_event(issue, "escalated", user, "Escalated into a formal dispute between the parties.")
