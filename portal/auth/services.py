"""Account rules: hashing, sign-in, registration, single-use mailed tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from portal.auth import passwords, sessions
from portal.auth.models import EMAIL_PREFERENCES, AuthToken, User
from portal.db import utcnow
from portal.extensions import db

_hasher = PasswordHasher()
# Verifying against this keeps the time of "unknown e-mail" equal to "wrong password".
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH


class AccountError(Exception):
    """A rule broken by what the user asked; the message is safe to show."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a password is too weak, or None (length and the common-password list: portal.auth.passwords)."""
    return passwords.problem(password, email, name)


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user if the e-mail and password match an active account, else None (same cost)."""
    user = find_user(email)
    candidate_hash = user.password_hash if user and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(candidate_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def register_user(email: str, name: str, password: str) -> User:
    """Create an active community account with a password (tests, the command line, the demo).
    The web form uses request_registration, which does not reveal whether an address is taken."""
    email = normalise_email(email)
    if find_user(email):
        raise AccountError("An account with this e-mail address already exists. Sign in, or reset your password.", "email")
    problem = password_problem(password, email, name)
    if problem:
        raise AccountError(problem, "password")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user


def request_registration(email: str, name: str, lifetime: timedelta) -> tuple[str, User, str | None]:
    """Someone asked for an account at `email`. Returns (what happened, the user, a link secret):
    "new" (an account without a password yet, and a link to choose one), "pending" (asked
    before and never finished: a fresh link), "exists" (already in use: no link; tell the owner).
    Whoever asks, the person at the address is the only one who can choose the password."""
    email = normalise_email(email)
    user = find_user(email)
    if user is not None and (user.password_hash or not user.active):
        return "exists", user, None
    if user is None:
        user = User(email=email, name=(name or "").strip()[:120] or email, password_hash=None)
        db.session.add(user)
        db.session.flush()
        return "new", user, issue_token(user, "register", lifetime)
    return "pending", user, issue_token(user, "register", lifetime)


def set_password(user: User, password: str) -> None:
    """Set a new password; every session signed in with the old one ends."""
    problem = password_problem(password, user.email, user.name)
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = hash_password(password)
    if user.session_token:
        user.end_other_sessions()
    if user.id is not None:
        sessions.end_all(user, "password changed")


def verify_password(user: User, password: str, field: str = "password") -> None:
    """Re-authentication: raise unless `password` is the user's current password."""
    try:
        _hasher.verify(user.password_hash or _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        raise AccountError("Your current password is not right.", field) from None


def change_password(user: User, current: str, new: str) -> None:
    verify_password(user, current, "current_password")
    set_password(user, new)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: str, lifetime: timedelta) -> str:
    """Create a single-use token and return its secret (only the hash is stored)."""
    secret = secrets.token_urlsafe(32)
    db.session.add(AuthToken(user_id=user.id, purpose=purpose, token_hash=_digest(secret),
                             expires_at=utcnow() + lifetime))
    db.session.flush()
    return secret


def peek_token(secret: str, purpose: str) -> AuthToken | None:
    """The token if it is valid now (exists, right purpose, not used, not expired)."""
    token = db.session.scalar(sa.select(AuthToken).where(AuthToken.token_hash == _digest(secret or "")))
    if token is None or token.purpose != purpose or token.used_at is not None:
        return None
    if token.expires_at <= utcnow():
        return None
    return token


def consume_token(secret: str, purpose: str, new_password: str) -> User:
    token = peek_token(secret, purpose)
    if token is None:
        raise AccountError("This link has expired or has already been used. Ask for a new one.")
    set_password(token.user, new_password)
    token.used_at = utcnow()
    # Any other outstanding tokens for the same purpose die with this one.
    db.session.execute(
        sa.update(AuthToken)
        .where(AuthToken.user_id == token.user_id, AuthToken.purpose == purpose, AuthToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return token.user


def update_account(user: User, name: str, email_preference: str) -> None:

    if email_preference not in EMAIL_PREFERENCES:
        raise AccountError("Choose one of the e-mail options.", "email_preference")
    name = (name or "").strip()
    if not name:
        raise AccountError("Enter your name.", "name")
    user.name = name
    user.email_preference = email_preference


def start_password_reset(email: str, lifetime: timedelta) -> tuple[User, str] | None:
    """A reset token for an active account with this e-mail, or None (the caller says the same
    thing either way, so that nobody learns which addresses have accounts)."""
    user = find_user(email)
    if user is None or not user.active:
        return None
    return user, issue_token(user, "reset", lifetime)


def invite_user(email: str, name: str, lifetime: timedelta, *, admin: bool = False) -> tuple[User, str]:
    """Create an account without a password and a single-use invitation token to set one.

    Inviting again someone who never accepted sends a fresh link; an account already in use
    is refused."""
    email = normalise_email(email)
    name = (name or "").strip()
    if not name:
        raise AccountError("Enter the person's name.", "name")
    user = find_user(email)
    if user is not None and user.password_hash:
        raise AccountError("This person already has an account. Give them a role on a contract instead.", "email")
    if user is None:
        user = User(email=email, name=name, password_hash=None, is_admin=admin)
        db.session.add(user)
        db.session.flush()
    else:
        user.name = name
        user.is_admin = admin
        user.active = True
    return user, issue_token(user, "invite", lifetime)
