"""Minutes: the autosaved draft (protected against concurrent overwrite), revisions, approval by
the chair, corrections after approval, and a readable difference between two revisions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.meetings.models import Minutes, MinutesRevision
from portal.meetings.services import MeetingError
from portal.notifications.services import notify

MAX_LENGTH = 100_000


class MinutesConflict(MeetingError):
    """Someone saved the draft since this editor loaded it. Nothing was overwritten: the editor's
    text is kept as a revision and on their page; `theirs` is the draft now saved."""

    def __init__(self, minutes: Minutes, kept: MinutesRevision):
        who = minutes.draft_saved_by.name if minutes.draft_saved_by else "Someone"
        super().__init__(f"{who} saved the minutes while you were writing. Nothing was overwritten: your "
                         f"text is kept below and as revision {kept.number}. Compare it with theirs, "
                         "merge what you need, then save again.", "text")
        self.theirs = minutes.draft_text
        self.version = minutes.version
        self.kept = kept


def _clean(text: str) -> str:
    text = (text or "").replace("\r\n", "\n")
    if len(text) > MAX_LENGTH:
        raise MeetingError("Minutes are limited to 100,000 characters.", "text")
    return text


def _revision(minutes: Minutes, kind: str, text: str, user, reason: str = "") -> MinutesRevision:
    number = (db.session.scalar(sa.select(sa.func.max(MinutesRevision.number))
                                .where(MinutesRevision.minutes_id == minutes.id)) or 0) + 1
    revision = MinutesRevision(contract_id=minutes.contract_id, number=number, kind=kind, text=text,
                               reason=reason[:500], author_id=getattr(user, "id", None),
                               visibility=minutes.visibility)
    minutes.revisions.append(revision)
    db.session.flush()
    return revision


def save_draft(minutes: Minutes, text: str, loaded_version, user) -> None:
    """Save the draft if nobody saved it since `loaded_version`; otherwise raise MinutesConflict."""
    if minutes.status == "approved":
        raise MeetingError("The minutes are approved: propose a correction instead.", "text")
    text = _clean(text)
    if str(loaded_version) != str(minutes.version):
        raise MinutesConflict(minutes, _revision(minutes, "conflict", text, user))
    if text == minutes.draft_text:
        return
    minutes.draft_text = text
    minutes.draft_saved_at = clock.now()
    minutes.draft_saved_by_id = getattr(user, "id", None)
    db.session.flush()


def keep_revision(minutes: Minutes, user) -> MinutesRevision | None:
    """Record the draft as a revision (none when it equals the last revision)."""
    last = minutes.revisions[-1] if minutes.revisions else None
    if last is not None and last.text == minutes.draft_text:
        return None
    return _revision(minutes, "draft", minutes.draft_text, user)


def approve(minutes: Minutes, user) -> MinutesRevision:
    if minutes.status == "approved":
        raise MeetingError("The minutes are already approved.")
    if not minutes.draft_text.strip():
        raise MeetingError("Write the minutes before approving them.", "text")
    minutes.status = "approved"
    minutes.approved_text = minutes.draft_text
    minutes.approved_at = clock.now()
    minutes.approved_by_id = user.id
    revision = _revision(minutes, "approval", minutes.draft_text, user)
    meeting = minutes.meeting
    for attendee in meeting.attendees:
        if attendee.user is not None and attendee.user.active and attendee.user_id != user.id:
            notify(attendee.user, f"Minutes approved: {meeting.title}", "",
                   f"/contracts/{meeting.contract.code}/meetings/{meeting.reference}", meeting.contract)
    return revision


def correct(minutes: Minutes, text: str, reason: str, user) -> MinutesRevision:
    """A correction after approval: a new revision with its reason; it becomes the approved text."""
    if minutes.status != "approved":
        raise MeetingError("Only approved minutes are corrected; edit the draft instead.", "text")
    text, reason = _clean(text), " ".join((reason or "").split())
    if not reason:
        raise MeetingError("Say what the correction is and why.", "reason")
    if text == minutes.approved_text:
        raise MeetingError("The text is the same as the approved minutes.", "text")
    minutes.approved_text = minutes.draft_text = text
    revision = _revision(minutes, "correction", text, user, reason)
    db.session.flush()
    return revision


# ---- the difference between two texts ------------------------------------------------------


@dataclass
class DiffLine:
    kind: str  # same | added | removed | changed
    old: str = ""
    new: str = ""
    parts: list | None = None  # for "changed": [(kind, words)] with kind same | added | removed


_WORDS = re.compile(r"\s+|[^\s]+")


def _word_parts(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", "".join(b[j1:j2])))
    return parts


def diff(old: str, new: str, context: int = 2) -> list[DiffLine | None]:
    """Line by line, with the words that changed inside a changed line; None marks skipped
    unchanged lines."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[DiffLine | None] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(None)
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                lines += [DiffLine("same", old=line, new=line) for line in a[i1:i2]]
            elif op == "replace" and i2 - i1 == j2 - j1:
                lines += [DiffLine("changed", x, y, _word_parts(x, y)) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
            else:
                lines += [DiffLine("removed", old=line) for line in a[i1:i2]]
                lines += [DiffLine("added", new=line) for line in b[j1:j2]]
    return lines
