"""What the issues feature offers the rest of the portal through portal.panels and navigation:
issues as a link kind, "Open an issue" on a feedback record, the overview and public panels."""

from __future__ import annotations

import sqlalchemy as sa

from portal import access
from portal.extensions import db
from portal.issues import queries
from portal.issues.figures import issue_figures, recent_period
from portal.issues.models import Issue
from portal.navigation import register_section
from portal.panels import (
    LinkedRecord,
    LinkKind,
    RecordAction,
    register_link_kind,
    register_member_panel,
    register_public_panel,
    register_record_action,
)


def _linked(issue: Issue) -> LinkedRecord:
    return LinkedRecord(kind="issue", ref_id=issue.id, contract_id=issue.contract_id,
                        title=f"{issue.reference} {issue.title}",
                        url=f"/contracts/{issue.contract.code}/issues/{issue.reference}",
                        visibility=issue.visibility)


def _resolve(contract, ref_id) -> LinkedRecord | None:
    issue = db.session.get(Issue, ref_id) if ref_id else None
    if issue is None or issue.contract_id != contract.id:
        return None
    return _linked(issue)


def _choices(user, contract) -> list[tuple[int, str]]:
    rows = db.session.execute(sa.select(Issue.id, Issue.reference, Issue.title)
                              .where(access.visible_clause(user, Issue, contract))
                              .order_by(Issue.raised_at.desc(), Issue.id.desc()).limit(200)).all()
    return [(ident, f"{reference} {title}") for ident, reference, title in rows]


def _overview_panel(user, contract):
    if not access.can(user, "contract.view_member", contract):
        return None
    start, end = recent_period(contract)
    return {"contract": contract, "figures": issue_figures(contract, start, end)}


def _public_panel(contract):
    items = queries.public_issues(contract)
    return {"contract": contract, "items": items} if items else None


register_section("Issues", "issues.list_issues", "contract.view_member", order=25)
register_link_kind(LinkKind("issue", "Issue", _resolve, _choices))
register_record_action(RecordAction("feedback", "Open an issue from this feedback", "issues.new_issue",
                                    "issue.create", order=20))
register_member_panel("issues", "issues/_overview_panel.html", _overview_panel, order=25)
register_public_panel("issues", "issues/_public_panel.html", _public_panel, order=25)
