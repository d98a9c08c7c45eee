"""Moderation and the public board: feedback published with personal details removed, hidden
with a stated reason, reported by the public.

Which rows the board shows is the access policy's clause (`access.public_board_clause`). Plain
functions over models; no request objects. They flush, the view commits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from portal import access
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.feedback.errors import FeedbackError
from portal.feedback.intake import add_event, staff_url
from portal.feedback.models import Feedback
from portal.notifications.services import notify_many


def moderate(feedback: Feedback, actor, public_text: str, public_response: str = "",
             at: datetime | None = None) -> None:
    """Put the feedback on the public board with personal data removed; the original is kept."""
    refusal = access.feedback_refusal("moderate", feedback)
    if refusal:
        raise FeedbackError(refusal)
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
    refusal = access.feedback_refusal("hide", feedback)
    if refusal:
        raise FeedbackError(refusal)
    if not reason.strip():
        raise FeedbackError("Give the reason, which the public board will show.", "reason")
    feedback.hidden_reason = reason.strip()[:300]
    add_event(feedback, "hidden", actor, reason.strip(), at=at)


def report_abuse(feedback: Feedback, reason: str, at: datetime | None = None) -> None:
    """A member of the public reports a board item; the moderators are told."""
    if not on_board_with_text(feedback):
        raise FeedbackError("Only items on the public board can be reported.")
    feedback.abuse_reports += 1
    add_event(feedback, "reported", None, (reason or "").strip()[:1000] or "No reason given.",
              actor_name="Member of the public", at=at)
    moderators = users_with_roles(feedback.contract, access.roles_with("feedback.moderate"))
    notify_many(moderators, f"{feedback.reference} was reported on the public board", (reason or "")[:200],
                staff_url(feedback), feedback.contract)


def board_query(contract: Contract):
    """The contract's public board, newest first (hidden items show their reason instead)."""
    return (sa.select(Feedback).where(Feedback.contract_id == contract.id, access.public_board_clause(Feedback))
            .order_by(Feedback.received_at.desc(), Feedback.id.desc()))


def board_item(contract: Contract, reference: str) -> Feedback | None:
    """The contract's item `reference` if the board shows its text (the ones the public may report)."""
    return db.session.scalar(sa.select(Feedback).where(
        Feedback.contract_id == contract.id, Feedback.reference == (reference or "").upper(),
        access.public_board_clause(Feedback, text_shown=True)))


def on_board_with_text(feedback: Feedback) -> bool:
    """Whether the board shows this item's text, by the same clause, asked of the database."""
    if feedback.id is None:
        return False
    return db.session.scalar(sa.select(Feedback.id).where(
        Feedback.id == feedback.id, access.public_board_clause(Feedback, text_shown=True))) is not None
