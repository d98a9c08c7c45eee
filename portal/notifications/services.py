"""Notify a user: store the notification, and mail it according to the user's preference."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from portal.auth.models import User
from portal.db import utcnow
from portal.extensions import db
from portal.mail import send_mail
from portal.notifications.models import Notification


def _absolute(url: str) -> str:

    if url.startswith("/"):
        return current_app.config["BASE_URL"].rstrip("/") + url
    return url


def notify(user, title: str, body: str = "", url: str = "", contract=None, attachments=()) -> Notification:
    """Record a notification for `user`; e-mail it now if they asked for immediate mail, with
    `attachments` (see portal.mail.send_mail; a digest lists the notification without them)."""

    note = Notification(
        user_id=user.id,
        contract_id=getattr(contract, "id", contract),
        title=title[:200],
        body=body,
        url=url,
    )
    db.session.add(note)
    if user.email_preference == "immediate" and user.active:
        text = body + (f"\n\nOpen it in the portal: {_absolute(url)}" if url else "")
        send_mail(user.email, f"[Partnership Portal] {title}", text.strip(), attachments)
        note.emailed_at = utcnow()
    db.session.flush()
    return note


def notify_many(users, title: str, body: str = "", url: str = "", contract=None) -> int:
    count = 0
    for user in {u.id: u for u in users}.values():
        notify(user, title, body, url, contract)
        count += 1
    return count


def unread_count(user) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    ) or 0


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications as read; returns how many changed."""
    statement = sa.update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    result = db.session.execute(statement.values(read_at=utcnow()))
    return result.rowcount or 0


def send_digests(now: datetime | None = None) -> int:
    """E-mail each digest user one message with their notifications not yet mailed."""

    now = now or utcnow()
    users = db.session.scalars(
        sa.select(User).where(User.email_preference == "digest", User.active.is_(True))
    ).all()
    sent = 0
    for user in users:
        pending = db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id, Notification.emailed_at.is_(None))
            .order_by(Notification.created_at)
        ).all()
        if not pending:
            continue
        lines = [f"- {n.title}" + (f"\n  {_absolute(n.url)}" if n.url else "") for n in pending]
        body = "Here is what happened in the Partnership Portal since your last digest:\n\n" + "\n".join(lines)
        send_mail(user.email, f"[Partnership Portal] Daily digest: {len(pending)} update(s)", body)
        for n in pending:
            n.emailed_at = now
        user.last_digest_at = now
        sent += 1
    db.session.flush()
    return sent
