"""The rules of feedback: intake, the clock, routing, the workflow, closing the loop, moderation.

Plain functions over models; no request objects. They flush, the view commits."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from portal import access
from portal import workdays as clock
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.feedback.models import (
    CHANNELS,
    KINDS,
    OPEN_STATUSES,
    PARTIES,
    STATUSES,
    Feedback,
    FeedbackAttachment,
    FeedbackCategory,
    FeedbackEvent,
    ResponseTemplate,
)

APPEAL_WORKING_DAYS = 10

DEFAULT_CATEGORIES = [
    ("Service quality", "operator"),
    ("Cleanliness and maintenance", "operator"),
    ("Noise and disturbance", "operator"),
    ("Safety", "government"),
    ("Contract and policy", "government"),
    ("Other", "government"),
]

DEFAULT_TEMPLATES = [
    ("Acknowledged, investigating",
     "Thank you for contacting us. We have looked into what you reported and asked the team responsible to "
     "investigate. We will write again with what was done."),
    ("Resolved",
     "Thank you for your feedback. We investigated and put the problem right on {date}. "
     "If it happens again, please tell us with the reference above."),
    ("Outside the contract",
     "Thank you for contacting us. What you describe is not covered by this contract; we have passed it to the "
     "body responsible and explain here who that is and how to reach them."),
]


class FeedbackError(Exception):
    """A rule was broken; `field` names the form field the message belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- categories and templates --------------------------------------------------------------


def ensure_defaults(contract: Contract) -> bool:
    """Give a contract with no categories yet the default categories and response templates.

    Returns True when something was created (the caller commits, so that ids stay stable
    between the page that offers a category and the form that posts it back)."""
    exists = db.session.scalar(sa.select(FeedbackCategory.id).where(FeedbackCategory.contract_id == contract.id)
                               .limit(1))
    if exists is not None:
        return False
    set_categories(contract, DEFAULT_CATEGORIES)
    if db.session.scalar(sa.select(ResponseTemplate.id).where(ResponseTemplate.contract_id == contract.id)
                         .limit(1)) is None:
        seed_templates(contract)
    return True


def categories(contract: Contract, *, active_only: bool = True) -> list[FeedbackCategory]:
    """The contract's categories in their order, creating the defaults the first time a contract has none."""
    ensure_defaults(contract)
    query = sa.select(FeedbackCategory).where(FeedbackCategory.contract_id == contract.id)
    if active_only:
        query = query.where(FeedbackCategory.active.is_(True))
    return list(db.session.scalars(query.order_by(FeedbackCategory.position, FeedbackCategory.name,
                                                  FeedbackCategory.id)))


def set_categories(contract: Contract, spec: list[tuple[str, str]]) -> list[FeedbackCategory]:
    created = []
    for position, (name, routed_to) in enumerate(spec):
        if routed_to not in PARTIES:
            raise FeedbackError(f"Category {name!r} must go to the operator or the government.")
        category = FeedbackCategory(contract_id=contract.id, name=name, routed_to=routed_to, position=position)
        db.session.add(category)
        created.append(category)
    db.session.flush()
    return created


def _taken(model, column, contract: Contract, value: str, exclude_id: int | None) -> bool:
    """Whether another row of the contract already uses `value` in `column` (ignoring case)."""
    clash = sa.select(model.id).where(model.contract_id == contract.id, sa.func.lower(column) == value.lower())
    if exclude_id is not None:
        clash = clash.where(model.id != exclude_id)
    return db.session.scalar(clash.limit(1)) is not None


def _clean_category(contract: Contract, name: str, routed_to: str, *, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise FeedbackError("Give the category a name.", "name")
    if len(name) > 80:
        raise FeedbackError("Keep the name to 80 characters.", "name")
    if routed_to not in PARTIES:
        raise FeedbackError("Choose who answers feedback in this category.", "routed_to")
    if _taken(FeedbackCategory, FeedbackCategory.name, contract, name, exclude_id):
        raise FeedbackError("This contract already has a category with that name.", "name")
    return name


def add_category(contract: Contract, name: str, routed_to: str) -> FeedbackCategory:
    """A new active category, placed last. Routing applies to feedback received from now on."""
    name = _clean_category(contract, name, routed_to)
    last = db.session.scalar(sa.select(sa.func.max(FeedbackCategory.position))
                             .where(FeedbackCategory.contract_id == contract.id))
    category = FeedbackCategory(contract_id=contract.id, name=name, routed_to=routed_to,
                                position=(last if last is not None else -1) + 1, active=True)
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category: FeedbackCategory, name: str, routed_to: str, active: bool) -> None:
    """Rename, re-route or (de)activate a category. Feedback already received keeps its routing;
    an inactive category is no longer offered but stays on the feedback that used it."""
    contract = db.session.get(Contract, category.contract_id)
    name = _clean_category(contract, name, routed_to, exclude_id=category.id)
    if not active and category.active:
        others = db.session.scalar(sa.select(sa.func.count(FeedbackCategory.id)).where(
            FeedbackCategory.contract_id == category.contract_id, FeedbackCategory.active.is_(True),
            FeedbackCategory.id != category.id))
        if not others:
            raise FeedbackError("Keep at least one active category, or people cannot give feedback.", "active")
    category.name = name
    category.routed_to = routed_to
    category.active = bool(active)
    db.session.flush()


def category_usage(contract: Contract) -> dict[int, int]:
    """category id -> how many pieces of feedback use it (all of them, sensitive ones included)."""
    rows = db.session.execute(
        sa.select(Feedback.category_id, sa.func.count(Feedback.id))
        .where(Feedback.contract_id == contract.id, Feedback.category_id.is_not(None))
        .group_by(Feedback.category_id)).all()
    return {category_id: count for category_id, count in rows}


def seed_templates(contract: Contract) -> list[ResponseTemplate]:
    created = [ResponseTemplate(contract_id=contract.id, title=title, body=body) for title, body in DEFAULT_TEMPLATES]
    db.session.add_all(created)
    db.session.flush()
    return created


def response_templates(contract: Contract) -> list[ResponseTemplate]:
    """The contract's response templates, by title. Defaults are created with the default categories."""
    ensure_defaults(contract)
    return list(db.session.scalars(
        sa.select(ResponseTemplate).where(ResponseTemplate.contract_id == contract.id)
        .order_by(sa.func.lower(ResponseTemplate.title), ResponseTemplate.id)))


def _clean_template(contract: Contract, title: str, body: str, *, exclude_id: int | None = None) -> tuple[str, str]:
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title:
        raise FeedbackError("Give the template a title.", "title")
    if len(title) > 120:
        raise FeedbackError("Keep the title to 120 characters.", "title")
    if not body:
        raise FeedbackError("Write the text of the template.", "body")
    if len(body) > 5000:
        raise FeedbackError("Keep the text to 5,000 characters.", "body")
    if _taken(ResponseTemplate, ResponseTemplate.title, contract, title, exclude_id):
        raise FeedbackError("This contract already has a template with that title.", "title")
    return title, body


def add_template(contract: Contract, title: str, body: str) -> ResponseTemplate:
    title, body = _clean_template(contract, title, body)
    template = ResponseTemplate(contract_id=contract.id, title=title, body=body)
    db.session.add(template)
    db.session.flush()
    return template


def update_template(template: ResponseTemplate, title: str, body: str) -> None:
    contract = db.session.get(Contract, template.contract_id)
    template.title, template.body = _clean_template(contract, title, body, exclude_id=template.id)
    db.session.flush()


def delete_template(template: ResponseTemplate) -> None:
    """Responses already published keep their text; the template only stops being offered."""
    db.session.delete(template)
    db.session.flush()


# ---- tokens and references -----------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def find_by_token(token: str) -> Feedback | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(sa.select(Feedback).where(Feedback.token_hash == hash_token(token)))


def find_by_reference(contract: Contract, reference: str) -> Feedback | None:
    return db.session.scalar(sa.select(Feedback).where(
        Feedback.contract_id == contract.id, Feedback.reference == (reference or "").upper()))


def _next_number(contract: Contract, year: int) -> int:
    db.session.execute(sa.select(Contract.id).where(Contract.id == contract.id).with_for_update())  # one numberer per contract
    current = db.session.scalar(sa.select(sa.func.max(Feedback.number)).where(
        Feedback.contract_id == contract.id, Feedback.year == year))
    return (current or 0) + 1


def make_reference(contract: Contract, year: int, number: int) -> str:
    return f"{contract.code}-FB-{year}-{number:05d}"


# ---- intake --------------------------------------------------------------------------------


@dataclass
class Submission:
    kind: str
    category: FeedbackCategory | None
    text: str
    place: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    name: str = ""
    email: str = ""
    show_name: bool = False
    sensitive: bool = False
    channel: str = "web"


def _check_coordinates(lat, lon) -> None:
    if (lat is None) != (lon is None):
        raise FeedbackError("Give both latitude and longitude, or neither.", "latitude")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FeedbackError("These coordinates are not on Earth.", "latitude")


def create_feedback(contract: Contract, sub: Submission, *, submitter=None, registered_by=None,
                    received_at: datetime | None = None, stored_files=(), notify_staff: bool = True
                    ) -> tuple[Feedback, str]:
    """Record new feedback and start its clock. Returns it with its one-time tracking token."""
    if sub.kind not in KINDS:
        raise FeedbackError("Choose what kind of feedback this is.", "kind")
    if sub.channel not in CHANNELS:
        raise FeedbackError("Choose how the feedback was received.", "channel")
    if sub.category is not None and sub.category.contract_id != contract.id:
        raise FeedbackError("Choose a category of this contract.", "category")
    if not (sub.text or "").strip():
        raise FeedbackError("Tell us what happened.", "text")
    _check_coordinates(sub.latitude, sub.longitude)
    received_at = received_at or utcnow()
    year = received_at.astimezone(clock._zone(contract.time_zone)).year
    number = _next_number(contract, year)
    token = secrets.token_urlsafe(32)
    routed_to = "government" if sub.sensitive else (sub.category.routed_to if sub.category else "government")
    feedback = Feedback(
        contract_id=contract.id, year=year, number=number, reference=make_reference(contract, year, number),
        kind=sub.kind, category_id=sub.category.id if sub.category else None, routed_to=routed_to,
        text=sub.text.strip(), place=(sub.place or "").strip(), latitude=sub.latitude, longitude=sub.longitude,
        submitter_id=getattr(submitter, "id", None), submitter_name=(sub.name or "").strip(),
        submitter_email=(sub.email or "").strip().lower(), show_name=bool(sub.show_name),
        channel=sub.channel, registered_by_id=getattr(registered_by, "id", None),
        token_hash=hash_token(token), sensitive=bool(sub.sensitive), status="received",
        received_at=received_at,
        ack_due_at=clock.deadline(received_at, contract.ack_working_days, contract.time_zone, contract.holidays),
        response_due_at=clock.deadline(received_at, contract.response_working_days, contract.time_zone,
                                       contract.holidays),
        visibility="government" if sub.sensitive else "partners",
        created_at=received_at,
    )
    db.session.add(feedback)
    db.session.flush()
    for stored in stored_files:
        db.session.add(FeedbackAttachment(
            feedback_id=feedback.id, contract_id=contract.id, key=stored.key, original_name=stored.original_name,
            size=stored.size, content_type=stored.content_type, sha256=stored.sha256,
            visibility=feedback.visibility, is_sensitive=feedback.sensitive))
    how = f" by {CHANNELS[sub.channel].lower()}" if sub.channel != "web" else ""
    body = f"Received{how}." + (f" Registered by {registered_by.name}." if registered_by is not None else "")
    add_event(feedback, "received", registered_by, body, public=True, at=received_at)
    if notify_staff:
        _notify_responsible(feedback, f"New {feedback.kind_label.lower()} {feedback.reference}",
                            f"{feedback.category_name}: {feedback.text[:200]}")
    return feedback, token


# ---- routing and notifications -------------------------------------------------------------


def responsible_members(feedback: Feedback) -> list:
    """Members who must act: the routed party's active roles; government officers only if sensitive."""

    if feedback.sensitive or feedback.routed_to == "government" or feedback.status == "appealed":
        roles = sorted(access.GOVERNMENT_ROLES)
    else:
        roles = sorted(access.OPERATOR_ROLES)
    return users_with_roles(feedback.contract, roles)


def _staff_url(feedback: Feedback) -> str:
    return f"/contracts/{feedback.contract.code}/feedback/{feedback.reference}"


def _notify_responsible(feedback: Feedback, title: str, body: str) -> int:
    from portal.notifications.services import notify_many

    if feedback.sensitive:
        body = "A sensitive grievance was received. Open it in the portal to read it."
    return notify_many(responsible_members(feedback), title, body, _staff_url(feedback), feedback.contract)


def submitter_email(feedback: Feedback) -> str:
    if feedback.submitter_email:
        return feedback.submitter_email
    return feedback.submitter.email if feedback.submitter is not None else ""


def mail_submitter(feedback: Feedback, subject: str, body: str) -> bool:
    from portal.mail import send_mail

    to = submitter_email(feedback)
    if not to:
        return False
    send_mail(to, f"[{feedback.reference}] {subject}", body)
    return True


# ---- the workflow --------------------------------------------------------------------------


def add_event(feedback: Feedback, kind: str, actor, body: str = "", *, public: bool = False,
              at: datetime | None = None, actor_name: str | None = None) -> FeedbackEvent:
    event = FeedbackEvent(
        feedback_id=feedback.id, contract_id=feedback.contract_id, kind=kind, body=body or "", public=public,
        actor_id=getattr(actor, "id", None),
        actor_name=actor_name or (actor.name if actor is not None else "Submitter"),
        visibility="government" if feedback.sensitive else "partners", is_sensitive=feedback.sensitive,
        created_at=at or utcnow())
    with db.session.no_autoflush:
        feedback.events.append(event)
    db.session.flush()
    return event


def can_respond(user, feedback: Feedback) -> bool:
    """Government staff answer everything; the operator's manager only what is routed to it."""
    if not access.can(user, "feedback.respond", feedback):
        return False
    side = access.side_of(access.role_in(user, feedback.contract_id))
    return side == "government" or (feedback.routed_to == "operator" and not feedback.sensitive
                                    and feedback.status != "appealed")


def _require_open(feedback: Feedback) -> None:
    if feedback.status in ("closed",):
        raise FeedbackError("This feedback is closed.")


def acknowledge(feedback: Feedback, actor, message: str = "", at: datetime | None = None) -> None:
    if feedback.status != "received":
        raise FeedbackError("This feedback was already acknowledged.")
    at = at or utcnow()
    feedback.status = "acknowledged"
    feedback.acknowledged_at = at
    add_event(feedback, "acknowledged", actor, message or "We have your feedback and are looking into it.",
              public=True, at=at)
    mail_submitter(feedback, "We have your feedback",
                   f"Your feedback {feedback.reference} was acknowledged.\n\n{message}".strip())


def assign(feedback: Feedback, actor, assignee, at: datetime | None = None) -> None:
    _require_open(feedback)
    if assignee is None:
        feedback.assignee_id = None
        add_event(feedback, "assigned", actor, "Unassigned.", at=at)
        return
    if not access.can(assignee, "feedback.view_queue", feedback.contract) or not access.can_read(assignee, feedback):
        raise FeedbackError("That person cannot work on this feedback.", "assignee")
    feedback.assignee_id = assignee.id
    if feedback.status in ("received", "acknowledged"):
        if feedback.status == "received":
            feedback.acknowledged_at = feedback.acknowledged_at or at or utcnow()
        feedback.status = "in_review"
    add_event(feedback, "assigned", actor, f"Assigned to {assignee.name}.", at=at)
    if actor is None or assignee.id != actor.id:
        from portal.notifications.services import notify

        notify(assignee, f"{feedback.reference} was assigned to you", "", _staff_url(feedback), feedback.contract)


def ask_question(feedback: Feedback, actor, question: str, at: datetime | None = None) -> None:
    _require_open(feedback)
    if not question.strip():
        raise FeedbackError("Write the question.", "body")
    if feedback.status == "received":
        feedback.acknowledged_at = at or utcnow()
    if feedback.status in ("received", "acknowledged"):
        feedback.status = "in_review"
    feedback.awaiting_reply = True
    add_event(feedback, "question", actor, question.strip(), public=True, at=at)
    mail_submitter(feedback, "A question about your feedback",
                   f"{question.strip()}\n\nAnswer it on your tracking page (the link is in our first e-mail).")


def reply(feedback: Feedback, text: str, at: datetime | None = None) -> None:
    _require_open(feedback)
    if not feedback.awaiting_reply:
        raise FeedbackError("There is no question waiting for your answer.", "body")
    if not text.strip():
        raise FeedbackError("Write your answer.", "body")
    feedback.awaiting_reply = False
    add_event(feedback, "reply", None, text.strip(), public=True, at=at)
    _notify_responsible(feedback, f"{feedback.reference}: the submitter answered", text.strip()[:200])


def add_note(feedback: Feedback, actor, text: str, at: datetime | None = None) -> None:
    if not text.strip():
        raise FeedbackError("Write the note.", "body")
    add_event(feedback, "note", actor, text.strip(), public=False, at=at)


def respond(feedback: Feedback, actor, text: str, at: datetime | None = None) -> None:
    if feedback.status not in ("received", "acknowledged", "in_review"):
        raise FeedbackError("This feedback cannot take a response now.")
    if not text.strip():
        raise FeedbackError("Write the response.", "body")
    at = at or utcnow()
    if feedback.acknowledged_at is None:
        feedback.acknowledged_at = at
    feedback.status = "responded"
    feedback.response = text.strip()
    feedback.response_by_id = getattr(actor, "id", None)
    feedback.responded_at = at
    feedback.awaiting_reply = False
    add_event(feedback, "responded", actor, text.strip(), public=True, at=at)
    mail_submitter(feedback, "Our response to your feedback",
                   f"{text.strip()}\n\nYou can tell us whether this answers you on your tracking page.")


def rate(feedback: Feedback, satisfied: bool, comment: str = "", at: datetime | None = None) -> None:
    if feedback.status != "responded" or feedback.rated_at is not None:
        raise FeedbackError("You can rate the response once, after it is published.")
    at = at or utcnow()
    feedback.satisfied = bool(satisfied)
    feedback.satisfaction_comment = (comment or "").strip()
    feedback.rated_at = at
    verdict = "Satisfied with the response." if satisfied else "Not satisfied with the response."
    add_event(feedback, "rated", None, f"{verdict} {feedback.satisfaction_comment}".strip(), public=True, at=at)
    if satisfied:
        feedback.status = "closed"
        feedback.closed_at = at


def can_appeal(feedback: Feedback) -> bool:
    return feedback.status == "responded" and feedback.appealed_at is None and feedback.satisfied is not True


def appeal(feedback: Feedback, text: str, at: datetime | None = None) -> None:
    if not can_appeal(feedback):
        raise FeedbackError("An appeal is possible once, after a response you are not satisfied with.")
    if not text.strip():
        raise FeedbackError("Say why the response does not resolve your concern.", "body")
    at = at or utcnow()
    contract = feedback.contract
    feedback.status = "appealed"
    feedback.appealed_at = at
    feedback.appeal_text = text.strip()
    feedback.appeal_due_at = clock.deadline(at, APPEAL_WORKING_DAYS, contract.time_zone, contract.holidays)
    feedback.routed_to = "government"
    add_event(feedback, "appealed", None, text.strip(), public=True, at=at)
    _notify_responsible(feedback, f"Appeal on {feedback.reference}",
                        f"The submitter appealed the response. Decide by {feedback.appeal_due_at:%d %b %Y}.")


def decide_appeal(feedback: Feedback, actor, decision: str, at: datetime | None = None) -> None:
    if feedback.status != "appealed":
        raise FeedbackError("There is no appeal to decide.")
    if not decision.strip():
        raise FeedbackError("Write the decision.", "body")
    at = at or utcnow()
    feedback.appeal_decision = decision.strip()
    feedback.appeal_decided_at = at
    feedback.status = "closed"
    feedback.closed_at = at
    add_event(feedback, "appeal_decided", actor, decision.strip(), public=True, at=at)
    mail_submitter(feedback, "The decision on your appeal", decision.strip())


def close(feedback: Feedback, actor, reason: str = "", at: datetime | None = None) -> None:
    if feedback.status not in ("responded",):
        raise FeedbackError("Only answered feedback can be closed; respond first.")
    at = at or utcnow()
    feedback.status = "closed"
    feedback.closed_at = at
    add_event(feedback, "closed", actor, reason or "Closed.", public=True, at=at)


# ---- moderation ----------------------------------------------------------------------------


def moderate(feedback: Feedback, actor, public_text: str, public_response: str = "",
             at: datetime | None = None) -> None:
    """Put the feedback on the public board with personal data removed; the original is kept."""
    if feedback.sensitive:
        raise FeedbackError("Sensitive grievances never appear on the public board.")
    if not public_text.strip():
        raise FeedbackError("Write the text to publish, with personal details removed.", "public_text")
    feedback.public_text = public_text.strip()
    feedback.public_response = public_response.strip()
    feedback.on_board = True
    feedback.hidden_reason = ""
    feedback.moderated_at = at or utcnow()
    feedback.visibility = "public"
    for item in feedback.events:
        item.visibility = "partners"
    add_event(feedback, "moderated", actor, "Published on the public board (personal details removed).", at=at)


def hide(feedback: Feedback, actor, reason: str, at: datetime | None = None) -> None:
    """Hide a board item's text for a stated reason; the board shows the reason, not the text."""
    if not reason.strip():
        raise FeedbackError("Give the reason, which the public board will show.", "reason")
    feedback.hidden_reason = reason.strip()[:300]
    add_event(feedback, "hidden", actor, reason.strip(), at=at)


def report_abuse(feedback: Feedback, reason: str, at: datetime | None = None) -> None:
    if not feedback.on_board or feedback.visibility != "public":
        raise FeedbackError("Only items on the public board can be reported.")
    feedback.abuse_reports += 1
    add_event(feedback, "reported", None, (reason or "").strip()[:1000] or "No reason given.",
              actor_name="Member of the public", at=at)
    from portal.notifications.services import notify_many

    gov = users_with_roles(feedback.contract, access.GOVERNMENT_ROLES)
    notify_many(gov, f"{feedback.reference} was reported on the public board", (reason or "")[:200],
                _staff_url(feedback), feedback.contract)


# ---- lists ---------------------------------------------------------------------------------


def overdue_clause(now: datetime | None = None):
    now = now or utcnow()
    return sa.or_(
        sa.and_(Feedback.status == "received", Feedback.ack_due_at < now),
        sa.and_(Feedback.status.in_(("received", "acknowledged", "in_review")), Feedback.response_due_at < now),
        sa.and_(Feedback.status == "appealed", Feedback.appeal_due_at < now),
    )


@dataclass
class QueueFilters:
    status: str = ""  # "", "open", or a status
    kind: str = ""
    category_id: int | None = None
    overdue: bool = False
    assigned: str = ""  # "", "me", "none"


def queue_query(user, contract: Contract, filters: QueueFilters, now: datetime | None = None):
    query = sa.select(Feedback).where(access.visible_clause(user, Feedback, contract))
    if filters.status == "open":
        query = query.where(Feedback.status.in_(OPEN_STATUSES))
    elif filters.status in STATUSES:
        query = query.where(Feedback.status == filters.status)
    if filters.kind in KINDS:
        query = query.where(Feedback.kind == filters.kind)
    if filters.category_id:
        query = query.where(Feedback.category_id == filters.category_id)
    if filters.overdue:
        query = query.where(overdue_clause(now))
    if filters.assigned == "me":
        query = query.where(Feedback.assignee_id == user.id)
    elif filters.assigned == "none":
        query = query.where(Feedback.assignee_id.is_(None))
    return query.options(sa.orm.selectinload(Feedback.assignee)).order_by(Feedback.received_at.desc(), Feedback.id.desc())


def board_query(contract: Contract):
    return (sa.select(Feedback)
            .where(Feedback.contract_id == contract.id, Feedback.visibility == "public",
                   Feedback.on_board.is_(True), Feedback.sensitive.is_(False))
            .order_by(Feedback.received_at.desc(), Feedback.id.desc()))


def my_feedback(user) -> list[Feedback]:
    return list(db.session.scalars(
        sa.select(Feedback).where(Feedback.submitter_id == user.id)
        .order_by(Feedback.received_at.desc(), Feedback.id.desc())))


def public_events(feedback: Feedback) -> list[FeedbackEvent]:
    return [e for e in feedback.events if e.public]


def assignable_members(contract: Contract, feedback: Feedback) -> list:

    roles = access.GOVERNMENT_ROLES if feedback.sensitive else (access.GOVERNMENT_ROLES | access.OPERATOR_ROLES)
    return users_with_roles(contract, roles)
