"""The rules of the partnership: the stakeholder register, the engagement log, and the health
check's rounds and answers. Plain functions; they flush, the caller commits."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from portal import access, clock
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.extensions import db
from portal.partnership.models import (
    CHANNELS,
    DIMENSIONS,
    STAKEHOLDER_KINDS,
    Engagement,
    HealthCheckAnswer,
    HealthCheckParticipation,
    HealthCheckRound,
    Stakeholder,
)
from portal.signals import action_requested

STAKEHOLDER_VISIBILITIES = ("government", "partners", "community")
DEFAULT_ROUND_MONTHS = 3  # quarterly; a round's dates may be set to any period


class PartnershipError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def local_today(contract: Contract) -> date:
    return clock.now().astimezone(ZoneInfo(contract.time_zone or "UTC")).date()


# ---- stakeholders ---------------------------------------------------------------------------


@dataclass
class StakeholderData:
    name: str
    organisation: str
    kind: str
    interest: int
    influence: int
    approach: str = ""
    owner_id: int | None = None
    notes: str = ""
    visibility: str = "government"


def owners(contract: Contract):
    return users_with_roles(contract, sorted(access.GOVERNMENT_ROLES | access.OPERATOR_ROLES))


def _check_stakeholder(contract: Contract, data: StakeholderData, exclude_id: int | None = None) -> str:
    name = " ".join((data.name or "").split())
    if not name:
        raise PartnershipError("Give the stakeholder's name.", "name")
    if data.kind not in STAKEHOLDER_KINDS:
        raise PartnershipError("Choose the kind of stakeholder.", "kind")
    for field_name in ("interest", "influence"):
        if getattr(data, field_name) not in range(1, 6):
            raise PartnershipError("Rate it from 1 (low) to 5 (high).", field_name)
    if data.visibility not in STAKEHOLDER_VISIBILITIES:
        raise PartnershipError("Choose who may see this stakeholder.", "visibility")
    if data.owner_id and data.owner_id not in {u.id for u in owners(contract)}:
        raise PartnershipError("Choose an owner from the contract's members.", "owner_id")
    clash = sa.select(Stakeholder.id).where(Stakeholder.contract_id == contract.id,
                                            sa.func.lower(Stakeholder.name) == name.lower())
    if exclude_id:
        clash = clash.where(Stakeholder.id != exclude_id)
    if db.session.scalar(clash) is not None:
        raise PartnershipError("The register already has a stakeholder with this name.", "name")
    return name


def _apply(stakeholder: Stakeholder, data: StakeholderData, name: str) -> None:
    stakeholder.name, stakeholder.organisation, stakeholder.kind = name, data.organisation.strip(), data.kind
    stakeholder.interest, stakeholder.influence = data.interest, data.influence
    stakeholder.approach, stakeholder.owner_id = data.approach.strip(), data.owner_id or None
    stakeholder.notes, stakeholder.visibility = data.notes.strip(), data.visibility
    for engagement in stakeholder.engagements:
        engagement.visibility = data.visibility


def add_stakeholder(contract: Contract, data: StakeholderData) -> Stakeholder:
    stakeholder = Stakeholder(contract_id=contract.id)
    _apply(stakeholder, data, _check_stakeholder(contract, data))
    db.session.add(stakeholder)
    db.session.flush()
    return stakeholder


def update_stakeholder(stakeholder: Stakeholder, data: StakeholderData) -> None:
    contract = db.session.get(Contract, stakeholder.contract_id)
    _apply(stakeholder, data, _check_stakeholder(contract, data, stakeholder.id))
    db.session.flush()


def stakeholders(user, contract: Contract) -> list[Stakeholder]:
    return list(db.session.scalars(
        sa.select(Stakeholder).where(access.visible_clause(user, Stakeholder, contract))
        .order_by(Stakeholder.influence.desc(), Stakeholder.interest.desc(), Stakeholder.name)))


@dataclass
class EngagementData:
    occurred_on: date
    channel: str
    summary: str
    follow_up: str = ""
    follow_up_owner_id: int | None = None
    follow_up_due_on: date | None = None


def log_engagement(stakeholder: Stakeholder, data: EngagementData, user) -> Engagement:
    contract = db.session.get(Contract, stakeholder.contract_id)
    if data.channel not in CHANNELS:
        raise PartnershipError("Choose how the contact was made.", "channel")
    if data.occurred_on > local_today(contract):
        raise PartnershipError("Log contacts that have happened; the date is in the future.", "occurred_on")
    if not (data.summary or "").strip():
        raise PartnershipError("Summarise the contact.", "summary")
    engagement = Engagement(contract_id=stakeholder.contract_id, occurred_on=data.occurred_on, channel=data.channel,
                            who_id=user.id, summary=data.summary.strip(), follow_up=(data.follow_up or "").strip()[:200],
                            visibility=stakeholder.visibility)
    stakeholder.engagements.append(engagement)
    db.session.flush()
    if engagement.follow_up:
        engagement.action_id = request_action(
            contract, engagement.follow_up, user, owner_user_id=data.follow_up_owner_id or user.id,
            due_on=data.follow_up_due_on, source_kind="stakeholder", source_id=stakeholder.id,
            source_title=f"Contact with {stakeholder.name}, {engagement.occurred_on:%d %b %Y}",
            source_url=f"/contracts/{contract.code}/stakeholders/{stakeholder.id}", visibility=stakeholder.visibility,
            field="follow_up")
        db.session.flush()
    return engagement


def request_action(contract: Contract, title: str, user, *, field: str, **kwargs) -> int:
    """Put an action on the contract's action list (through the signal; never importing it)."""
    try:
        results = action_requested.send(contract, title=title, user=user, **kwargs)
    except ValueError as error:
        raise PartnershipError(str(error), field) from error
    ids = [value for _receiver, value in results if isinstance(value, int)]
    if not ids:
        raise PartnershipError("The action list is not available: no action was added.", field)
    return ids[0]


# ---- health check --------------------------------------------------------------------------


def side_of(user, contract: Contract) -> str | None:
    side = access.side_of(access.role_in(user, contract))
    return side if side in ("government", "operator") else None


def next_period(contract: Contract, months: int = DEFAULT_ROUND_MONTHS) -> tuple[str, date, date]:
    """A label and dates for the next round: the current quarter (or period of `months`)."""
    today = local_today(contract)
    start_month = ((today.month - 1) // months) * months + 1
    start = date(today.year, start_month, 1)
    end = start + relativedelta(months=months) - timedelta(days=1)
    label = f"{today.year} Q{(start_month - 1) // 3 + 1}" if months == 3 else f"{start:%b %Y}–{end:%b %Y}"
    return label, today, end


def open_round(contract: Contract, label: str, opens_on: date, closes_on: date) -> HealthCheckRound:
    label = " ".join((label or "").split())
    if not label:
        raise PartnershipError("Name the round, e.g. 2026 Q4.", "label")
    if closes_on < opens_on:
        raise PartnershipError("The round closes after it opens.", "closes_on")
    if db.session.scalar(sa.select(HealthCheckRound.id).where(HealthCheckRound.contract_id == contract.id,
                                                              HealthCheckRound.status == "open")):
        raise PartnershipError("Close the open round before opening another.", "label")
    if db.session.scalar(sa.select(HealthCheckRound.id).where(HealthCheckRound.contract_id == contract.id,
                                                              HealthCheckRound.label == label)):
        raise PartnershipError("A round with this name exists.", "label")
    rnd = HealthCheckRound(contract_id=contract.id, label=label, opens_on=opens_on, closes_on=closes_on)
    db.session.add(rnd)
    db.session.flush()
    return rnd


def has_answered(rnd: HealthCheckRound, user) -> bool:
    return db.session.scalar(sa.select(HealthCheckParticipation.id).where(
        HealthCheckParticipation.round_id == rnd.id, HealthCheckParticipation.user_id == user.id)) is not None


def answer(rnd: HealthCheckRound, user, scores: dict[str, int], comment: str = "") -> None:
    """Record one person's answer: the participation (who) and the answer (what) separately."""
    contract = db.session.get(Contract, rnd.contract_id)
    side = side_of(user, contract)
    if side is None:
        raise PartnershipError("The health check is answered by the government and operator teams.")
    if rnd.status != "open" or not rnd.opens_on <= local_today(contract) <= rnd.closes_on:
        raise PartnershipError("This round is not open for answers.")
    if has_answered(rnd, user):
        raise PartnershipError("You have already answered this round.")
    for dimension in DIMENSIONS:
        if scores.get(dimension) not in range(1, 6):
            raise PartnershipError("Rate every statement from 1 to 5.", dimension)
    db.session.add(HealthCheckParticipation(round_id=rnd.id, user_id=user.id, side=side))
    db.session.add(HealthCheckAnswer(round_id=rnd.id, side=side, comment=(comment or "").strip()[:2000],
                                     **{d: scores[d] for d in DIMENSIONS}))
    db.session.flush()


def close_round(rnd: HealthCheckRound) -> None:
    if rnd.status != "open":
        raise PartnershipError("This round is already closed.")
    rnd.status, rnd.closed_at = "closed", clock.now()
    _shuffle_answers(rnd)
    db.session.flush()


def _shuffle_answers(rnd: HealthCheckRound) -> None:
    """Re-write the round's answers in random order under new random ids, so that no storage
    order ties an answer to the participation written beside it."""
    rows = db.session.scalars(sa.select(HealthCheckAnswer).where(HealthCheckAnswer.round_id == rnd.id)).all()
    copies = [{c: getattr(row, c) for c in ("side", "comment", *DIMENSIONS)} for row in rows]
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    random.SystemRandom().shuffle(copies)
    db.session.add_all(HealthCheckAnswer(id=secrets.token_hex(16), round_id=rnd.id, **copy) for copy in copies)


def release(rnd: HealthCheckRound) -> None:
    if rnd.status != "closed":
        raise PartnershipError("Close the round before releasing its results.")
    if rnd.released:
        raise PartnershipError("The results are already released.")
    rnd.released = True
    db.session.flush()


def answer_counts(rnd: HealthCheckRound) -> dict[str, int]:
    rows = db.session.execute(sa.select(HealthCheckParticipation.side, sa.func.count())
                              .where(HealthCheckParticipation.round_id == rnd.id)
                              .group_by(HealthCheckParticipation.side)).all()
    return {side: count for side, count in rows}


def rounds(contract: Contract) -> list[HealthCheckRound]:
    return list(db.session.scalars(sa.select(HealthCheckRound).where(HealthCheckRound.contract_id == contract.id)
                                   .order_by(HealthCheckRound.opens_on.desc())))
