"""Which passwords are refused: shorter than 12 characters, or on the list of common and breached
passwords. Nothing else: no rules about digits or symbols (NIST SP 800-63B, OWASP ASVS 6.2).

The list is the 30,000 most common passwords of zxcvbn's frequency data (the `zxcvbn` package on
PyPI, maintained by the dwolfhub fork of Dropbox's zxcvbn; the list is derived from Mark
Burnett's 10 million leaked passwords corpus). A password is refused when, lower-cased, it is on
the list, or when it is a listed password with digits and symbols before or after it
("Password1234!", "welcome2024") or repeated ("trustno1trustno1"), or when it is the site's or the person's own name or e-mail."""

from __future__ import annotations

import re
from functools import lru_cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
SITE_WORDS = ("partnership", "portal", "partnershipportal", "ppp")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def _stems(lowered: str) -> set[str]:
    """The password, and it without digits and symbols at either end, or with spaces removed."""
    stem = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    found = {lowered, stem, lowered.replace(" ", ""), re.sub(r"[\W_]+$", "", lowered)}
    repeated = re.fullmatch(r"(.+?)\1+", lowered)  # "trustno1trustno1"
    if repeated:
        found.add(repeated.group(1))
    return found


def problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a password is refused, or None."""
    if len(password or "") < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    lowered = password.lower()
    listed = common_passwords()
    if any(stem in listed for stem in _stems(lowered) if stem):
        return ("That password is on a list of common or leaked passwords. Try a short sentence of "
                "unrelated words.")
    own = {normalised for normalised in (
        (email or "").strip().lower().split("@")[0], (name or "").strip().lower().replace(" ", ""))
        if len(normalised) >= 4}
    stems = _stems(lowered)
    if any(word in lowered for word in own) or any(stem in SITE_WORDS for stem in stems):
        return "Do not use your name, your e-mail address or the portal's name as your password."
    return None
