"""What the member overview shows. Features add their panels through `register_panel`."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from portal import access
from portal.audit.models import AuditEvent
from portal.extensions import db

# name -> (order, template, context function(user, contract) -> dict or None to hide)
_PANELS: dict[str, tuple[int, str, Callable]] = {}


def register_panel(name: str, template: str, context: Callable, order: int = 50) -> None:
    _PANELS[name] = (order, template, context)


def overview_context(user, contract) -> dict:
    panels = []
    for name, (_order, template, context) in sorted(_PANELS.items(), key=lambda item: item[1][0]):
        data = context(user, contract)
        if data is not None:
            panels.append({"name": name, "template": template, "data": data})
    recent = db.session.scalars(
        sa.select(AuditEvent)
        .where(access.visible_clause(user, AuditEvent, contract))
        .order_by(AuditEvent.id.desc())
        .limit(8)
    ).all()
    from portal.contracts.services import members_of

    members = members_of(contract) if access.can(user, "members.view", contract) else []
    return {"panels": panels, "recent_events": recent, "member_count": len(members)}
