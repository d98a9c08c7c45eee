"""Feedback rules: references, the clock, routing, the workflow, the appeal, moderation, figures."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from portal import access
from portal.extensions import db
from portal.feedback import board, handling, intake, settings
from portal.feedback.errors import FeedbackError
from portal.feedback.figures import feedback_figures
from portal.feedback.models import Feedback
from portal.notifications.models import Notification
from tests.feedback.helpers import make_feedback

ANONYMOUS = AnonymousUserMixin()


def can_respond(user, feedback) -> bool:
    return access.can(user, "feedback.respond", feedback)


def at(*args):
    return datetime(*args, tzinfo=UTC)


def notified(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.title).where(Notification.user_id == user.id)))


def test_references_count_per_contract_and_year(world):
    first, _ = make_feedback(world.contract_a, received_at=at(2026, 3, 1, 10))
    second, _ = make_feedback(world.contract_a, received_at=at(2026, 3, 2, 10))
    other, _ = make_feedback(world.contract_b, received_at=at(2026, 3, 2, 10))
    next_year, _ = make_feedback(world.contract_a, received_at=at(2027, 1, 4, 10))
    assert [first.reference, second.reference] == ["AAA-FB-2026-00001", "AAA-FB-2026-00002"]
    assert other.reference == "BBB-FB-2026-00001"
    assert next_year.reference == "AAA-FB-2027-00001"


def test_token_is_unguessable_and_only_its_hash_is_stored(world):
    feedback, token = make_feedback(world.contract_a)
    assert len(token) >= 40 and token not in feedback.token_hash
    assert intake.find_by_token(token) is feedback
    assert intake.find_by_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_due_dates_follow_the_contract_clock(world):
    # Fri 18 Dec 2026 18:00 Dublin (after hours): receipt Mon 21; 5 working days skips 25 and 28 Dec
    feedback, _ = make_feedback(world.contract_a, received_at=at(2026, 12, 18, 18))
    assert feedback.ack_due_at == at(2026, 12, 30, 23, 59, 59)
    assert feedback.response_due_at > feedback.ack_due_at


def test_routing_notifies_the_responsible_party(world):
    make_feedback(world.contract_a, routed_to="operator")
    assert notified(world["operator_manager"]) and notified(world["operator_staff"])
    assert not notified(world["public_manager"])
    make_feedback(world.contract_a, routed_to="government")
    assert notified(world["public_manager"])
    assert not notified(world["operator_b"])


def test_sensitive_goes_only_to_government_and_never_reveals_text(world):
    feedback, _ = make_feedback(world.contract_a, routed_to="operator", sensitive=True, text="My neighbour X hit me")
    assert feedback.visibility == "government" and feedback.routed_to == "government"
    assert not notified(world["operator_manager"])
    note = db.session.scalar(sa.select(Notification).where(Notification.user_id == world["public_manager"].id))
    assert "neighbour" not in note.body
    with pytest.raises(FeedbackError):
        board.moderate(feedback, world["public_manager"], "published")


def test_the_workflow_and_its_timeline(world, outbox):
    pm, om = world["public_manager"], world["operator_manager"]
    feedback, _ = make_feedback(world.contract_a, email="resident@example.org")
    handling.acknowledge(feedback, om, "Looking into it.")
    with pytest.raises(FeedbackError):
        handling.acknowledge(feedback, om)
    handling.assign(feedback, om, world["operator_staff"])
    assert feedback.status == "in_review"
    with pytest.raises(FeedbackError):
        handling.reply(feedback, "nobody asked")
    handling.ask_question(feedback, om, "Which day did it happen?")
    handling.reply(feedback, "Tuesday morning.")
    handling.add_note(feedback, om, "Contractor says the barrier arm was replaced.")
    handling.respond(feedback, pm, "The barrier arm was replaced on 4 November.")
    kinds = [e.kind for e in feedback.events]
    assert kinds == ["received", "acknowledged", "assigned", "question", "reply", "note", "responded"]
    assert [e.kind for e in intake.public_events(feedback)] == [
        "received", "acknowledged", "question", "reply", "responded"]
    assert all(e.actor_name for e in feedback.events)
    subjects = [m["Subject"] for m in outbox]
    assert any("question" in s for s in subjects) and any("response" in s for s in subjects)


def test_operator_answers_only_what_is_routed_to_it(world):
    mine, _ = make_feedback(world.contract_a, routed_to="operator")
    theirs, _ = make_feedback(world.contract_a, routed_to="government")
    om = world["operator_manager"]
    assert can_respond(om, mine) and not can_respond(om, theirs)
    assert can_respond(world["public_officer"], theirs)
    assert not can_respond(world["operator_staff"], mine)
    assert not can_respond(world["operator_b"], mine)


def test_rating_satisfied_closes(world):
    feedback, _ = make_feedback(world.contract_a)
    with pytest.raises(FeedbackError):
        handling.rate(feedback, True)
    handling.respond(feedback, world["public_manager"], "Fixed.")
    handling.rate(feedback, True, "Thanks")
    assert feedback.status == "closed" and feedback.satisfied is True
    assert not access.can(ANONYMOUS, "feedback.appeal", feedback)


def test_appeal_once_escalates_to_government_with_its_own_deadline(world):
    feedback, _ = make_feedback(world.contract_a, routed_to="operator")
    handling.respond(feedback, world["operator_manager"], "Nothing to do.", at=at(2026, 11, 10, 10))
    handling.rate(feedback, False, "Still broken", at=at(2026, 11, 11, 10))
    handling.appeal(feedback, "It is still broken.", at=at(2026, 11, 11, 10))
    assert feedback.status == "appealed" and feedback.routed_to == "government"
    assert feedback.appeal_due_at == at(2026, 11, 25, 23, 59, 59)  # 10 working days, Dublin winter = UTC
    assert any("Appeal" in t for t in notified(world["public_manager"]))
    assert not can_respond(world["operator_manager"], feedback)
    with pytest.raises(FeedbackError):
        handling.appeal(feedback, "again")
    handling.decide_appeal(feedback, world["public_manager"], "Upheld: the barrier will be replaced.")
    assert feedback.status == "closed"
    with pytest.raises(FeedbackError):
        handling.appeal(feedback, "and again")


def test_moderation_keeps_the_original_and_hiding_shows_the_reason(world):
    feedback, _ = make_feedback(world.contract_a, text="Nurse Mary Smith was rude, call me on 0871234567")
    board.moderate(feedback, world["public_manager"], "A nurse was rude.", "We spoke to the ward manager.")
    assert feedback.visibility == "public" and feedback.on_board
    assert "0871234567" in feedback.text and "0871234567" not in feedback.public_text
    assert feedback.public_name == "Name withheld"
    assert board.board_query(world.contract_a) is not None
    board.report_abuse(feedback, "Mentions a nurse")
    assert feedback.abuse_reports == 1
    board.hide(feedback, world["public_manager"], "Identifies a member of staff")
    assert feedback.hidden_reason == "Identifies a member of staff"


def test_cannot_report_what_is_not_on_the_board(world):
    feedback, _ = make_feedback(world.contract_a)
    with pytest.raises(FeedbackError):
        board.report_abuse(feedback, "x")


def test_bad_input_is_refused(world):
    sub = intake.Submission(kind="rant", category=None, text="x")
    with pytest.raises(FeedbackError):
        intake.create_feedback(world.contract_a, sub)
    foreign = settings.categories(world.contract_b)[0]
    with pytest.raises(FeedbackError):
        intake.create_feedback(world.contract_a, intake.Submission("complaint", foreign, "x"))
    with pytest.raises(FeedbackError):
        intake.create_feedback(world.contract_a, intake.Submission(
            "complaint", None, "x", latitude=Decimal("53.1")))


def test_queue_filters_in_sql(world):
    a, _ = make_feedback(world.contract_a, routed_to="operator", received_at=at(2026, 1, 5, 10))
    b, _ = make_feedback(world.contract_a, routed_to="government", kind="suggestion")
    handling.respond(b, world["public_manager"], "Thanks")
    s, _ = make_feedback(world.contract_a, sensitive=True)
    make_feedback(world.contract_b)
    handling.assign(a, world["operator_manager"], world["operator_manager"])

    def refs(user, **filters):
        query = handling.queue_query(user, world.contract_a, handling.QueueFilters(**filters),
                                     now=at(2026, 11, 23, 12))
        return {f.reference for f in db.session.scalars(query)}

    assert refs(world["public_manager"]) == {a.reference, b.reference, s.reference}
    assert refs(world["operator_manager"]) == {a.reference, b.reference}  # never the sensitive one
    assert refs(world["operator_b"]) == set()
    assert refs(world["public_manager"], status="open") == {a.reference, s.reference}
    assert refs(world["public_manager"], kind="suggestion") == {b.reference}
    assert refs(world["public_manager"], overdue=True) == {a.reference, s.reference}
    assert refs(world["operator_manager"], assigned="me") == {a.reference}
    assert refs(world["public_manager"], assigned="none") == {b.reference, s.reference}
    assert refs(world["public_manager"], category_id=b.category_id) == {b.reference}


def test_figures(world):
    c = world.contract_a
    now = at(2026, 11, 23, 12)
    # on time: acknowledged and answered quickly, satisfied
    f1, _ = make_feedback(c, received_at=at(2026, 6, 1, 9))
    handling.acknowledge(f1, world["operator_manager"], at=at(2026, 6, 2, 9))
    handling.respond(f1, world["operator_manager"], "Done", at=at(2026, 6, 5, 9))
    handling.rate(f1, True, at=at(2026, 6, 6, 9))
    # late on both, not satisfied, appealed
    f2, _ = make_feedback(c, routed_to="government", kind="grievance", received_at=at(2026, 6, 1, 9))
    handling.acknowledge(f2, world["public_manager"], at=at(2026, 6, 15, 9))
    handling.respond(f2, world["public_manager"], "Done", at=at(2026, 8, 3, 9))
    handling.rate(f2, False, at=at(2026, 8, 4, 9))
    handling.appeal(f2, "No", at=at(2026, 8, 4, 9))
    # never acknowledged, overdue
    make_feedback(c, received_at=at(2026, 10, 1, 9), kind="suggestion")
    # sensitive: counted only
    make_feedback(c, sensitive=True, received_at=at(2026, 7, 1, 9))
    # outside the period
    make_feedback(c, received_at=at(2025, 11, 1, 9))
    figures = feedback_figures(c, date(2025, 12, 1), date(2026, 11, 30), now=now)
    assert figures["received"] == 4
    assert figures["sensitive_count"] == 1
    assert figures["by_kind"]["Complaint"] == 1 and figures["by_kind"]["Grievance"] == 1
    assert sum(figures["by_kind"].values()) == 3  # the sensitive one is not described
    assert sum(figures["by_category"].values()) == 3
    assert figures["acknowledged_on_time_percent"] == pytest.approx(100 / 4, abs=0.1)  # 1 of 4 measured
    assert figures["responded_on_time_percent"] == pytest.approx(100 / 4, abs=0.1)  # 1 of 4 measured
    assert figures["median_working_days_to_respond"] == (4 + 45) / 2  # 1-5 Jun; 1 Jun-3 Aug (nine weeks)
    assert figures["satisfaction_percent"] == 50.0
    assert figures["appeals"] == 1
    assert figures["open"] == 3 and figures["overdue"] == 3


def test_figures_of_an_empty_period(world):
    figures = feedback_figures(world.contract_a, date(2020, 1, 1), date(2020, 12, 31))
    assert figures["received"] == 0 and figures["satisfaction_percent"] is None
    assert figures["median_working_days_to_respond"] is None


def test_categories_default_and_custom(world):
    settings.set_categories(world.contract_b, [("Potholes", "operator"), ("Tolls", "government")])
    assert [c.name for c in settings.categories(world.contract_b)] == ["Potholes", "Tolls"]
    assert len(settings.categories(world.contract_a)) == len(settings.DEFAULT_CATEGORIES)
    with pytest.raises(FeedbackError):
        settings.set_categories(world.contract_b, [("Odd", "community")])
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0
