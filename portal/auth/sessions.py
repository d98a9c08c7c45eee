"""Sessions that really end: a server-side record per signed-in browser, an idle timeout and an
absolute lifetime.

The signed session cookie carries a random secret (`_sid`), when the session began (`_born`) and
when it was last used (`_seen`). The `user_sessions` row holds the secret's SHA-256; a session is
valid only while its row exists, has not ended, belongs to the account, and the account is
active. Sign-out ends the row (a copied cookie stops working), "sign out everywhere", a password
change and deactivation end every row of the account. Nothing is written on a GET: the idle clock
lives in the signed cookie, refreshed at most once a minute."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request, session
from flask_login import login_user, logout_user

from portal import access
from portal.auth.models import User, UserSession
from portal.db import utcnow
from portal.extensions import db

SID, BORN, SEEN, AUTH_AT = "_sid", "_born", "_seen", "_auth_at"
_REFRESH_SECONDS = 60


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())


def open_record(user: User, user_agent: str = "") -> str:
    """Create the server-side record of a new session; returns the secret for the cookie."""
    secret = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, secret_hash=_digest(secret), created_at=utcnow(),
                               user_agent=(user_agent or "")[:200]))
    db.session.flush()
    return secret


def stamp_cookie(target, secret: str, now: datetime | None = None) -> None:
    """Write the session keys into `target` (the session, or a test client's session)."""
    now = now or utcnow()
    target[SID] = secret
    target[BORN] = target[SEEN] = target[AUTH_AT] = _stamp(now)


def sign_in(user: User) -> None:
    """Sign `user` in on this browser with a new server-side session; the caller commits."""
    session.clear()  # nothing from before sign-in survives (session fixation)
    secret = open_record(user, request.headers.get("User-Agent", ""))
    login_user(user)
    stamp_cookie(session, secret)


def current_record() -> UserSession | None:
    secret = session.get(SID)
    if not secret or not isinstance(secret, str):
        return None
    return db.session.scalar(sa.select(UserSession).where(UserSession.secret_hash == _digest(secret)))


def end_current(reason: str = "signed out") -> None:
    """Sign out here: end this browser's session on the server, then clear the cookie."""
    record = current_record()
    if record is not None and record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = reason
    logout_user()
    session.clear()


def end_all(user: User, reason: str, *, keep: UserSession | None = None) -> int:
    """End every open session of `user` (but `keep`); returns how many ended."""
    query = sa.update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    result = db.session.execute(query.values(ended_at=utcnow(), end_reason=reason[:40]))
    return result.rowcount or 0


def open_sessions(user: User) -> list[UserSession]:
    return list(db.session.scalars(sa.select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)).order_by(UserSession.created_at.desc())))


def idle_limit(user: User) -> timedelta | None:
    """Government, operator, reviewer and administrator accounts time out when idle; community
    members only if COMMUNITY_IDLE_MINUTES is set."""
    config = current_app.config
    minutes = config["IDLE_TIMEOUT_MINUTES"] if access.is_privileged(user) else config["COMMUNITY_IDLE_MINUTES"]
    return timedelta(minutes=minutes) if minutes else None


def is_valid(user: User, now: datetime | None = None) -> bool:
    """Whether this request's cookie is a live session of `user` (checked on every request)."""
    now = now or utcnow()
    record = current_record()
    if record is None or record.user_id != user.id or record.ended_at is not None:
        return False
    born, seen = session.get(BORN), session.get(SEEN)
    if not isinstance(born, int) or not isinstance(seen, int):
        return False
    lifetime = timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])
    if now - record.created_at > lifetime or now.timestamp() - born > lifetime.total_seconds():
        return False
    idle = idle_limit(user)
    if idle is not None and now.timestamp() - seen > idle.total_seconds():
        return False
    if now.timestamp() - seen >= _REFRESH_SECONDS:
        session[SEEN] = _stamp(now)
    return True


def recently_authenticated(minutes: int = 10, now: datetime | None = None) -> bool:
    at = session.get(AUTH_AT)
    now = now or utcnow()
    return isinstance(at, int) and now.timestamp() - at <= minutes * 60


def mark_authenticated(now: datetime | None = None) -> None:
    session[AUTH_AT] = _stamp(now or utcnow())
