"""The rules of meetings: scheduling in the contract's time zone (DST-safe), invitations with
.ics files, the agenda, the lifecycle, attendance and outcomes, the decisions log.

Plain functions; they flush, the caller commits. Minutes live in portal.meetings.minutes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from portal import access, clock
from portal.auth.models import User
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.extensions import db
from portal.meetings import ics
from portal.meetings.models import (
    ATTENDANCE,
    KIND_VISIBILITIES,
    KINDS,
    OUTCOME_KINDS,
    AgendaItem,
    Attendee,
    Meeting,
    Minutes,
    Outcome,
)
from portal.notifications.services import notify
from portal.panels import resolve_link
from portal.signals import action_requested

# Who may be invited or chair: everyone on the contract who takes part (not the reviewer).
MEMBER_ROLES = ("public_manager", "public_officer", "operator_manager", "operator_staff", "community_rep")
CHAIR_ROLES = ("public_manager", "public_officer", "operator_manager")


class MeetingError(Exception):
    """A rule was broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- time in the contract's zone -----------------------------------------------------------


def local_to_utc(day: date, at: time, zone_name: str, fold: int | None = None) -> datetime:
    """The UTC instant of a wall-clock time in the zone. A time that does not exist that day
    (clocks go forward) is refused; an ambiguous one (clocks go back) needs `fold`: 0 for the
    first occurrence (summer time), 1 for the second."""
    zone = ZoneInfo(zone_name or "UTC")
    first = datetime.combine(day, at, tzinfo=zone)
    second = first.replace(fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != first.replace(tzinfo=None):
        raise MeetingError(
            f"{at:%H:%M} does not exist on {day:%d %b %Y} in {zone_name}: the clocks go forward that "
            f"night. Choose another time.", "start_time")
    if first.utcoffset() != second.utcoffset():
        if fold not in (0, 1):
            raise MeetingError(
                f"{at:%H:%M} happens twice on {day:%d %b %Y} in {zone_name}: the clocks go back that "
                f"night. Say which one you mean.", "fold")
        return (second if fold else first).astimezone(UTC)
    return first.astimezone(UTC)


def local_start(meeting: Meeting) -> datetime:
    return meeting.starts_at.astimezone(ZoneInfo(meeting.contract.time_zone or "UTC"))


# ---- scheduling ----------------------------------------------------------------------------


@dataclass
class MeetingData:
    kind: str
    title: str
    day: date
    start_time: time
    duration_minutes: int
    place: str = ""
    video_url: str = ""
    visibility: str = ""
    chair_id: int | None = None
    invitee_ids: list[int] = field(default_factory=list)
    guests: str = ""  # one per line: "Name, Organisation"
    fold: int | None = None


def invitable(contract: Contract) -> list[User]:
    return users_with_roles(contract, MEMBER_ROLES)


def chairs(contract: Contract) -> list[User]:
    return users_with_roles(contract, CHAIR_ROLES)


def _check(contract: Contract, data: MeetingData) -> None:
    if data.kind not in KINDS:
        raise MeetingError("Choose the kind of meeting.", "kind")
    if data.visibility not in KIND_VISIBILITIES[data.kind]:
        allowed = ", ".join(KIND_VISIBILITIES[data.kind])
        raise MeetingError(f"A {KINDS[data.kind].lower()} meeting is {allowed}.", "visibility")
    if not data.place.strip() and not data.video_url.strip():
        raise MeetingError("Give a place or a video link.", "place")
    if data.video_url and not data.video_url.startswith(("https://", "http://")):
        raise MeetingError("A video link starts with https://.", "video_url")
    if data.chair_id not in {u.id for u in chairs(contract)}:
        raise MeetingError("Choose a chair from the contract's officials and operator managers.", "chair_id")
    if not 5 <= data.duration_minutes <= 600:
        raise MeetingError("A meeting lasts between 5 minutes and 10 hours.", "duration_minutes")


def _next_number(contract: Contract, model, column) -> int:
    db.session.execute(sa.select(Contract.id).where(Contract.id == contract.id).with_for_update())
    return (db.session.scalar(sa.select(sa.func.max(column)).where(model.contract_id == contract.id)) or 0) + 1


def _next_decision_number(contract: Contract) -> int:
    db.session.execute(sa.select(Contract.id).where(Contract.id == contract.id).with_for_update())
    return (db.session.scalar(sa.select(sa.func.count(Outcome.id)).where(
        Outcome.contract_id == contract.id, Outcome.kind == "decision")) or 0) + 1


def _guests(text: str) -> list[tuple[str, str]]:
    rows = []
    for line in (text or "").splitlines():
        name, _, organisation = line.partition(",")
        if name.strip():
            rows.append((name.strip()[:120], organisation.strip()[:200]))
    return rows


def _may_read(user: User, meeting: Meeting) -> bool:
    return meeting.visibility in access.readable_visibilities(user, meeting.contract_id)


def schedule(contract: Contract, data: MeetingData, user) -> Meeting:
    _check(contract, data)
    starts_at = local_to_utc(data.day, data.start_time, contract.time_zone, data.fold)
    if starts_at < clock.now():
        raise MeetingError("Choose a time in the future.", "day")
    number = _next_number(contract, Meeting, Meeting.number)
    meeting = Meeting(contract_id=contract.id, number=number, reference=f"{contract.code}-MTG-{number:04d}",
                      kind=data.kind, title=data.title.strip(), starts_at=starts_at,
                      duration_minutes=data.duration_minutes, place=data.place.strip(),
                      video_url=data.video_url.strip(), visibility=data.visibility, chair_id=data.chair_id,
                      created_by_id=getattr(user, "id", None))
    db.session.add(meeting)
    db.session.flush()
    _set_invitees(meeting, data)
    db.session.flush()
    return meeting


def _set_invitees(meeting: Meeting, data: MeetingData) -> None:
    members = {u.id: u for u in invitable(meeting.contract)}
    wanted = set(data.invitee_ids) | ({data.chair_id} if data.chair_id else set())
    for user_id in wanted:
        if user_id not in members:
            raise MeetingError("Invite members of this contract only.", "invitee_ids")
        if not _may_read(members[user_id], meeting):
            raise MeetingError(f"{members[user_id].name} could not see a {meeting.visibility} meeting: "
                               "widen its visibility or leave them out.", "invitee_ids")
    current = {a.user_id: a for a in meeting.attendees if a.user_id}
    for user_id in wanted - set(current):
        meeting.attendees.append(Attendee(contract_id=meeting.contract_id, user_id=user_id,
                                          visibility=meeting.visibility))
    for user_id in set(current) - wanted:
        meeting.attendees.remove(current[user_id])
    for attendee in [a for a in meeting.attendees if a.user_id is None]:
        meeting.attendees.remove(attendee)
    for name, organisation in _guests(data.guests):
        meeting.attendees.append(Attendee(contract_id=meeting.contract_id, name=name, organisation=organisation,
                                          visibility=meeting.visibility))


def guests_text(meeting: Meeting) -> str:
    return "\n".join(f"{a.name}, {a.organisation}" if a.organisation else a.name
                     for a in meeting.attendees if a.user_id is None)


def update(meeting: Meeting, data: MeetingData, user) -> bool:
    """Change a scheduled meeting; True when invitees were sent an update (time or place moved)."""
    if meeting.status != "scheduled":
        raise MeetingError("Only a scheduled meeting can be changed.")
    _check(meeting.contract, data)
    starts_at = local_to_utc(data.day, data.start_time, meeting.contract.time_zone, data.fold)
    moved = (starts_at, data.duration_minutes, data.place.strip(), data.video_url.strip()) != (
        meeting.starts_at, meeting.duration_minutes, meeting.place, meeting.video_url)
    meeting.kind, meeting.title, meeting.starts_at = data.kind, data.title.strip(), starts_at
    meeting.duration_minutes, meeting.place, meeting.video_url = data.duration_minutes, data.place.strip(), data.video_url.strip()
    meeting.visibility, meeting.chair_id = data.visibility, data.chair_id
    _copy_visibility(meeting)
    _set_invitees(meeting, data)
    if moved:
        meeting.ics_sequence += 1
    db.session.flush()
    if moved:
        send_invitations(meeting, "Changed: ")
    return moved


def _copy_visibility(meeting: Meeting) -> None:
    for row in [*meeting.agenda, *meeting.attendees, *meeting.outcomes]:
        row.visibility = meeting.visibility


def invitees(meeting: Meeting) -> list[User]:
    return [a.user for a in meeting.attendees if a.user is not None and a.user.active]


def send_invitations(meeting: Meeting, prefix: str = "", users=None) -> int:
    """Notify invited members (and e-mail them the .ics, by their preference)."""
    method = "CANCEL" if meeting.status == "cancelled" else "REQUEST"
    attachment = (f"{meeting.reference}.ics", f"text/calendar; method={method}", ics.meeting_ics(meeting, method))
    when = local_start(meeting).strftime("%a %d %b %Y, %H:%M %Z")
    body = (f"{meeting.kind_label} meeting on {when}, {meeting.place or 'online'}."
            + (f"\nCancelled: {meeting.cancel_reason}" if meeting.status == "cancelled" else ""))
    url = f"/contracts/{meeting.contract.code}/meetings/{meeting.reference}"
    targets = users if users is not None else invitees(meeting)
    for user in targets:
        notify(user, f"{prefix}{meeting.title}", body, url, meeting.contract, attachments=[attachment])
    return len(targets)


def cancel(meeting: Meeting, reason: str) -> None:
    reason = (reason or "").strip()
    if meeting.status != "scheduled":
        raise MeetingError("Only a scheduled meeting can be cancelled.", "reason")
    if not reason:
        raise MeetingError("Say why the meeting is cancelled.", "reason")
    meeting.status, meeting.cancel_reason = "cancelled", reason[:500]
    meeting.ics_sequence += 1
    db.session.flush()
    send_invitations(meeting, "Cancelled: ")


def mark_held(meeting: Meeting, user) -> Minutes:
    """The meeting took place: attendance and outcomes can be recorded, the minutes drafted."""
    if meeting.status != "scheduled":
        raise MeetingError("Only a scheduled meeting can be marked as held.")
    if meeting.starts_at > clock.now():
        raise MeetingError("The meeting has not started yet.")
    meeting.status = "held"
    minutes = Minutes(contract_id=meeting.contract_id, visibility=meeting.visibility,
                      draft_text=minutes_skeleton(meeting))
    meeting.minutes = minutes
    db.session.flush()
    return minutes


def minutes_skeleton(meeting: Meeting) -> str:
    lines = [f"# {meeting.title}", "", f"{meeting.kind_label} meeting, {local_start(meeting):%d %B %Y, %H:%M}.", ""]
    for number, item in enumerate(meeting.agenda, start=1):
        lines += [f"## {number}. {item.title}", "", ""]
    return "\n".join(lines)


# ---- agenda --------------------------------------------------------------------------------


def add_agenda_item(meeting: Meeting, title: str, presenter: str = "", minutes_allotted: int | None = None,
                    link: str = "") -> AgendaItem:
    if meeting.status == "cancelled" or meeting.minutes_approved:
        raise MeetingError("The agenda of this meeting can no longer change.", "title")
    kind, ref = _parse_link(meeting, link)
    item = AgendaItem(contract_id=meeting.contract_id, title=" ".join(title.split())[:200],
                      presenter=(presenter or "").strip()[:120], minutes_allotted=minutes_allotted,
                      position=len(meeting.agenda), link_kind=kind, link_id=ref, visibility=meeting.visibility)
    meeting.agenda.append(item)
    db.session.flush()
    return item


def _parse_link(meeting: Meeting, link: str) -> tuple[str, int | None]:
    if not link:
        return "", None
    kind, _, ref = link.partition(":")
    if not ref.isdigit() or resolve_link(kind, meeting.contract, int(ref)) is None:
        raise MeetingError("Choose a record of this contract to link.", "link")
    return kind, int(ref)


def remove_agenda_item(meeting: Meeting, item: AgendaItem) -> None:
    if meeting.status != "scheduled":
        raise MeetingError("Items of a meeting that took place stay on its agenda.")
    meeting.agenda.remove(item)
    for position, other in enumerate(meeting.agenda):
        other.position = position
    db.session.flush()


# ---- at the meeting ------------------------------------------------------------------------


def _open_for_record(meeting: Meeting) -> None:
    if meeting.status != "held":
        raise MeetingError("Mark the meeting as held first.")
    if meeting.minutes_approved:
        raise MeetingError("The minutes are approved: the record of this meeting is closed.")


def record_attendance(meeting: Meeting, marks: dict[int, str]) -> None:
    _open_for_record(meeting)
    for attendee in meeting.attendees:
        value = marks.get(attendee.id)
        if value is not None and value in ATTENDANCE:
            attendee.attendance = value
    db.session.flush()


@dataclass
class OutcomeData:
    kind: str
    text: str
    agenda_item_id: int | None = None
    owner_user_id: int | None = None
    owner_party: str | None = None
    due_on: date | None = None


def add_outcome(meeting: Meeting, data: OutcomeData, user) -> Outcome:
    _open_for_record(meeting)
    if data.kind not in OUTCOME_KINDS:
        raise MeetingError("Choose a decision, an information note or an action.", "kind")
    text = (data.text or "").strip()
    if not text:
        raise MeetingError("Write the outcome.", "text")
    item = next((i for i in meeting.agenda if i.id == data.agenda_item_id), None)
    if data.agenda_item_id and item is None:
        raise MeetingError("Choose an item of this meeting's agenda.", "agenda_item_id")
    outcome = Outcome(contract_id=meeting.contract_id, kind=data.kind, text=text, agenda_item_id=getattr(item, "id", None),
                      visibility=meeting.visibility, created_by_id=getattr(user, "id", None))
    if data.kind == "decision":
        number = _next_decision_number(meeting.contract)
        outcome.reference = f"{meeting.contract.code}-DEC-{number:04d}"
    if data.kind == "action":
        outcome.action_id = _request_action(meeting, data, text, user)
    meeting.outcomes.append(outcome)
    db.session.flush()
    return outcome


def _request_action(meeting: Meeting, data: OutcomeData, text: str, user) -> int:
    try:
        results = action_requested.send(
            meeting.contract, title=text[:200], owner_user_id=data.owner_user_id, owner_party=data.owner_party,
            due_on=data.due_on, source_kind="meeting", source_id=meeting.id,
            source_title=f"{meeting.reference} {meeting.title}"[:300],
            source_url=f"/contracts/{meeting.contract.code}/meetings/{meeting.reference}",
            visibility=meeting.visibility, user=user)
    except ValueError as error:
        raise MeetingError(str(error), getattr(error, "field", None) or "owner") from error
    ids = [value for _receiver, value in results if isinstance(value, int)]
    if not ids:
        raise MeetingError("The action list is not available: the action was not recorded.", "kind")
    return ids[0]


# ---- lists ---------------------------------------------------------------------------------


def find(contract: Contract, reference: str) -> Meeting | None:
    return db.session.scalar(sa.select(Meeting).where(Meeting.contract_id == contract.id,
                                                      Meeting.reference == (reference or "").upper()))


def meetings_query(user, contract: Contract, when: str = "upcoming"):
    query = sa.select(Meeting).where(access.visible_clause(user, Meeting, contract))
    now = clock.now()
    if when == "past":
        return query.where(Meeting.starts_at < now - timedelta(hours=12)).order_by(Meeting.starts_at.desc())
    return query.where(Meeting.starts_at >= now - timedelta(hours=12)).order_by(Meeting.starts_at)


def upcoming(user, contract: Contract, limit: int = 3) -> list[Meeting]:
    return list(db.session.scalars(meetings_query(user, contract).where(Meeting.status == "scheduled").limit(limit)))


def decisions_query(user, contract: Contract, q: str = ""):
    query = (sa.select(Outcome).join(Meeting, Meeting.id == Outcome.meeting_id)
             .where(Outcome.kind == "decision", access.visible_clause(user, Outcome, contract)))
    for word in (q or "").split()[:8]:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        query = query.where(sa.or_(Outcome.text.ilike(pattern), Meeting.title.ilike(pattern),
                                   Outcome.reference.ilike(pattern)))
    return query.order_by(Meeting.starts_at.desc(), Outcome.id.desc())
