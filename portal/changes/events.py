"""The rules of contingency events: notify (on the notice clock), respond (agree or dispute, with the
amount agreed for a compensation event), record the end, withdraw, link to other records; and the
excusal source that lets the payment review excuse failures an agreed event covers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from portal import access
from portal.changes.clock import ChangesError, due, limit_days
from portal.changes.models import (
    EVENT_CODES,
    EVENT_KINDS,
    EXCUSING_KINDS,
    SIDES,
    ContingencyEvent,
    ContingencyLink,
)
from portal.changes.variations import ACTING_ROLES, VISIBILITIES, side_of_user
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.notifications.services import notify_many
from portal.panels import Excusal, link_kinds, register_excusal_source, resolve_link


def find(contract, reference: str) -> ContingencyEvent | None:
    return db.session.scalar(sa.select(ContingencyEvent).where(
        ContingencyEvent.contract_id == contract.id, ContingencyEvent.reference == (reference or "").upper()))


def path_of(event: ContingencyEvent, code: str) -> str:
    return f"/contracts/{code}/changes/events/{event.reference}"


def _next_number(contract) -> int:
    db.session.execute(sa.select(Contract.id).where(Contract.id == contract.id).with_for_update())
    current = db.session.scalar(sa.select(sa.func.max(ContingencyEvent.number))
                                .where(ContingencyEvent.contract_id == contract.id))
    return (current or 0) + 1


def _notify_other_side(event: ContingencyEvent, side: str, title: str, body: str) -> None:
    other = "operator" if side == "government" else "government"
    users = users_with_roles(event.contract, ACTING_ROLES[other])
    notify_many(users, f"{event.reference}: {title}", body, path_of(event, event.contract.code), event.contract)


def _check_window(started_at: datetime | None, ended_at: datetime | None, at: datetime) -> None:
    if started_at is None:
        raise ChangesError("Give when the event started.", "started_at")
    if started_at > at:
        raise ChangesError("An event is notified once it has started; the start cannot be in the future.",
                           "started_at")
    if ended_at is not None and ended_at < started_at:
        raise ChangesError("The event cannot end before it started.", "ended_at")


def _clean_notice(side: str | None, values: dict, at: datetime) -> str:
    """The notice's title, once its values hold; otherwise a ChangesError on the field to blame."""
    kind = values.get("kind")
    if side not in SIDES:
        raise ChangesError("Only the public authority or the operator notifies events.")
    if kind not in EVENT_KINDS:
        raise ChangesError("Choose the kind of event.", "kind")
    title = " ".join((values.get("title") or "").split())
    if not title:
        raise ChangesError("Give the event a short title.", "title")
    if not (values.get("description") or "").strip():
        raise ChangesError("Say what happened.", "description")
    _check_window(values.get("started_at"), values.get("ended_at"), at)
    if kind == "step_in" and not (values.get("stepped_in_by") or "").strip():
        raise ChangesError("Say who stepped in.", "stepped_in_by")
    if kind != "step_in" and not values.get("all_services") and not (values.get("services") or "").strip():
        raise ChangesError("Name the services or areas it affects, or tick “all services”.", "services")
    if (values.get("visibility") or "partners") not in VISIBILITIES:
        raise ChangesError("Choose who may see the event.", "visibility")
    return title


def notify(contract, user, values: dict, *, side: str | None = None, at: datetime | None = None) -> ContingencyEvent:
    """Record a party's notice of an event; the notice is late when sent after the notice period."""
    side = side or side_of_user(user, contract)
    at = at or utcnow()
    title = _clean_notice(side, values, at)
    kind, visibility = values["kind"], values.get("visibility") or "partners"
    number = _next_number(contract)
    notice_due = due(contract, values["started_at"], limit_days(contract, "notice_days"))
    event = ContingencyEvent(
        contract_id=contract.id, number=number, reference=f"{contract.code}-{EVENT_CODES[kind]}-{number:03d}",
        kind=kind, title=title[:200], description=values["description"].strip(),
        clause=(values.get("clause") or "").strip()[:120], services=(values.get("services") or "").strip(),
        all_services=bool(values.get("all_services")), started_at=values["started_at"],
        ended_at=values.get("ended_at"), stepped_in_by=(values.get("stepped_in_by") or "").strip()[:200],
        claimed_amount=values.get("claimed_amount"), notified_by_side=side, notified_by_id=getattr(user, "id", None),
        notified_at=at, notice_due_at=notice_due, late_notice=at > notice_due,
        response_due_at=due(contract, at, limit_days(contract, "response_days")), status="notified",
        visibility=visibility, created_at=at)
    db.session.add(event)
    db.session.flush()
    _notify_other_side(event, side, f"{event.kind_label.lower()} notified",
                       f"{title}. Respond by {event.response_due_at:%d %b %Y}.")
    return event


def respond(event: ContingencyEvent, user, *, agree: bool, response: str, agreed_amount: Decimal | None = None,
            at: datetime | None = None) -> None:
    if event.status != "notified":
        raise ChangesError(f"{event.reference} is {event.status_label.lower()}; it was already answered.")
    if not (response or "").strip():
        raise ChangesError("Write the response.", "response")
    if agree and event.kind == "compensation" and agreed_amount is None:
        raise ChangesError("Give the compensation agreed (0 if none).", "agreed_amount")
    event.status = "agreed" if agree else "disputed"
    event.response = response.strip()
    event.agreed_amount = agreed_amount if agree else None
    event.responded_at = at or utcnow()
    event.responded_by_id = getattr(user, "id", None)
    db.session.flush()
    _notify_other_side(event, side_of_user(user, event.contract) or "government",
                       "agreed" if agree else "disputed", event.response[:300])


def record_end(event: ContingencyEvent, user, ended_at: datetime | None, at: datetime | None = None) -> None:
    """Record when the event (or the step-in) ended; the event is then closed."""
    if event.status in ("withdrawn", "closed"):
        raise ChangesError(f"{event.reference} is {event.status_label.lower()}.")
    if ended_at is None:
        raise ChangesError("Give when the event ended.", "ended_at")
    at = at or utcnow()
    if ended_at > at:
        raise ChangesError("The end cannot be in the future.", "ended_at")
    if ended_at < event.started_at:
        raise ChangesError("The event cannot end before it started.", "ended_at")
    event.ended_at = ended_at
    if event.status in ("agreed", "disputed"):
        event.status = "closed" if event.status == "agreed" else event.status
    db.session.flush()


def withdraw(event: ContingencyEvent, user, at: datetime | None = None) -> None:
    if event.status != "notified":
        raise ChangesError("Only a notice not yet answered can be withdrawn.")
    event.status = "withdrawn"
    db.session.flush()


def events_query(user, contract, kind: str = ""):
    query = sa.select(ContingencyEvent).where(access.visible_clause(user, ContingencyEvent, contract))
    if kind in EVENT_KINDS:
        query = query.where(ContingencyEvent.kind == kind)
    return query.order_by(ContingencyEvent.started_at.desc(), ContingencyEvent.id.desc())


# ---- links to other features' records --------------------------------------------------------


def add_link(event: ContingencyEvent, user, kind: str, ref_id: int | None) -> ContingencyLink:
    linked = resolve_link(kind, event.contract, ref_id) if ref_id else None
    if linked is None or not access.can(user, "view", linked):
        raise ChangesError("Choose a record of this contract to link.", "target")
    if any(link.kind == kind and link.ref_id == ref_id for link in event.links):
        raise ChangesError("That record is already linked.", "target")
    link = ContingencyLink(event_id=event.id, contract_id=event.contract_id, kind=kind, ref_id=ref_id,
                           visibility=event.visibility)
    with db.session.no_autoflush:
        event.links.append(link)
    db.session.flush()
    return link


def linked_records(user, event: ContingencyEvent) -> list:
    """The event's links the user may follow (a link to a record they may not read is not shown)."""
    shown = []
    for link in event.links:
        linked = resolve_link(link.kind, event.contract, link.ref_id)
        if linked is not None and access.can(user, "view", linked):
            shown.append((link, linked))
    return shown


def link_choices(user, contract) -> list[tuple[str, str]]:
    """("kind:id", label) for every record of a registered link kind the user may pick."""
    choices = []
    for link_kind in link_kinds():
        if link_kind.choices is None or link_kind.kind in ("contingency_event", "variation"):
            continue
        for ref_id, label in link_kind.choices(user, contract):
            choices.append((f"{link_kind.kind}:{ref_id}", f"{link_kind.label}: {label}"))
    return choices


# ---- the excusal source ------------------------------------------------------------------------


def covering(contract_id: int, names, start: datetime, end: datetime | None = None) -> list[ContingencyEvent]:
    """Agreed relief, compensation or force majeure events open when a failure of `names` began."""
    rows = db.session.scalars(sa.select(ContingencyEvent).where(
        ContingencyEvent.contract_id == contract_id, ContingencyEvent.kind.in_(EXCUSING_KINDS),
        ContingencyEvent.status.in_(("agreed", "closed")), ContingencyEvent.started_at <= start,
        sa.or_(ContingencyEvent.ended_at.is_(None), ContingencyEvent.ended_at >= start),
    ).order_by(ContingencyEvent.started_at))
    wanted = {name.casefold() for name in names}
    return [e for e in rows if e.all_services or wanted & {n.casefold() for n in e.service_names}]


def _excusals(contract_id: int, names, start: datetime, end: datetime | None = None) -> list[Excusal]:
    found = covering(contract_id, names, start, end)
    if not found:
        return []
    code = db.session.get(Contract, contract_id).code
    return [Excusal(kind=e.kind, reference=e.reference,
                    label=f"{e.kind_label} {e.reference} agreed: {e.title}", url=path_of(e, code)) for e in found]


register_excusal_source("contingency_events", _excusals)
