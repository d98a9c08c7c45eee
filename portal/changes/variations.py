"""The rules of variations: propose, request and price an estimate, approve (handing the new
charge to the payment terms through a signal), reject, withdraw, implement. Each open step runs
against its time limit on the contract's working-day clock. Functions flush; the view commits."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from portal import access, signals
from portal.changes.clock import ChangesError, step_due
from portal.changes.models import (
    OPEN_VARIATION,
    SIDES,
    VARIATION_KINDS,
    Variation,
    VariationDocument,
    VariationEntry,
)
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.notifications.services import notify_many

VISIBILITIES = ("partners", "community", "public")
_MONEY = re.compile(r"^[-−]?\d+(\.\d{1,2})?$")
ACTING_ROLES = {"government": ("public_manager",), "operator": ("operator_manager",)}


def parse_money(text: str | None, field: str, *, allow_negative: bool = False) -> Decimal | None:
    """A decimal amount of the contract's currency ("12,500.00"), or None when left blank."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    if not _MONEY.match(cleaned):
        raise ChangesError("Give an amount like 12500 or 12500.50 (at most two decimal places).", field)
    try:
        amount = Decimal(cleaned.replace("−", "-"))
    except InvalidOperation:
        raise ChangesError("Give an amount like 12500 or 12500.50.", field) from None
    if amount < 0 and not allow_negative:
        raise ChangesError("Give an amount of zero or more.", field)
    if abs(amount) >= Decimal("1e13"):
        raise ChangesError("That amount is too large.", field)
    return amount


def side_of_user(user, contract) -> str | None:
    return access.side_of(access.role_in(user, contract))


def find(contract, reference: str) -> Variation | None:
    return db.session.scalar(sa.select(Variation).where(
        Variation.contract_id == contract.id, Variation.reference == (reference or "").upper()))


def _next_number(contract) -> int:
    # Lock the contract row (PostgreSQL) so two proposals never take the same number.
    db.session.execute(sa.select(Contract.id).where(Contract.id == contract.id).with_for_update())
    current = db.session.scalar(sa.select(sa.func.max(Variation.number)).where(Variation.contract_id == contract.id))
    return (current or 0) + 1


def _url(variation: Variation) -> str:
    """The variation's page (a plain path: also built outside requests, by the demo and commands)."""
    return f"/contracts/{variation.contract.code}/changes/variations/{variation.reference}"


def _notify_side(variation: Variation, side: str, title: str, body: str = "") -> None:
    users = users_with_roles(variation.contract, ACTING_ROLES[side])
    notify_many(users, f"{variation.reference}: {title}", body or variation.title, _url(variation),
                variation.contract)


def add_entry(variation: Variation, kind: str, user, body: str = "", *, at: datetime | None = None,
              due_at: datetime | None = None) -> VariationEntry:
    at = at or utcnow()
    entry = VariationEntry(variation_id=variation.id, contract_id=variation.contract_id, kind=kind, body=body or "",
                           actor_id=getattr(user, "id", None), actor_name=getattr(user, "name", "") or "",
                           due_at=due_at, late=bool(due_at and at > due_at), visibility=variation.visibility,
                           created_at=at)
    with db.session.no_autoflush:
        variation.entries.append(entry)
    return entry


def _move(variation: Variation, status: str, kind: str, user, body: str, at: datetime | None) -> VariationEntry:
    """Close the current step (late if past its limit) and start the next one on the clock."""
    at = at or utcnow()
    entry = add_entry(variation, kind, user, body, at=at, due_at=variation.step_due_at)
    variation.status = status
    variation.step_started_at = at
    variation.step_due_at = step_due(variation.contract, status, at)
    db.session.flush()
    return entry


def _require(variation: Variation, *statuses: str, doing: str) -> None:
    if variation.status not in statuses:
        raise ChangesError(f"{variation.reference} is {variation.status_label.lower()}; it cannot {doing} now.")


def _clean_proposal(side: str | None, values: dict) -> tuple[str, str]:
    """(title, visibility) once the proposal holds; otherwise a ChangesError on the field to blame."""
    if side not in SIDES:
        raise ChangesError("Only the public authority or the operator proposes variations.")
    if values.get("kind") not in VARIATION_KINDS:
        raise ChangesError("Choose what kind of change this is.", "kind")
    title = " ".join((values.get("title") or "").split())
    if not title:
        raise ChangesError("Give the variation a short title.", "title")
    if not (values.get("description") or "").strip():
        raise ChangesError("Describe the change.", "description")
    visibility = values.get("visibility") or "partners"
    if visibility not in VISIBILITIES:
        raise ChangesError("Choose who may see the variation.", "visibility")
    return title, visibility


def propose(contract, user, values: dict, *, side: str | None = None, at: datetime | None = None) -> Variation:
    """A new variation proposed by the user's side, with its first estimate (optional)."""
    side = side or side_of_user(user, contract)
    title, visibility = _clean_proposal(side, values)
    at = at or utcnow()
    number = _next_number(contract)
    variation = Variation(
        contract_id=contract.id, number=number, reference=f"{contract.code}-VAR-{number:03d}",
        kind=values["kind"], title=title[:200], description=values["description"].strip(),
        reason=(values.get("reason") or "").strip(), clauses=(values.get("clauses") or "").strip()[:200],
        kpi_effect=(values.get("kpi_effect") or "").strip(), area_effect=(values.get("area_effect") or "").strip(),
        estimated_cost=values.get("estimated_cost"), estimated_charge_change=values.get("estimated_charge_change"),
        proposed_by_side=side, proposed_by_id=getattr(user, "id", None), proposed_at=at, status="proposed",
        step_started_at=at, step_due_at=step_due(contract, "proposed", at), visibility=visibility, created_at=at)
    db.session.add(variation)
    db.session.flush()
    add_entry(variation, "proposed", user, f"Proposed by {SIDES[side].lower()}.", at=at)
    db.session.flush()
    if side == "operator":
        _notify_side(variation, "government", "variation proposed by the operator")
    return variation


def request_estimate(variation: Variation, user, note: str = "", at: datetime | None = None) -> None:
    _require(variation, "proposed", doing="be sent for an estimate")
    _move(variation, "estimate_requested", "estimate_requested", user,
          note or "The operator is asked for a priced estimate.", at)
    _notify_side(variation, "operator", "estimate requested",
                 f"Send the priced estimate by {variation.step_due_at:%d %b %Y}.")


def submit_estimate(variation: Variation, user, *, cost: Decimal | None, charge_change: Decimal | None,
                    note: str = "", stored_files=(), at: datetime | None = None) -> None:
    """The operator's priced estimate: one-off cost and effect on the monthly unitary charge."""
    _require(variation, "estimate_requested", doing="be priced")
    if cost is None and charge_change is None:
        raise ChangesError("Give the cost, the effect on the monthly charge, or both (0 for none).", "cost")
    variation.priced_cost = cost
    variation.priced_charge_change = charge_change
    variation.estimate_note = (note or "").strip()
    variation.estimated_at = at or utcnow()
    add_documents(variation, stored_files, user)
    _move(variation, "estimate_received", "estimate_received", user, _estimate_text(variation), at)
    _notify_side(variation, "government", "priced estimate received", _estimate_text(variation))


def _estimate_text(variation: Variation) -> str:
    currency = variation.contract.currency
    parts = []
    if variation.priced_cost is not None:
        parts.append(f"one-off cost {currency} {variation.priced_cost:,.2f}")
    if variation.priced_charge_change is not None:
        parts.append(f"monthly unitary charge {variation.priced_charge_change:+,.2f} {currency}")
    text = "Priced estimate: " + ", ".join(parts) + "."
    return text + (f" {variation.estimate_note}" if variation.estimate_note else "")


def add_documents(variation: Variation, stored_files, user) -> None:
    for stored in stored_files:
        document = VariationDocument(
            variation_id=variation.id, contract_id=variation.contract_id, key=stored.key,
            original_name=stored.original_name, size=stored.size, content_type=stored.content_type,
            sha256=stored.sha256, uploaded_by_id=getattr(user, "id", None), visibility=variation.visibility)
        with db.session.no_autoflush:
            variation.documents.append(document)
    db.session.flush()


def approve(variation: Variation, user, effective_month: date | None, note: str = "",
            at: datetime | None = None) -> None:
    """Approve on the priced figures. A change to the charge goes to the payment terms from
    `effective_month` (a receiver of `variation_approved` writes them; it refuses a settled month)."""
    _require(variation, "estimate_received", doing="be approved")
    if effective_month is None:
        raise ChangesError("Give the month from which the variation takes effect.", "effective_month")
    month = effective_month.replace(day=1)
    change = variation.agreed_charge_change or Decimal("0")
    variation.terms_note = _hand_over(variation, month, change, user) if change else ""
    variation.effective_month = month
    variation.decided_at = at or utcnow()
    variation.decided_by_id = getattr(user, "id", None)
    variation.decision_note = (note or "").strip()
    body = f"Approved, effective from {variation.effective_month:%B %Y}."
    _move(variation, "approved", "approved", user, " ".join(p for p in (body, variation.terms_note, note) if p), at)
    _notify_side(variation, "operator", "variation approved", body)


def _hand_over(variation: Variation, month: date, change: Decimal, user) -> str:
    try:
        results = signals.variation_approved.send(
            variation.contract, reference=variation.reference, title=variation.title, url=_url(variation),
            effective_month=month, monthly_charge_change_minor=int(change * 100), user=user)
    except signals.Refused as refusal:
        raise ChangesError(str(refusal), "effective_month") from None
    notes = [result for _receiver, result in results if result]
    return " ".join(notes) or "No payment terms were changed: nothing in the portal keeps this contract's charge."


def reject(variation: Variation, user, note: str, at: datetime | None = None) -> None:
    _require(variation, "proposed", "estimate_requested", "estimate_received", doing="be rejected")
    if not (note or "").strip():
        raise ChangesError("Give the reason for rejecting the variation.", "note")
    variation.decided_at = at or utcnow()
    variation.decided_by_id = getattr(user, "id", None)
    variation.decision_note = note.strip()
    _move(variation, "rejected", "rejected", user, note.strip(), at)
    _notify_side(variation, "operator", "variation rejected", note.strip())


def withdraw(variation: Variation, user, note: str, at: datetime | None = None) -> None:
    _require(variation, "proposed", "estimate_requested", "estimate_received", doing="be withdrawn")
    if not (note or "").strip():
        raise ChangesError("Say why the variation is withdrawn.", "note")
    _move(variation, "withdrawn", "withdrawn", user, note.strip(), at)
    other = "operator" if variation.proposed_by_side == "government" else "government"
    _notify_side(variation, other, "variation withdrawn", note.strip())


def implement(variation: Variation, user, on: date | None, note: str = "", at: datetime | None = None) -> None:
    _require(variation, "approved", doing="be marked implemented")
    if on is None:
        raise ChangesError("Give the date the change was completed.", "implemented_on")
    if on > (at or utcnow()).date():
        raise ChangesError("The completion date cannot be in the future.", "implemented_on")
    variation.implemented_on = on
    _move(variation, "implemented", "implemented", user, note or f"Implemented on {on:%d %B %Y}.", at)


def register_query(user, contract, status: str = ""):
    """The variations of the contract the user may read, newest first."""
    query = sa.select(Variation).where(access.visible_clause(user, Variation, contract))
    if status == "open":
        query = query.where(Variation.status.in_(OPEN_VARIATION))
    elif status:
        query = query.where(Variation.status == status)
    return query.order_by(Variation.number.desc())
