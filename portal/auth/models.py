"""People who sign in, and the single-use tokens mailed to them."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, utcnow
from portal.extensions import db

EMAIL_PREFERENCES = {
    "immediate": "Send each notification by e-mail as it happens",
    "digest": "Send one e-mail a day with what happened",
    "none": "Do not e-mail me; I will read them in the portal",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    email_preference: Mapped[str] = mapped_column(sa.String(16), default="immediate")
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of the id kept in sessions: changing it (on a password change) ends every session.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(16))
    # Two-factor sign-in (TOTP, RFC 6238): the shared secret once enrolled, and the last time step
    # a code was accepted for (a code works once, even within its 30-second window).
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.totp_secret and self.totp_enabled_at)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def end_other_sessions(self) -> None:
        self.session_token = secrets.token_hex(16)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class AuthToken(db.Model):
    """A password-reset or invitation token; only its hash is stored, and it works once."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))  # reset | invite
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = db.relationship()


class UserSession(db.Model):
    """One signed-in browser. The cookie holds a random secret; the row holds its SHA-256, so that
    signing out, being deactivated or "sign out everywhere" ends the session on the server, and a
    copied cookie stops working."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(sa.String(40), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")


class RecoveryCode(db.Model):
    """A single-use two-factor recovery code (only its salted Argon2id hash is stored)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
