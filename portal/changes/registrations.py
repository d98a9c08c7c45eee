"""What changes offers the rest of the portal: its section tab, its dashboard tile and its records
as link kinds (so issues, disputes or risks can link to a variation or an event)."""

from __future__ import annotations

import sqlalchemy as sa

from portal import access
from portal.changes.figures import change_figures
from portal.changes.models import ContingencyEvent, Variation
from portal.extensions import db
from portal.navigation import register_section
from portal.panels import LinkedRecord, LinkKind, register_link_kind, register_member_panel

register_section("Changes", "changes.register", "changes.view", order=35)


def _panel(user, contract):
    if not access.can(user, "changes.view", contract):
        return None
    where = access.visible_clause(user, Variation, contract)
    return {"contract": contract, "figures": change_figures(contract, where)}


register_member_panel("changes", "changes/_overview_panel.html", _panel, order=35)


def _resolve_variation(contract, ref_id):
    variation = db.session.get(Variation, ref_id)
    if variation is None or variation.contract_id != contract.id:
        return None
    return LinkedRecord("variation", variation.id, variation.contract_id, f"{variation.reference} {variation.title}",
                        f"/contracts/{contract.code}/changes/variations/{variation.reference}", variation.visibility)


def _variation_choices(user, contract):
    rows = db.session.scalars(sa.select(Variation).where(access.visible_clause(user, Variation, contract))
                              .order_by(Variation.number.desc()))
    return [(v.id, f"{v.reference} {v.title}") for v in rows]


def _resolve_event(contract, ref_id):
    event = db.session.get(ContingencyEvent, ref_id)
    if event is None or event.contract_id != contract.id:
        return None
    return LinkedRecord("contingency_event", event.id, event.contract_id, f"{event.reference} {event.title}",
                        f"/contracts/{contract.code}/changes/events/{event.reference}", event.visibility)


def _event_choices(user, contract):
    rows = db.session.scalars(sa.select(ContingencyEvent)
                              .where(access.visible_clause(user, ContingencyEvent, contract))
                              .order_by(ContingencyEvent.started_at.desc()))
    return [(e.id, f"{e.reference} {e.title}") for e in rows]


register_link_kind(LinkKind("variation", "Variation", _resolve_variation, _variation_choices))
register_link_kind(LinkKind("contingency_event", "Contingency event", _resolve_event, _event_choices))
