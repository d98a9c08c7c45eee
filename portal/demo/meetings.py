"""A year of meetings on each demo contract, with agendas, attendance, outcomes and minutes; the
actions they produced (open, overdue, done and dropped); the stakeholder register with contacts on
every quadrant of the map; and four quarters of partnership health checks with a visible gap.

Deterministic (seeded random), idempotent (nothing happens once meetings exist)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from portal import clock
from portal.actions import services as action_services
from portal.actions.models import Action
from portal.auth.models import User
from portal.contracts.models import Membership
from portal.demo.meetings_content import AGENDAS, HEALTH, STAKEHOLDERS, TEAM, minutes_text
from portal.extensions import db
from portal.meetings import minutes as minutes_rules
from portal.meetings import services
from portal.meetings.models import Attendee, Meeting
from portal.notifications.models import Notification
from portal.partnership import services as partnership
from portal.partnership.models import DIMENSIONS, HealthCheckRound

ORDER = 60


def _team(ctx, code: str, contract) -> dict[str, list[User]]:
    """The contract's two sides, with the extra team members (so the health check has at least
    three answers per side)."""
    users = ctx["users"]
    key = code.lower()
    sides = {"government": [users[f"{key}_pm"], users[f"{key}_po"]],
             "operator": [users[f"{key}_om"], users[f"{key}_os"]]}
    password_hash = users[f"{key}_pm"].password_hash
    for name, email, role, side in TEAM[code]:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
        org_id = contract.government_org_id if side == "government" else contract.operator_org_id
        if db.session.scalar(sa.select(Membership.id).where(Membership.user_id == user.id,
                                                            Membership.contract_id == contract.id)) is None:
            db.session.add(Membership(user_id=user.id, contract_id=contract.id, organisation_id=org_id, role=role))
        sides[side].append(user)
    db.session.flush()
    return sides


def _meeting(contract, number, kind, title, starts_at, place, visibility, chair, people):
    meeting = Meeting(contract_id=contract.id, number=number, reference=f"{contract.code}-MTG-{number:04d}",
                      kind=kind, title=title, starts_at=starts_at, duration_minutes=90 if kind != "technical" else 60,
                      place=place, visibility=visibility, chair_id=chair.id, created_by_id=chair.id)
    db.session.add(meeting)
    db.session.flush()
    for user in people:
        meeting.attendees.append(Attendee(contract_id=contract.id, user_id=user.id, visibility=visibility))
    return meeting


def _at(contract, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(contract.time_zone)).astimezone(ZoneInfo("UTC"))


def _hold(meeting, chair, rng, plan, users):
    services.mark_held(meeting, chair)
    for attendee in meeting.attendees:
        attendee.attendance = rng.choice(["present"] * 6 + ["apologies", "absent"])
    items = {item.title: item for item in meeting.agenda}
    for item_title, kind, text, owner_key, due_days in plan["outcomes"]:
        owner = users.get(owner_key) if owner_key and not owner_key.startswith("p:") else None
        services.add_outcome(meeting, services.OutcomeData(
            kind=kind, text=text, agenda_item_id=getattr(items.get(item_title), "id", None),
            owner_user_id=getattr(owner, "id", None),
            owner_party=owner_key[2:] if owner_key and owner_key.startswith("p:") else None,
            due_on=(meeting.starts_at + timedelta(days=due_days)).date() if due_days else None), chair)
    minutes = meeting.minutes
    minutes_rules.save_draft(minutes, minutes_text(meeting, plan), minutes.version, chair)
    minutes_rules.keep_revision(minutes, chair)


def _close_some_actions(contract, rng, today):
    for action in db.session.scalars(sa.select(Action).where(Action.contract_id == contract.id)):
        if action.due_on and action.due_on < today - timedelta(days=20):
            if rng.random() < 0.8:
                action_services.set_status(action, "done")
            elif rng.random() < 0.5:
                action_services.set_status(action, "dropped", "Overtaken by the lifecycle replacement programme.")
        elif rng.random() < 0.3:
            action_services.set_status(action, "in_progress")


def _meetings(contract, code, ctx, sides, rng, now) -> int:
    users = {k[len(code) + 1:]: v for k, v in ctx["users"].items() if k.startswith(code.lower() + "_")}
    chair, community = users["pm"], users["cr"]
    partners = sides["government"][:2] + sides["operator"][:2]
    today = now.astimezone(ZoneInfo(contract.time_zone)).date()
    number = 0
    for plan in AGENDAS[code]:
        number += 1
        day = today + timedelta(days=plan["days"])
        while day.weekday() >= 5:
            day += timedelta(days=1)
        people = partners + ([community] if plan["visibility"] in ("community", "public") else [])
        meeting = _meeting(contract, number, plan["kind"], plan["title"], _at(contract, day, plan.get("hour", 10)),
                           plan["place"], plan["visibility"], chair, people)
        for title, presenter, allotted in plan["agenda"]:
            services.add_agenda_item(meeting, title, presenter, allotted)
        if plan["days"] < 0:
            with _at_time(meeting.starts_at + timedelta(hours=2)):
                _hold(meeting, chair, rng, plan, users)
            if plan["days"] < -10:
                with _at_time(meeting.starts_at + timedelta(days=8)):
                    minutes_rules.approve(meeting.minutes, chair)
    _close_some_actions(contract, rng, today)
    return number


def _stakeholders(contract, code, ctx, sides, rng, today) -> int:
    gov = sides["government"]
    for name, organisation, kind, interest, influence, approach, visibility, contacts in STAKEHOLDERS[code]:
        stakeholder = partnership.add_stakeholder(contract, partnership.StakeholderData(
            name=name, organisation=organisation, kind=kind, interest=interest, influence=influence,
            approach=approach, owner_id=gov[rng.randrange(2)].id, visibility=visibility))
        for days_ago, channel, summary, follow_up in contacts:
            partnership.log_engagement(stakeholder, partnership.EngagementData(
                occurred_on=today - timedelta(days=days_ago), channel=channel, summary=summary, follow_up=follow_up,
                follow_up_owner_id=stakeholder.owner_id,
                follow_up_due_on=today - timedelta(days=days_ago) + timedelta(days=30) if follow_up else None),
                gov[0])
    return len(STAKEHOLDERS[code])


def _health_checks(contract, code, sides, rng, today) -> None:
    quarter_start = date(today.year, ((today.month - 1) // 3) * 3 + 1, 1)
    starts = [quarter_start - relativedelta(months=3 * n) for n in range(4, -1, -1)]  # four quarters, then this one
    profile = HEALTH[code]
    for index, start in enumerate(starts):
        label = f"{start.year} Q{(start.month - 1) // 3 + 1}"
        current = index == len(starts) - 1
        end = today + timedelta(days=10) if current else start + relativedelta(months=3) - timedelta(days=1)
        rnd = HealthCheckRound(contract_id=contract.id, label=label, opens_on=end - timedelta(days=30) if not current
                               else start, closes_on=end)
        db.session.add(rnd)
        db.session.flush()
        answering = {side: people if not current else people[:2] for side, people in sides.items()}
        with _as_open(rnd, today):
            for side, people in answering.items():
                for person in people:
                    base = profile[side][min(index, 3)]
                    scores = {d: max(1, min(5, round(base[d] + rng.choice([-1, 0, 0, 0, 1])))) for d in DIMENSIONS}
                    comment = profile["comments"][side][(index + people.index(person)) % len(profile["comments"][side])]
                    partnership.answer(rnd, person, scores, comment if rng.random() < 0.7 else "")
        if not current:
            partnership.close_round(rnd)
            rnd.released = index < 2


class _at_time:
    """Replay history at the moment it happened (the rules read the clock), then come back."""

    def __init__(self, instant: datetime):
        self.instant = instant

    def __enter__(self):
        self.saved = clock.now()
        if self.instant < self.saved:
            clock.travel_to(self.instant)

    def __exit__(self, *exc):
        clock.travel_to(self.saved)


def _as_open(rnd, today):
    """Answer a past round as if on its closing day (the rules accept answers only while open)."""
    return _at_time(datetime.combine(min(rnd.closes_on, today), time(12), tzinfo=ZoneInfo("UTC")))


def seed(ctx) -> str | None:
    contracts = ctx.get("contracts") or {}
    if not contracts or db.session.scalar(sa.select(sa.func.count(Meeting.id))):
        return None
    last_note = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
    rng = random.Random(10)
    now = clock.now()
    totals = [0, 0]
    for code, contract in contracts.items():
        if code not in AGENDAS:
            continue
        sides = _team(ctx, code, contract)
        today = now.astimezone(ZoneInfo(contract.time_zone)).date()
        totals[0] += _meetings(contract, code, ctx, sides, rng, now)
        totals[1] += _stakeholders(contract, code, ctx, sides, rng, today)
        _health_checks(contract, code, sides, rng, today)
    # The history's notifications were read long ago.
    db.session.execute(sa.update(Notification).where(Notification.id > last_note).values(read_at=now))
    db.session.flush()
    return f"Meetings: {totals[0]} meetings, {totals[1]} stakeholders, health checks for {len(contracts)} contracts."
