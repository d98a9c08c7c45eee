"""What the disputes feature offers the rest of the portal through portal.panels and navigation:
disputes as a link kind, "Escalate to a dispute" on an issue, the overview and public panels."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal import access
from portal.db import utcnow
from portal.disputes.figures import dispute_figures, public_figures
from portal.disputes.models import Dispute
from portal.extensions import db
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
from portal.workdays import zone


def _resolve(contract, ref_id) -> LinkedRecord | None:
    dispute = db.session.get(Dispute, ref_id) if ref_id else None
    if dispute is None or dispute.contract_id != contract.id:
        return None
    return LinkedRecord(kind="dispute", ref_id=dispute.id, contract_id=dispute.contract_id,
                        title=f"{dispute.reference} {dispute.subject}",
                        url=f"/contracts/{contract.code}/disputes/{dispute.reference}",
                        visibility=dispute.visibility)


def _choices(user, contract) -> list[tuple[int, str]]:
    if not access.can(user, "dispute.view", contract):
        return []
    rows = db.session.execute(sa.select(Dispute.id, Dispute.reference, Dispute.subject)
                              .where(access.visible_clause(user, Dispute, contract))
                              .order_by(Dispute.raised_at.desc(), Dispute.id.desc()).limit(200)).all()
    return [(ident, f"{reference} {subject}") for ident, reference, subject in rows]


def _overview_panel(user, contract):
    if not access.can(user, "dispute.view", contract):
        return None
    today = utcnow().astimezone(zone(contract.time_zone)).date()
    return {"contract": contract, "figures": dispute_figures(contract, today - timedelta(days=364), today)}


def _public_panel(contract):
    figures = public_figures(contract)
    return {"contract": contract, "figures": figures} if figures["open"] or figures["outcomes"] else None


register_section("Disputes", "disputes.list_disputes", "dispute.view", order=27)
register_link_kind(LinkKind("dispute", "Dispute", _resolve, _choices))
register_record_action(RecordAction("issue", "Escalate to a dispute", "disputes.new_dispute", "dispute.raise"))
register_member_panel("disputes", "disputes/_overview_panel.html", _overview_panel, order=27)
register_public_panel("disputes", "disputes/_public_panel.html", _public_panel, order=60)
