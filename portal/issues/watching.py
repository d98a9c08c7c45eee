"""Watching an issue: watchers are told of its comments and status changes."""

from __future__ import annotations

import sqlalchemy as sa

from portal import access
from portal.contracts.services import users_with_roles
from portal.extensions import db
from portal.issues.models import Issue, IssueWatch
from portal.notifications.services import notify_many


def issue_url(issue: Issue) -> str:
    return f"/contracts/{issue.contract.code}/issues/{issue.reference}"


def is_watching(issue: Issue, user) -> bool:
    return getattr(user, "is_authenticated", False) and db.session.scalar(
        sa.select(IssueWatch.id).where(IssueWatch.issue_id == issue.id, IssueWatch.user_id == user.id)) is not None


def watch(issue: Issue, user) -> None:
    if not is_watching(issue, user):
        db.session.add(IssueWatch(issue_id=issue.id, user_id=user.id))
        db.session.flush()


def unwatch(issue: Issue, user) -> None:
    db.session.execute(sa.delete(IssueWatch).where(IssueWatch.issue_id == issue.id, IssueWatch.user_id == user.id))


def watchers(issue: Issue) -> list:
    from_ids = sa.select(IssueWatch.user_id).where(IssueWatch.issue_id == issue.id)
    people = users_with_roles(issue.contract, access.ROLES)
    ids = set(db.session.scalars(from_ids))
    return [p for p in people if p.id in ids]


def tell_watchers(issue: Issue, actor, title: str, body: str, skip: set[int] | None = None) -> None:
    skip = (skip or set()) | {getattr(actor, "id", None)}
    people = [p for p in watchers(issue) if p.id not in skip and access.can_read(p, issue)]
    notify_many(people, title, body, issue_url(issue), issue.contract)
