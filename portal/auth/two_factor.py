"""Two-factor sign-in: TOTP codes (RFC 6238, 30-second steps, 6 digits) and recovery codes.

A code is accepted for the current step or one step either side (clock drift), and only for a
step later than the last one accepted: a code works once, even within its window. The check and
the update are one conditional UPDATE, so two requests racing with one code cannot both pass.
Ten recovery codes are issued at enrolment; each works once; only their hashes are stored."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from portal.auth.models import RecoveryCode, User
from portal.extensions import db

STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
# Recovery codes carry about 50 bits, under the 112 that would allow a plain hash (ASVS 6.5.2):
# they are stored as salted Argon2id hashes (OWASP's minimum parameters: they are checked at most
# ten at a time, behind a per-account rate limit).
_code_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


class TwoFactorError(Exception):
    """A code or setting refused; the message is safe to show."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str, issuer: str = "Partnership Portal") -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    """The enrolment QR code as an SVG data URI (allowed by the page's img-src policy)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#1b1b1b")


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def step_of(at: datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def _digits(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def matching_step(secret: str, code: str, at: datetime, after: int | None) -> int | None:
    """The time step `code` belongs to (within the drift window, later than `after`), or None."""
    code = _digits(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    now = step_of(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Record `step` as used, unless an equal or later one already is (atomic)."""
    result = db.session.execute(
        sa.update(User)
        .where(User.id == user.id, sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False))
    if result.rowcount == 1:
        user.totp_last_step = step
        return True
    return False


def verify(user: User, code: str, at: datetime) -> bool:
    """A sign-in code of an enrolled user: right, in its window, and not used before."""
    if not user.two_factor_enabled:
        return False
    step = matching_step(user.totp_secret, code, at, user.totp_last_step)
    return step is not None and _claim_step(user, step)


def _hash(code: str) -> str:
    return _code_hasher.hash(_normalise(code))


def _matches(code_hash: str, code: str) -> bool:
    try:
        return _code_hasher.verify(code_hash, _normalise(code))
    except (VerificationError, InvalidHashError):
        return False


def _normalise(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (code or "").lower())


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returns them (shown once)."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(code)))
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str, at: datetime) -> bool:
    if not user.two_factor_enabled or len(_normalise(code)) != 10:
        return False
    unused = db.session.scalars(sa.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all()
    record = next((item for item in unused if _matches(item.code_hash, code)), None)
    if record is None:
        return False
    result = db.session.execute(
        sa.update(RecoveryCode).where(RecoveryCode.id == record.id, RecoveryCode.used_at.is_(None))
        .values(used_at=at).execution_options(synchronize_session=False))
    return result.rowcount == 1


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def enrol(user: User, secret: str, code: str, at: datetime) -> list[str]:
    """Turn two-factor sign-in on with `secret` once `code` from the app proves it is set up."""
    if not secret or not re.fullmatch(r"[A-Z2-7]{16,64}", secret):
        raise TwoFactorError("The set-up expired. Scan the new code below and try again.")
    step = matching_step(secret, code, at, None)
    if step is None:
        raise TwoFactorError("That code is not right. Check the time on your phone, then enter the code "
                             "your app shows now.")
    user.totp_secret = secret
    user.totp_enabled_at = at
    user.totp_last_step = step
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
