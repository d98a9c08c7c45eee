"""The rules of the risk register and the objectives: plain functions that flush, never commit,
and raise RiskError (with the form field it belongs to) when a rule is broken."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from portal import access
from portal.contracts.models import Membership
from portal.db import utcnow
from portal.extensions import db
from portal.panels import link_kinds, resolve_link
from portal.risks import scoring
from portal.risks.models import (
    ALLOCATIONS,
    CATEGORIES,
    KINDS,
    PARTIES,
    RESPONSES_BY_KIND,
    Objective,
    ObjectiveLink,
    Risk,
    RiskLink,
    RiskReview,
)

# Records of other features a risk or an objective may link to, when those features are there.
LINKABLE_KINDS = ("kpi", "action")


class RiskError(Exception):
    """A rule of the register broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def local_today(contract) -> date:
    return utcnow().astimezone(ZoneInfo(contract.time_zone or "UTC")).date()


# ---- references --------------------------------------------------------------------------------


def _next_number(model, contract) -> int:
    current = db.session.scalar(sa.select(sa.func.max(model.number)).where(model.contract_id == contract.id))
    return (current or 0) + 1


def risk_reference(contract, number: int) -> str:
    return f"{contract.code}-RSK-{number:03d}"


def objective_reference(contract, number: int) -> str:
    return f"{contract.code}-OBJ-{number:02d}"


def find_risk(contract, reference: str) -> Risk | None:
    return db.session.scalar(sa.select(Risk).where(
        Risk.contract_id == contract.id, Risk.reference == (reference or "").upper()))


def find_objective(contract, reference: str) -> Objective | None:
    return db.session.scalar(sa.select(Objective).where(
        Objective.contract_id == contract.id, Objective.reference == (reference or "").upper()))


def objectives_of(contract, user=None, *, active_only: bool = False) -> list[Objective]:
    query = sa.select(Objective).where(Objective.contract_id == contract.id)
    if user is not None:
        query = query.where(access.visible_clause(user, Objective, contract))
    if active_only:
        query = query.where(Objective.active.is_(True))
    return list(db.session.scalars(query.order_by(Objective.number)))


# ---- the register ------------------------------------------------------------------------------


@dataclass
class RiskData:
    """What a person states about a risk (the form, or a line of an imported register)."""

    title: str
    kind: str
    category: str
    allocation: str
    owner_party: str
    inherent_likelihood: int
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int
    response: str
    description: str = ""
    controls: str = ""
    owner_id: int | None = None
    visibility: str = "government"
    objective_ids: list[int] = field(default_factory=list)


def check(contract, data: RiskData) -> None:
    """Raise RiskError naming the first field that breaks a rule."""
    if not (data.title or "").strip():
        raise RiskError("Give the risk a title.", "title")
    choices = (("kind", KINDS), ("category", CATEGORIES), ("allocation", ALLOCATIONS), ("owner_party", PARTIES))
    for name, allowed in choices:
        if getattr(data, name) not in allowed:
            raise RiskError(f"Choose one of: {', '.join(allowed.values())}.", name)
    for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"):
        try:
            scoring.check_rating(getattr(data, name), name.replace("_", " "))
        except ValueError:
            raise RiskError("Rate it from 1 to 5.", name) from None
    if data.response not in RESPONSES_BY_KIND[data.kind]:
        allowed = ", ".join(RESPONSES_BY_KIND[data.kind].values()).lower()
        raise RiskError(f"For {KINDS[data.kind].lower()}s the response is one of: {allowed}.", "response")
    if data.visibility not in access.risk_visibilities(data.allocation):
        raise RiskError("Only a risk the operator carries, alone or shared, can be shown to the operator "
                        "(partners); a public risk stays with government.", "visibility")
    if data.owner_id is not None and not _is_member(data.owner_id, contract):
        raise RiskError("The owner must hold a role on this contract.", "owner_id")


def _is_member(user_id: int, contract) -> bool:
    return db.session.scalar(sa.select(Membership.id).where(
        Membership.user_id == user_id, Membership.contract_id == contract.id)) is not None


def _apply(risk: Risk, data: RiskData) -> None:
    risk.title = data.title.strip()
    risk.description = (data.description or "").strip()
    risk.kind, risk.category, risk.allocation = data.kind, data.category, data.allocation
    risk.owner_party, risk.owner_id, risk.response = data.owner_party, data.owner_id, data.response
    risk.controls = (data.controls or "").strip()
    risk.inherent_likelihood, risk.inherent_impact = data.inherent_likelihood, data.inherent_impact
    risk.residual_likelihood, risk.residual_impact = data.residual_likelihood, data.residual_impact
    risk.inherent_score = scoring.score(data.inherent_likelihood, data.inherent_impact)
    risk.residual_score = scoring.score(data.residual_likelihood, data.residual_impact)
    risk.visibility = data.visibility


def _objectives(contract, ids) -> list[Objective]:
    if not ids:
        return []
    found = list(db.session.scalars(sa.select(Objective).where(
        Objective.contract_id == contract.id, Objective.id.in_(sorted(set(ids))))))
    if len(found) != len(set(ids)):
        raise RiskError("Choose objectives of this contract.", "objective_ids")
    return found


def create_risk(contract, data: RiskData, *, today: date | None = None, number: int | None = None) -> Risk:
    """Add a risk to the register; its first review falls due by its residual band."""
    check(contract, data)
    today = today or local_today(contract)
    number = number or _next_number(Risk, contract)
    risk = Risk(contract_id=contract.id, number=number, reference=risk_reference(contract, number),
                status="open")
    _apply(risk, data)
    risk.next_review_on = scoring.next_review(risk.band, today)
    risk.objectives = _objectives(contract, data.objective_ids)
    db.session.add(risk)
    db.session.flush()
    return risk


def update_risk(risk: Risk, data: RiskData) -> Risk:
    """Change what is known about a risk. A change of residual rating outside a review keeps the
    review date; record a review to move it."""
    contract = risk.contract
    check(contract, data)
    _apply(risk, data)
    for link in risk.links:
        link.visibility = risk.visibility
    for review in risk.reviews:
        review.visibility = risk.visibility
    risk.objectives = _objectives(contract, data.objective_ids)
    db.session.flush()
    return risk


def review_risk(risk: Risk, user, likelihood: int, impact: int, note: str = "",
                reviewed_on: date | None = None) -> RiskReview:
    """Record a review: the residual ratings found, the movement from the last score, and the
    next review date from the new band."""
    if not risk.is_open:
        raise RiskError("Reopen the risk before reviewing it.")
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        try:
            scoring.check_rating(value, name)
        except ValueError:
            raise RiskError("Rate it from 1 to 5.", name) from None
    reviewed_on = reviewed_on or local_today(risk.contract)
    if risk.last_reviewed_on and reviewed_on < risk.last_reviewed_on:
        raise RiskError(f"The last review was on {risk.last_reviewed_on:%d %B %Y}; a review cannot be "
                        "dated before it.", "reviewed_on")
    if reviewed_on > local_today(risk.contract):
        raise RiskError("A review cannot be dated in the future.", "reviewed_on")
    new_score = scoring.score(likelihood, impact)
    review = RiskReview(risk_id=risk.id, contract_id=risk.contract_id, reviewed_on=reviewed_on,
                        reviewer_id=getattr(user, "id", None), reviewer_name=getattr(user, "name", ""),
                        likelihood=likelihood, impact=impact, score=new_score,
                        previous_score=risk.residual_score, note=(note or "").strip(),
                        visibility=risk.visibility)
    risk.previous_score = risk.residual_score
    risk.residual_likelihood, risk.residual_impact, risk.residual_score = likelihood, impact, new_score
    risk.last_reviewed_on = reviewed_on
    risk.next_review_on = scoring.next_review(scoring.band(new_score), reviewed_on)
    risk.reviews.insert(0, review)
    db.session.flush()
    return review


def close_risk(risk: Risk, reason: str) -> None:
    if not risk.is_open:
        raise RiskError("This risk is already closed.")
    if not (reason or "").strip():
        raise RiskError("Say why the risk is closed (it passed, it was transferred, it materialised...).",
                        "reason")
    risk.status, risk.closed_reason, risk.closed_at = "closed", reason.strip(), utcnow()
    db.session.flush()


def reopen_risk(risk: Risk, today: date | None = None) -> None:
    if risk.is_open:
        raise RiskError("This risk is open already.")
    today = today or local_today(risk.contract)
    risk.status, risk.closed_reason, risk.closed_at = "open", "", None
    risk.next_review_on = min(risk.next_review_on, today) if risk.next_review_on else today
    db.session.flush()


# ---- links to other features' records ------------------------------------------------------------


def link_choices(user, contract) -> dict[str, list[tuple[int, str]]]:
    """kind -> (id, label) the user may link to, for the kinds whose feature is there."""
    choices = {}
    for kind in LINKABLE_KINDS:
        link_kind = _link_kind(kind)
        if link_kind is not None and link_kind.choices is not None:
            choices[kind] = list(link_kind.choices(user, contract))
    return choices


def _link_kind(kind: str):
    return next((k for k in link_kinds() if k.kind == kind), None)


def _checked_target(user, contract, kind: str, ref_id: int):
    if kind not in LINKABLE_KINDS or _link_kind(kind) is None:
        raise RiskError("Choose what to link.", "kind")
    linked = resolve_link(kind, contract, ref_id)
    if linked is None or not access.can(user, "view", linked):
        raise RiskError("Choose a record of this contract.", "ref_id")
    return linked


def link_risk(risk: Risk, user, kind: str, ref_id: int) -> RiskLink:
    _checked_target(user, risk.contract, kind, ref_id)
    if any(link.kind == kind and link.ref_id == ref_id for link in risk.links):
        raise RiskError("This risk is linked to it already.", "ref_id")
    link = RiskLink(risk_id=risk.id, contract_id=risk.contract_id, kind=kind, ref_id=ref_id,
                    visibility=risk.visibility)
    risk.links.append(link)
    db.session.flush()
    return link


def link_objective(objective: Objective, user, kind: str, ref_id: int) -> ObjectiveLink:
    _checked_target(user, objective.contract, kind, ref_id)
    if any(link.kind == kind and link.ref_id == ref_id for link in objective.links):
        raise RiskError("This objective is linked to it already.", "ref_id")
    link = ObjectiveLink(objective_id=objective.id, contract_id=objective.contract_id, kind=kind,
                         ref_id=ref_id, visibility=objective.visibility)
    objective.links.append(link)
    db.session.flush()
    return link


def unlink(record, link_id: int) -> None:
    link = next((link for link in record.links if link.id == link_id), None)
    if link is None:
        raise RiskError("That link was removed already.")
    record.links.remove(link)
    db.session.flush()


def resolved_links(user, contract, links) -> list[dict]:
    """The links the user may follow, each with its record (one lookup per link: few per record)."""
    shown = []
    for link in links:
        linked = resolve_link(link.kind, contract, link.ref_id)
        if linked is not None and access.can(user, "view", linked):
            shown.append({"link": link, "record": linked})
    return shown


# ---- objectives ----------------------------------------------------------------------------------


def save_objective(contract, objective: Objective | None, title: str, description: str,
                   visibility: str, active: bool = True) -> Objective:
    if not (title or "").strip():
        raise RiskError("Give the objective a title.", "title")
    if visibility not in access.OBJECTIVE_VISIBILITIES:
        raise RiskError("Choose who sees the objective.", "visibility")
    if objective is None:
        number = _next_number(Objective, contract)
        objective = Objective(contract_id=contract.id, number=number,
                              reference=objective_reference(contract, number))
        db.session.add(objective)
    objective.title, objective.description = title.strip(), (description or "").strip()
    objective.visibility, objective.active = visibility, active
    for link in objective.links:
        link.visibility = visibility
    db.session.flush()
    return objective
