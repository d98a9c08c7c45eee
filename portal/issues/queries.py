"""Reading issues: the list's filters, sorts and keyset pages, counts, and the export rows.

Every query is restricted in SQL by the access policy (`access.visible_clause`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from portal import access
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import OPEN_STATUSES, PRIORITIES, STATUSES, Issue, IssueWatch

PAGE_SIZE = 25
EXPORT_LIMIT = 10_000

# sort key -> (label, column, descending)
SORTS = {
    "newest": ("Newest first", Issue.raised_at, True),
    "oldest": ("Oldest first", Issue.raised_at, False),
    "priority": ("Highest priority first", Issue.priority_rank, True),
    "due": ("Due soonest first", Issue.resolve_due_at, False),
}


def overdue_clause(now: datetime | None = None):
    """Open issues past their response target (not yet answered) or their resolution target."""
    now = now or utcnow()
    return sa.and_(Issue.status.in_(OPEN_STATUSES), sa.or_(
        sa.and_(Issue.responded_at.is_(None), Issue.respond_due_at < now), Issue.resolve_due_at < now))


@dataclass
class Filters:
    status: str = ""  # "", "open" (open or in progress), or a status
    priority: str = ""
    category: str = ""
    party: str = ""
    assignee_id: int | None = None
    overdue: bool = False
    mine: bool = False  # raised by me or assigned to me
    watching: bool = False
    sort: str = "newest"


def filtered(user, contract, filters: Filters, now: datetime | None = None):
    query = sa.select(Issue).where(access.visible_clause(user, Issue, contract))
    if filters.status == "open":
        query = query.where(Issue.status.in_(OPEN_STATUSES))
    elif filters.status in STATUSES:
        query = query.where(Issue.status == filters.status)
    if filters.priority in PRIORITIES:
        query = query.where(Issue.priority == filters.priority)
    if filters.category:
        query = query.where(Issue.category == filters.category)
    if filters.party in ("operator", "government"):
        query = query.where(Issue.routed_to == filters.party)
    if filters.assignee_id:
        query = query.where(Issue.assignee_id == filters.assignee_id)
    if filters.overdue:
        query = query.where(overdue_clause(now))
    if filters.mine:
        query = query.where(sa.or_(Issue.raised_by_id == user.id, Issue.assignee_id == user.id))
    if filters.watching:
        query = query.where(Issue.id.in_(sa.select(IssueWatch.issue_id).where(IssueWatch.user_id == user.id)))
    return query


def _order(filters: Filters):
    _label, column, descending = SORTS.get(filters.sort) or SORTS["newest"]
    return column, descending


def encode_cursor(issue: Issue, filters: Filters) -> str:
    column, _desc = _order(filters)
    value = getattr(issue, column.key)
    return f"{value.isoformat() if isinstance(value, datetime) else value}_{issue.id}"


def _decode(cursor: str, column):
    raw, _, ident = (cursor or "").rpartition("_")
    try:
        value = datetime.fromisoformat(raw) if column.key.endswith("_at") else int(raw)
        return value, int(ident)
    except (TypeError, ValueError):
        return None


def page(user, contract, filters: Filters, after: str = "", now: datetime | None = None):
    """One page of the list in the chosen order, after the cursor (keyset: no OFFSET, stable
    while issues are added). Returns (issues, cursor of the next page or "")."""
    column, descending = _order(filters)
    query = filtered(user, contract, filters, now)
    position = _decode(after, column) if after else None
    if position is not None:
        value, ident = position
        if descending:
            query = query.where(sa.or_(column < value, sa.and_(column == value, Issue.id < ident)))
        else:
            query = query.where(sa.or_(column > value, sa.and_(column == value, Issue.id > ident)))
    order = (column.desc(), Issue.id.desc()) if descending else (column.asc(), Issue.id.asc())
    rows = list(db.session.scalars(query.order_by(*order).limit(PAGE_SIZE + 1)
                                   .options(sa.orm.selectinload(Issue.assignee))))
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (encode_cursor(rows[-1], filters) if more and rows else "")


def total(user, contract, filters: Filters, now: datetime | None = None) -> int:
    query = filtered(user, contract, filters, now).with_only_columns(sa.func.count(Issue.id))
    return db.session.scalar(query) or 0


def counts(user, contract, now: datetime | None = None) -> dict:
    """The numbers on the list's header and the overview: by status, and overdue."""
    visible = access.visible_clause(user, Issue, contract)
    rows = db.session.execute(sa.select(Issue.status, sa.func.count(Issue.id)).where(visible)
                              .group_by(Issue.status)).all()
    by_status = {status: 0 for status in STATUSES} | {status: count for status, count in rows}
    overdue = db.session.scalar(sa.select(sa.func.count(Issue.id)).where(visible, overdue_clause(now))) or 0
    return {"by_status": by_status, "open": by_status["open"] + by_status["in_progress"], "overdue": overdue}


def export_rows(user, contract, filters: Filters, now: datetime | None = None) -> list[Issue]:
    column, descending = _order(filters)
    order = (column.desc(), Issue.id.desc()) if descending else (column.asc(), Issue.id.asc())
    query = filtered(user, contract, filters, now).order_by(*order).limit(EXPORT_LIMIT)
    return list(db.session.scalars(query.options(sa.orm.selectinload(Issue.assignee),
                                                 sa.orm.selectinload(Issue.raised_by))))


def public_issues(contract, limit: int = 5) -> list[Issue]:
    return list(db.session.scalars(sa.select(Issue).where(Issue.contract_id == contract.id,
                                                          Issue.visibility == "public")
                                   .order_by(Issue.raised_at.desc(), Issue.id.desc()).limit(limit)))
