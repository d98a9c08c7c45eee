"""What the member overview shows. Features add their panels through
`portal.panels.register_member_panel`."""

from __future__ import annotations

import sqlalchemy as sa

from portal import access
from portal.audit.models import AuditEvent
from portal.contracts.models import Membership
from portal.extensions import db
from portal.panels import member_panels


def overview_context(user, contract) -> dict:
    panels = member_panels(user, contract)
    recent = db.session.scalars(
        sa.select(AuditEvent)
        .where(access.visible_clause(user, AuditEvent, contract))
        .order_by(AuditEvent.id.desc())
        .limit(8)
    ).all()
    member_count = db.session.scalar(sa.select(sa.func.count(Membership.id)).where(
        Membership.contract_id == contract.id)) if access.can(user, "members.view", contract) else 0
    return {"panels": panels, "recent_events": recent, "member_count": member_count}
