"""Handling feedback: the staff's steps (acknowledge, assign, ask, note, respond, close, decide an
appeal), the submitter's (reply, rate, appeal) and the staff queue.

Which step the state allows is the access policy's rule (`access.feedback_allows`); a service
refuses a step it does not allow with a FeedbackError. Plain functions over models; no request
objects. They flush, the view commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from portal import access, workdays
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.feedback.errors import FeedbackError
from portal.feedback.intake import add_event, due_day, mail_submitter, notify_responsible, staff_url
from portal.feedback.models import KINDS, OPEN_STATUSES, STATUSES, Feedback
from portal.notifications.services import notify

APPEAL_WORKING_DAYS = 10


def _require(step: str, feedback: Feedback, field: str | None = None) -> None:
    """Refuse a step the feedback's state does not allow, saying why (the policy's words)."""
    refusal = access.feedback_refusal(step, feedback)
    if refusal:
        raise FeedbackError(refusal, field)


# ---- the staff's steps ---------------------------------------------------------------------


def acknowledge(feedback: Feedback, actor, message: str = "", at: datetime | None = None) -> None:
    _require("acknowledge", feedback)
    at = at or utcnow()
    feedback.status = "acknowledged"
    feedback.acknowledged_at = at
    add_event(feedback, "acknowledged", actor, message or "We have your feedback and are looking into it.",
              public=True, at=at)
    mail_submitter(feedback, "We have your feedback",
                   f"Your feedback {feedback.reference} was acknowledged.\n\n{message}".strip())


def assignable_members(contract: Contract, feedback: Feedback) -> list:
    return users_with_roles(contract, access.feedback_worker_roles(feedback))


def assign(feedback: Feedback, actor, assignee, at: datetime | None = None) -> None:
    """Give the feedback to a member to work on (None: to nobody); it is then in review."""
    _require("assign", feedback)
    if assignee is None:
        feedback.assignee_id = None
        add_event(feedback, "assigned", actor, "Unassigned.", at=at)
        return
    if not access.can(assignee, "feedback.work_on", feedback):
        raise FeedbackError("That person cannot work on this feedback.", "assignee")
    feedback.assignee_id = assignee.id
    if feedback.status in ("received", "acknowledged"):
        if feedback.status == "received":
            feedback.acknowledged_at = feedback.acknowledged_at or at or utcnow()
        feedback.status = "in_review"
    add_event(feedback, "assigned", actor, f"Assigned to {assignee.name}.", at=at)
    if actor is None or assignee.id != actor.id:
        notify(assignee, f"{feedback.reference} was assigned to you", "", staff_url(feedback), feedback.contract)


def ask_question(feedback: Feedback, actor, question: str, at: datetime | None = None) -> None:
    _require("answer", feedback)
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


def add_note(feedback: Feedback, actor, text: str, at: datetime | None = None) -> None:
    if not text.strip():
        raise FeedbackError("Write the note.", "body")
    add_event(feedback, "note", actor, text.strip(), public=False, at=at)


def respond(feedback: Feedback, actor, text: str, at: datetime | None = None) -> None:
    _require("answer", feedback)
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


def close(feedback: Feedback, actor, reason: str = "", at: datetime | None = None) -> None:
    _require("close", feedback)
    at = at or utcnow()
    feedback.status = "closed"
    feedback.closed_at = at
    add_event(feedback, "closed", actor, reason or "Closed.", public=True, at=at)


def decide_appeal(feedback: Feedback, actor, decision: str, at: datetime | None = None) -> None:
    _require("decide_appeal", feedback)
    if not decision.strip():
        raise FeedbackError("Write the decision.", "body")
    at = at or utcnow()
    feedback.appeal_decision = decision.strip()
    feedback.appeal_decided_at = at
    feedback.status = "closed"
    feedback.closed_at = at
    add_event(feedback, "appeal_decided", actor, decision.strip(), public=True, at=at)
    mail_submitter(feedback, "The decision on your appeal", decision.strip())


# ---- the submitter's steps -----------------------------------------------------------------


def reply(feedback: Feedback, text: str, at: datetime | None = None) -> None:
    _require("reply", feedback, "body")
    if not text.strip():
        raise FeedbackError("Write your answer.", "body")
    feedback.awaiting_reply = False
    add_event(feedback, "reply", None, text.strip(), public=True, at=at)
    notify_responsible(feedback, f"{feedback.reference}: the submitter answered", text.strip()[:200])


def rate(feedback: Feedback, satisfied: bool, comment: str = "", at: datetime | None = None) -> None:
    """The submitter's verdict on the response; satisfied closes the feedback."""
    _require("rate", feedback)
    at = at or utcnow()
    feedback.satisfied = bool(satisfied)
    feedback.satisfaction_comment = (comment or "").strip()
    feedback.rated_at = at
    verdict = "Satisfied with the response." if satisfied else "Not satisfied with the response."
    add_event(feedback, "rated", None, f"{verdict} {feedback.satisfaction_comment}".strip(), public=True, at=at)
    if satisfied:
        feedback.status = "closed"
        feedback.closed_at = at


def appeal(feedback: Feedback, text: str, at: datetime | None = None) -> None:
    """Once, after a response the submitter said they are not satisfied with: the public authority
    decides within APPEAL_WORKING_DAYS working days."""
    _require("appeal", feedback)
    if not text.strip():
        raise FeedbackError("Say why the response does not resolve your concern.", "body")
    at = at or utcnow()
    contract = feedback.contract
    feedback.status = "appealed"
    feedback.appealed_at = at
    feedback.appeal_text = text.strip()
    feedback.appeal_due_at = workdays.deadline(at, APPEAL_WORKING_DAYS, contract.time_zone, contract.calendar)
    feedback.routed_to = "government"
    add_event(feedback, "appealed", None, text.strip(), public=True, at=at)
    notify_responsible(feedback, f"Appeal on {feedback.reference}",
                       f"The submitter appealed the response. Decide by {due_day(feedback, feedback.appeal_due_at)}.")


# ---- the queue -----------------------------------------------------------------------------


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


def my_feedback(user) -> list[Feedback]:
    """What the signed-in user gave while signed in, newest first."""
    return list(db.session.scalars(
        sa.select(Feedback).where(Feedback.submitter_id == user.id)
        .order_by(Feedback.received_at.desc(), Feedback.id.desc())))
