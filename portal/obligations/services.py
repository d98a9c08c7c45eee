"""The rules of obligations: the schedule of due dates, sending and checking the evidence that
discharges one, the calendar, the list across contracts, and reminders. Functions flush; the view
(or the command) commits."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal import access
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.notifications.services import notify_many
from portal.obligations.models import (
    CATEGORIES,
    FREQUENCIES,
    MONTHS_BETWEEN,
    OPEN_DUE,
    OWERS,
    Obligation,
    ObligationDue,
    ObligationEvidence,
)

REMIND_DAYS = 14  # the first reminder, this many days before the due date
OVERDUE_EVERY = timedelta(days=7)  # overdue reminders repeat weekly until the evidence is sent
SIDE_ROLES = {"operator": ("operator_manager", "operator_staff"), "government": ("public_manager", "public_officer")}
CHECKER_ROLES = {"government": ("public_manager", "public_officer"), "operator": ("operator_manager",)}
TEXT_FIELDS = ("title", "clause", "evidence_required", "condition_required")


class ObligationError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def local_today(contract) -> date:
    return utcnow().astimezone(ZoneInfo(contract.time_zone or "UTC")).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, moved back to the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


# ---- the obligations and their schedule -------------------------------------------------------------


def _clean(contract, values: dict) -> dict:
    title = " ".join((values.get("title") or "").split())
    if not title:
        raise ObligationError("Name the obligation.", "title")
    if values.get("category") not in CATEGORIES:
        raise ObligationError("Choose the kind of obligation.", "category")
    if values.get("owed_by") not in OWERS:
        raise ObligationError("Choose who owes it.", "owed_by")
    if values.get("frequency") not in FREQUENCIES:
        raise ObligationError("Choose how often it falls due.", "frequency")
    first = values.get("first_due_on")
    if first is None:
        raise ObligationError("Give the next due date.", "first_due_on")
    if not contract.start_date <= first <= contract.end_date:
        raise ObligationError(f"The due date must fall within the contract ({contract.start_date:%d %b %Y} to "
                              f"{contract.end_date:%d %b %Y}).", "first_due_on")
    return {**values, "title": title[:200]}


def add_obligation(contract, values: dict) -> Obligation:
    values = _clean(contract, values)
    obligation = Obligation(contract_id=contract.id, category=values["category"], owed_by=values["owed_by"],
                            frequency=values["frequency"], first_due_on=values["first_due_on"],
                            visibility=values.get("visibility") or "partners")
    for name in TEXT_FIELDS:
        setattr(obligation, name, (values.get(name) or "").strip())
    db.session.add(obligation)
    db.session.flush()
    _open_due(obligation, values["first_due_on"])
    return obligation


def update_obligation(obligation: Obligation, values: dict) -> None:
    """Change the details; a new next due date moves the open due date if no evidence was sent for it."""
    values = _clean(obligation.contract, values)
    for name in TEXT_FIELDS:
        setattr(obligation, name, (values.get(name) or "").strip())
    obligation.category, obligation.frequency = values["category"], values["frequency"]
    obligation.active = bool(values.get("active", True))
    if values["owed_by"] != obligation.owed_by:
        obligation.owed_by = values["owed_by"]
        for due in obligation.dues:
            if due.is_open:
                due.owed_by = obligation.owed_by
    following = obligation.next_due
    if following is not None and following.due_on != values["first_due_on"]:
        if following.status != "due":
            raise ObligationError("Evidence was already sent for the next due date; it cannot move now.",
                                  "first_due_on")
        following.due_on = values["first_due_on"]
    db.session.flush()


def _open_due(obligation: Obligation, due_on: date) -> ObligationDue:
    due = ObligationDue(obligation_id=obligation.id, contract_id=obligation.contract_id, owed_by=obligation.owed_by,
                        due_on=due_on, status="due", visibility=obligation.visibility)
    with db.session.no_autoflush:
        obligation.dues.append(due)
    db.session.flush()
    return due


def _schedule_next(obligation: Obligation, after: ObligationDue) -> ObligationDue | None:
    months = MONTHS_BETWEEN.get(obligation.frequency)
    if not months or not obligation.active:
        return None
    following = add_months(after.due_on, months)
    if following > obligation.contract.end_date or any(d.due_on == following for d in obligation.dues):
        return None
    return _open_due(obligation, following)


# ---- discharging a due date ----------------------------------------------------------------------


def send_evidence(due: ObligationDue, user, stored_files, description: str = "", at: datetime | None = None) -> None:
    """The owing party sends the evidence (checked files, SHA-256) for the other party to check."""
    if due.status not in ("due", "returned"):
        raise ObligationError("Evidence for this due date was already sent.")
    if not stored_files:
        raise ObligationError("Attach the file that shows the obligation was met.", "files")
    at = at or utcnow()
    for stored in stored_files:
        item = ObligationEvidence(
            due_id=due.id, contract_id=due.contract_id, key=stored.key, original_name=stored.original_name,
            size=stored.size, content_type=stored.content_type, sha256=stored.sha256,
            description=(description or "")[:300], uploaded_by_id=getattr(user, "id", None),
            visibility=due.visibility)
        with db.session.no_autoflush:
            due.evidence.append(item)
    due.status = "submitted"
    due.submitted_at = at
    due.submitted_by_id = getattr(user, "id", None)
    due.late = at.astimezone(ZoneInfo(due.obligation.contract.time_zone or "UTC")).date() > due.due_on
    db.session.flush()
    other = "government" if due.owed_by == "operator" else "operator"
    _notify(due, CHECKER_ROLES[other], "evidence to check",
            f"{due.obligation.title}, due {due.due_on:%d %b %Y}{' (sent late)' if due.late else ''}.")


def check(due: ObligationDue, user, *, accept: bool, comment: str = "", at: datetime | None = None) -> None:
    """Accept the evidence (the due date is discharged and the next one scheduled) or return it."""
    if due.status != "submitted":
        raise ObligationError("There is no evidence waiting to be checked.")
    if not accept and not (comment or "").strip():
        raise ObligationError("Say what is missing, so that the evidence can be sent again.", "comment")
    due.checked_at = at or utcnow()
    due.checked_by_id = getattr(user, "id", None)
    due.comment = (comment or "").strip()
    due.status = "discharged" if accept else "returned"
    db.session.flush()
    if accept:
        _schedule_next(due.obligation, due)
    else:
        _notify(due, SIDE_ROLES[due.owed_by], "evidence returned", due.comment)


def _notify(due: ObligationDue, roles, title: str, body: str) -> int:
    contract = due.obligation.contract
    url = f"/contracts/{contract.code}/obligations/{due.obligation_id}"
    return notify_many(users_with_roles(contract, roles), f"{contract.code} obligation: {title}", body, url, contract)


# ---- reading --------------------------------------------------------------------------------------


def obligations_of(user, contract, *, handback: bool | None = None) -> list[Obligation]:
    query = (sa.select(Obligation).where(access.visible_clause(user, Obligation, contract))
             .options(selectinload(Obligation.dues)).order_by(Obligation.title))
    rows = list(db.session.scalars(query))
    return [o for o in rows if handback is None or o.is_handback == handback]


def calendar_months(user, contract, today: date, back: int = 6, ahead: int = 12) -> tuple[list, list]:
    """(overdue dues before the window, [(first day of month, [dues])]) from `back` months ago to
    `ahead` months on."""
    first = add_months(today.replace(day=1), -back)
    last = month_end(add_months(today.replace(day=1), ahead))
    visible = access.visible_clause(user, ObligationDue, contract)
    rows = list(db.session.scalars(
        sa.select(ObligationDue).where(visible, ObligationDue.due_on <= last,
                                       sa.or_(ObligationDue.due_on >= first, ObligationDue.status.in_(OPEN_DUE)))
        .options(selectinload(ObligationDue.obligation)).order_by(ObligationDue.due_on, ObligationDue.id)))
    older = [d for d in rows if d.due_on < first]
    months: dict[date, list] = {}
    month = first
    while month <= last:
        months[month] = []
        month = add_months(month, 1)
    for due in rows:
        if due.due_on >= first:
            months[due.due_on.replace(day=1)].append(due)
    return older, list(months.items())


def due_across_contracts(user, today: date) -> list[ObligationDue]:
    """Open due dates up to the end of this month (so: due this month or overdue) on every contract
    where the user reads obligations, earliest first."""
    contract_ids = [cid for cid in access.member_contract_ids(user)
                    if access.can(user, "obligations.view", db.session.get(Contract, cid))]
    if not contract_ids:
        return []
    return list(db.session.scalars(
        sa.select(ObligationDue).where(
            ObligationDue.contract_id.in_(contract_ids), access.visible_clause(user, ObligationDue),
            ObligationDue.status.in_(OPEN_DUE), ObligationDue.due_on <= month_end(today))
        .options(selectinload(ObligationDue.obligation).selectinload(Obligation.contract))
        .order_by(ObligationDue.due_on, ObligationDue.id)))


# ---- reminders ----------------------------------------------------------------------------------


def send_reminders(now: datetime | None = None) -> dict:
    """Remind the owing party REMIND_DAYS before a due date, and weekly once it is overdue (the
    public contract manager too). Idempotent: each reminder is recorded on the due date."""
    now = now or utcnow()
    counts = {"before": 0, "overdue": 0}
    rows = db.session.scalars(sa.select(ObligationDue).where(ObligationDue.status.in_(("due", "returned")))
                              .options(selectinload(ObligationDue.obligation).selectinload(Obligation.contract))
                              .order_by(ObligationDue.id))
    for due in rows:
        contract = due.obligation.contract
        today = now.astimezone(ZoneInfo(contract.time_zone or "UTC")).date()
        title = due.obligation.title
        if due.due_on < today:
            if due.reminded_overdue_at is None or now - due.reminded_overdue_at >= OVERDUE_EVERY:
                roles = tuple(SIDE_ROLES[due.owed_by]) + ("public_manager",)
                _notify(due, tuple(dict.fromkeys(roles)), "overdue",
                        f"{title} was due on {due.due_on:%d %b %Y} and no evidence has been sent.")
                due.reminded_overdue_at = now
                counts["overdue"] += 1
        elif due.due_on <= today + timedelta(days=REMIND_DAYS) and due.reminded_before_at is None:
            _notify(due, SIDE_ROLES[due.owed_by], f"due on {due.due_on:%d %b %Y}",
                    f"{title}: send the evidence by {due.due_on:%d %b %Y}.")
            due.reminded_before_at = now
            counts["before"] += 1
    db.session.flush()
    return counts
