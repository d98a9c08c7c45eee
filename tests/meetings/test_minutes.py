"""Minutes: conflict-safe drafts, revisions and their differences, approval, corrections, search."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.meetings import minutes as rules
from portal.search.models import SearchDocument
from tests.meetings.helpers import make_meeting


def test_a_stale_save_keeps_both_texts(world):
    meeting = make_meeting(world, days=-1, held=True)
    minutes = meeting.minutes
    loaded = minutes.version
    rules.save_draft(minutes, "Alice's text", loaded, world["public_manager"])
    with pytest.raises(rules.MinutesConflict) as conflict:
        rules.save_draft(minutes, "Bob's text", loaded, world["public_officer"])
    assert minutes.draft_text == "Alice's text"  # not overwritten
    assert conflict.value.theirs == "Alice's text" and conflict.value.kept.text == "Bob's text"
    assert conflict.value.kept.kind == "conflict" and conflict.value.kept.author_id == world["public_officer"].id
    rules.save_draft(minutes, "Bob's merged text", conflict.value.version, world["public_officer"])
    assert minutes.draft_text == "Bob's merged text"


def test_revisions_approval_locks_and_corrections_need_a_reason(world):
    meeting = make_meeting(world, days=-1, held=True)
    minutes = meeting.minutes
    first = rules.keep_revision(minutes, world["public_manager"])
    assert rules.keep_revision(minutes, world["public_manager"]) is None  # nothing changed
    rules.save_draft(minutes, minutes.draft_text + "\nAgreed.", minutes.version, world["public_manager"])
    rules.approve(minutes, world["public_manager"])
    assert meeting.stage == "minutes_approved" and minutes.revisions[-1].kind == "approval"
    with pytest.raises(rules.MeetingError):
        rules.save_draft(minutes, "Sneaky edit", minutes.version, world["public_manager"])
    with pytest.raises(rules.MeetingError) as error:
        rules.correct(minutes, "Corrected", "", world["public_manager"])
    assert error.value.field == "reason"
    correction = rules.correct(minutes, minutes.approved_text.replace("Agreed.", "Agreed by all."),
                               "Wording of the agreement", world["public_manager"])
    assert correction.kind == "correction" and minutes.approved_text.endswith("Agreed by all.")
    assert [r.number for r in minutes.revisions] == [first.number, 2, 3]


def test_the_diff_marks_words_lines_added_and_removed():
    lines = rules.diff("One\nTwo three four\nFive", "One\nTwo six four\nFive\nSeven")
    kinds = [line.kind for line in lines]
    assert kinds == ["same", "changed", "same", "added"]
    assert ("removed", "three") in lines[1].parts and ("added", "six") in lines[1].parts


def test_approved_public_minutes_are_searchable_and_partners_minutes_are_not(world):
    public = make_meeting(world, days=-2, held=True, visibility="public", kind="community_consultation",
                          title="Public meeting on parking")
    rules.save_draft(public.minutes, "Residents asked about the multi-storey car park.", public.minutes.version,
                     world["public_manager"])
    private = make_meeting(world, days=-3, held=True, title="Commercial review")
    rules.save_draft(private.minutes, "Confidential deductions.", private.minutes.version, world["public_manager"])
    db.session.commit()
    kinds = lambda: db.session.scalars(sa.select(SearchDocument.title).where(SearchDocument.kind == "minutes")).all()  # noqa: E731
    assert kinds() == []  # drafts are not public
    rules.approve(public.minutes, world["public_manager"])
    rules.approve(private.minutes, world["public_manager"])
    db.session.commit()
    assert [t for t in kinds()] == [f"Minutes: Public meeting on parking ({public.starts_at:%d %b %Y})"]
