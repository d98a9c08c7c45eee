"""Intake and routing: recording feedback with its reference, private token and clock, its files,
who must act on it, and telling them and the submitter.

Plain functions over models; no request objects. They flush, the view commits."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from portal import access, storage, workdays
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.database import serialise
from portal.db import utcnow
from portal.extensions import db
from portal.feedback import settings
from portal.feedback.errors import FeedbackError
from portal.feedback.models import (
    CHANNELS,
    KINDS,
    Feedback,
    FeedbackAttachment,
    FeedbackCategory,
    FeedbackEvent,
)
from portal.mail import send_mail
from portal.notifications.services import notify_many

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024


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
    serialise(db.session, "feedback.number", contract.id)  # two submissions never take one number
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


def _check(contract: Contract, sub: Submission) -> None:
    if sub.kind not in KINDS:
        raise FeedbackError("Choose what kind of feedback this is.", "kind")
    if sub.channel not in CHANNELS:
        raise FeedbackError("Choose how the feedback was received.", "channel")
    if sub.category is not None and (sub.category.contract_id != contract.id or sub.category.id is None):
        raise FeedbackError("Choose a category of this contract.", "category")
    if not (sub.text or "").strip():
        raise FeedbackError("Tell us what happened.", "text")
    lat, lon = sub.latitude, sub.longitude
    if (lat is None) != (lon is None):
        raise FeedbackError("Give both latitude and longitude, or neither.", "latitude")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FeedbackError("These coordinates are not on Earth.", "latitude")


def create_feedback(contract: Contract, sub: Submission, *, submitter=None, registered_by=None,
                    received_at: datetime | None = None, stored_files=(), notify_staff: bool = True
                    ) -> tuple[Feedback, str]:
    """Record new feedback and start its clock. Returns it with its one-time tracking token."""
    _check(contract, sub)
    settings.ensure_defaults(contract)  # the first feedback of a contract saves its default settings
    received_at = received_at or utcnow()
    year = received_at.astimezone(workdays.zone(contract.time_zone)).year
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
        ack_due_at=workdays.deadline(received_at, contract.ack_working_days, contract.time_zone, contract.calendar),
        response_due_at=workdays.deadline(received_at, contract.response_working_days, contract.time_zone,
                                       contract.calendar),
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
        notify_responsible(feedback, f"New {feedback.kind_label.lower()} {feedback.reference}",
                           f"{feedback.category_name}: {feedback.text[:200]}")
    return feedback, token


def store_files(uploads: Iterable) -> list[storage.StoredFile]:
    """Store the uploaded files, or none of them: a refused file raises and nothing is kept."""
    uploads = [f for f in uploads or () if getattr(f, "filename", "")]
    if len(uploads) > MAX_FILES:
        raise storage.UploadRejected(f"Attach at most {MAX_FILES} files.")
    stored: list[storage.StoredFile] = []
    try:
        for upload in uploads:
            stored.append(storage.store_upload(upload, storage.DOCUMENTS, MAX_FILE_BYTES))
    except storage.UploadRejected:
        for item in stored:
            storage.delete(item.key)
        raise
    return stored


def submit(contract: Contract, sub: Submission, uploads: Iterable, tracking_link: Callable[[str], str], *,
           submitter=None, registered_by=None) -> tuple[Feedback, str]:
    """Feedback from a form: its files stored (all or none), the feedback recorded, the receipt
    mailed to the submitter with `tracking_link(token)`. Returns the feedback and its token."""
    try:
        stored = store_files(uploads)
    except storage.UploadRejected as error:
        raise FeedbackError(f"{error} The rest of your form is kept; choose the files again.",
                            "attachments") from error
    try:
        feedback, token = create_feedback(contract, sub, submitter=submitter, registered_by=registered_by,
                                          stored_files=stored)
    except FeedbackError:
        for item in stored:
            storage.delete(item.key)
        raise
    mail_receipt(feedback, tracking_link(token))
    return feedback, token


# ---- the timeline --------------------------------------------------------------------------


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


def public_events(feedback: Feedback) -> list[FeedbackEvent]:
    """The steps the submitter sees on their tracking page."""
    return [e for e in feedback.events if e.public]


# ---- routing and notifications -------------------------------------------------------------


def responsible_members(feedback: Feedback) -> list:
    """Members who must act: the routed party's active roles; government officers only if sensitive."""
    return users_with_roles(feedback.contract, access.feedback_responsible_roles(feedback))


def staff_url(feedback: Feedback) -> str:
    return f"/contracts/{feedback.contract.code}/feedback/{feedback.reference}"


def notify_responsible(feedback: Feedback, title: str, body: str) -> int:
    if feedback.sensitive:
        body = "A sensitive grievance was received. Open it in the portal to read it."
    return notify_many(responsible_members(feedback), title, body, staff_url(feedback), feedback.contract)


def submitter_email(feedback: Feedback) -> str:
    if feedback.submitter_email:
        return feedback.submitter_email
    return feedback.submitter.email if feedback.submitter is not None else ""


def mail_submitter(feedback: Feedback, subject: str, body: str) -> bool:
    to = submitter_email(feedback)
    if not to:
        return False
    send_mail(to, f"[{feedback.reference}] {subject}", body)
    return True


def mail_receipt(feedback: Feedback, link: str) -> bool:
    """The receipt: the reference, the private tracking link and the dates the clock promises."""
    return mail_submitter(
        feedback, "We received your feedback",
        f"Thank you. Your reference is {feedback.reference}.\n\n"
        f"Follow your feedback, answer our questions and rate our response with this private link "
        f"(keep it to yourself; anyone with it can read your feedback):\n{link}\n\n"
        f"We will acknowledge it by {due_day(feedback, feedback.ack_due_at)} "
        f"and respond by {due_day(feedback, feedback.response_due_at)}.")


def due_day(feedback: Feedback, deadline: datetime) -> str:
    """A deadline as the contract's local day, e.g. "30 Dec 2026" (it ends that day, local time)."""
    return f"{workdays.local_date(deadline, feedback.contract.time_zone):%d %b %Y}"
