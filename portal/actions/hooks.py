"""How other features reach the action list without importing it: the `action_requested`
signal (documented in portal.signals) and the "action" link kind."""

from __future__ import annotations

from flask import url_for

from portal.actions import services
from portal.actions.models import Action
from portal.extensions import db
from portal.panels import LinkedRecord, LinkKind, register_link_kind
from portal.signals import action_requested


@action_requested.connect
def _on_action_requested(contract, **kwargs) -> int:
    """Add the requested action; return its id (a wrong value raises ValueError for the sender)."""
    action = services.create_action(
        contract, kwargs.get("title", ""), user=kwargs.get("user"), owner_user_id=kwargs.get("owner_user_id"),
        owner_party=kwargs.get("owner_party"), due_on=kwargs.get("due_on"), notes=kwargs.get("notes", ""),
        source_kind=kwargs.get("source_kind", "contract"), source_id=kwargs.get("source_id"),
        source_title=kwargs.get("source_title", ""), source_url=kwargs.get("source_url", ""),
        visibility=kwargs.get("visibility", "partners"))
    return action.id


def _resolve(contract, ref_id) -> LinkedRecord | None:
    action = db.session.get(Action, ref_id)
    if action is None or action.contract_id != contract.id:
        return None
    return LinkedRecord(kind="action", ref_id=action.id, contract_id=action.contract_id,
                        title=f"{action.reference} · {action.status_label} · {action.owner_label}"
                              + (f" · due {action.due_on:%d %b %Y}" if action.due_on else ""),
                        url=url_for("actions.detail", code=contract.code, reference=action.reference),
                        visibility=action.visibility)


register_link_kind(LinkKind(kind="action", label="Action", resolve=_resolve))
