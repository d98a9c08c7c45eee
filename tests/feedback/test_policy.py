"""The feedback section of the access policy (portal/access.py), predicate by predicate: who
answers, what each state allows, who follows a piece of feedback, who must act, and the public
board's one SQL clause. `can` keeps answering every other action as before."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from portal import access
from portal.extensions import db
from portal.feedback import board, handling
from portal.feedback.errors import FeedbackError
from portal.feedback.models import Feedback
from tests.factories import ROLES
from tests.feedback.helpers import make_feedback

ANONYMOUS = AnonymousUserMixin()
GOVERNMENT = {"public_manager", "public_officer"}


def state(**values) -> Feedback:
    """An unsaved piece of feedback in a given state, for the rules that read only its state."""
    defaults = dict(status="received", sensitive=False, on_board=False, awaiting_reply=False, rated_at=None,
                    appealed_at=None, satisfied=None, routed_to="operator")
    return Feedback(**{**defaults, **values})


# ---- what each state allows ----------------------------------------------------------------

STATES = {
    "received": state(),
    "acknowledged": state(status="acknowledged"),
    "in_review": state(status="in_review"),
    "responded": state(status="responded"),
    "responded, not satisfied": state(status="responded", rated_at=datetime(2026, 11, 3, tzinfo=UTC),
                                      satisfied=False),
    "appealed": state(status="appealed", appealed_at=datetime(2026, 11, 4, tzinfo=UTC), satisfied=False),
    "closed": state(status="closed"),
}
ALLOWED = {
    "acknowledge": {"received"},
    "answer": {"received", "acknowledged", "in_review"},
    "assign": {"received", "acknowledged", "in_review", "appealed"},
    "close": {"responded", "responded, not satisfied"},
    "decide_appeal": {"appealed"},
    "rate": {"responded"},
    "appeal": {"responded, not satisfied"},
    "reply": set(),  # nothing was asked
    "hide": set(),  # nothing is on the board
    "moderate": set(STATES),  # nothing is sensitive
}


@pytest.mark.parametrize("step", sorted(ALLOWED))
def test_each_step_is_allowed_in_its_states_only(step):
    allowed = {name for name, feedback in STATES.items() if access.feedback_allows(step, feedback)}
    assert allowed == ALLOWED[step]


def test_a_question_waits_for_an_answer_until_closed():
    assert access.feedback_allows("reply", state(status="in_review", awaiting_reply=True))
    assert not access.feedback_allows("reply", state(status="closed", awaiting_reply=True))


def test_moderation_never_touches_a_sensitive_grievance_and_hides_only_what_is_on_the_board():
    assert not access.feedback_allows("moderate", state(sensitive=True))
    assert access.feedback_allows("hide", state(on_board=True))
    assert not access.feedback_allows("hide", state(on_board=True, sensitive=True))


def test_an_appeal_needs_a_rating_of_not_satisfied_and_comes_once():
    assert not access.can(ANONYMOUS, "feedback.appeal", STATES["responded"])  # not rated yet: rate first
    assert access.can(ANONYMOUS, "feedback.appeal", STATES["responded, not satisfied"])
    assert not access.can(ANONYMOUS, "feedback.appeal", state(status="responded", satisfied=True))
    assert not access.can(ANONYMOUS, "feedback.appeal", STATES["appealed"])


def test_the_services_refuse_what_the_state_does_not_allow(world):
    feedback, _ = make_feedback(world.contract_a)
    handling.respond(feedback, world["public_manager"], "Fixed.")
    with pytest.raises(FeedbackError):
        handling.appeal(feedback, "Not rated yet")
    with pytest.raises(FeedbackError):
        handling.ask_question(feedback, world["public_manager"], "After the response?")
    with pytest.raises(FeedbackError):
        board.hide(feedback, world["public_manager"], "Not on the board")
    handling.close(feedback, world["public_manager"], "Done.")
    with pytest.raises(FeedbackError):
        handling.assign(feedback, world["public_manager"], world["public_officer"])


# ---- who answers: feedback.respond and the staff's steps -----------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_responds_by_routing_sensitivity_and_appeal(world, role):
    user = world[role]
    to_operator, _ = make_feedback(world.contract_a, routed_to="operator")
    to_government, _ = make_feedback(world.contract_a, routed_to="government")
    sensitive, _ = make_feedback(world.contract_a, sensitive=True)
    answers = role in GOVERNMENT | {"operator_manager"}
    assert access.can(user, "feedback.respond", to_operator) is answers
    assert access.can(user, "feedback.respond", to_government) is (role in GOVERNMENT)
    assert access.can(user, "feedback.respond", sensitive) is (role in GOVERNMENT)
    # an appeal goes to the public authority, even on what was the operator's
    to_operator.status = "appealed"
    assert access.can(user, "feedback.respond", to_operator) is (role in GOVERNMENT)
    # on the contract (no record), the role alone decides
    assert access.can(user, "feedback.respond", world.contract_a) is answers
    assert not access.can(world["operator_b"], "feedback.respond", to_operator)


def test_feedback_handles_is_the_side_rule(world):
    feedback, _ = make_feedback(world.contract_a, routed_to="operator")
    assert access.feedback_handles(world["operator_staff"], feedback)  # the side; the role is PERMISSIONS'
    assert not access.can(world["operator_staff"], "feedback.respond", feedback)
    assert not access.feedback_handles(world["community_rep"], feedback)
    assert not access.feedback_handles(ANONYMOUS, feedback)


@pytest.mark.parametrize("role", ROLES)
def test_step_permissions_need_the_role_the_routing_and_the_state(world, role):
    user = world[role]
    feedback, _ = make_feedback(world.contract_a, routed_to="operator")
    answers = role in GOVERNMENT | {"operator_manager"}
    expected = {"feedback.acknowledge": answers, "feedback.answer": answers, "feedback.assign": answers,
                "feedback.close": False, "feedback.decide_appeal": False, "feedback.moderate": role in GOVERNMENT,
                "feedback.hide": False}
    assert {action: access.can(user, action, feedback) for action in expected} == expected
    handling.respond(feedback, world["public_manager"], "Fixed.")
    handling.rate(feedback, False)
    assert access.can(user, "feedback.close", feedback) is answers
    assert not access.can(user, "feedback.answer", feedback)
    handling.appeal(feedback, "Still broken")
    assert access.can(user, "feedback.decide_appeal", feedback) is (role in GOVERNMENT)
    assert access.can(user, "feedback.assign", feedback) is (role in GOVERNMENT)  # the appeal is theirs now
    board.moderate(feedback, world["public_manager"], "The barrier was broken.")
    assert access.can(user, "feedback.hide", feedback) is (role in GOVERNMENT)


def test_a_sensitive_grievance_is_never_moderated_even_by_government(world):
    feedback, _ = make_feedback(world.contract_a, sensitive=True)
    assert not access.can(world["public_manager"], "feedback.moderate", feedback)
    assert access.can(world["public_manager"], "feedback.moderate", world.contract_a)  # the board's settings


# ---- who follows it, who works on it, who is told ------------------------------------------


def test_the_submitter_follows_their_own_feedback_only(world):
    mine, _ = make_feedback(world.contract_a, submitter=world["community"])
    anonymous_one, _ = make_feedback(world.contract_a)
    assert access.is_feedback_submitter(world["community"], mine)
    assert access.can(world["community"], "feedback.follow", mine)
    assert not access.can(world["community"], "feedback.follow", anonymous_one)
    assert not access.can(world["public_manager"], "feedback.follow", mine)  # staff read it, they do not follow it
    assert not access.can(ANONYMOUS, "feedback.follow", mine)


def test_who_may_be_assigned_and_who_is_told(world):
    ordinary, _ = make_feedback(world.contract_a, routed_to="operator")
    sensitive, _ = make_feedback(world.contract_a, sensitive=True)
    assert access.feedback_worker_roles(ordinary) == access.GOVERNMENT_ROLES | access.OPERATOR_ROLES
    assert access.feedback_worker_roles(sensitive) == access.GOVERNMENT_ROLES
    assert access.feedback_responsible_roles(ordinary) == access.OPERATOR_ROLES
    assert access.feedback_responsible_roles(sensitive) == access.GOVERNMENT_ROLES
    for role in ROLES:
        expected = role in access.feedback_worker_roles(sensitive)
        assert access.can(world[role], "feedback.work_on", sensitive) is expected
    assert {u.email for u in handling.assignable_members(world.contract_a, sensitive)} == {
        f"{role}@example.org" for role in GOVERNMENT}
    with pytest.raises(FeedbackError):
        handling.assign(sensitive, world["public_manager"], world["operator_staff"])


# ---- the public board: one SQL clause ------------------------------------------------------


def test_the_public_board_clause(world):
    officer = world["public_officer"]
    shown, _ = make_feedback(world.contract_a)
    board.moderate(shown, officer, "The barrier at gate B was broken.")
    hidden, _ = make_feedback(world.contract_a)
    board.moderate(hidden, officer, "Names a porter.")
    board.hide(hidden, officer, "Names a member of staff.")
    unmoderated, _ = make_feedback(world.contract_a)
    sensitive, _ = make_feedback(world.contract_a, sensitive=True)
    sensitive.visibility, sensitive.on_board, sensitive.public_text = "public", True, "Never shown"
    taken_off, _ = make_feedback(world.contract_a)
    board.moderate(taken_off, officer, "Parking is too dear.")
    taken_off.visibility = "partners"
    db.session.flush()

    def rows(**options):
        return set(db.session.scalars(sa.select(Feedback.id).where(access.public_board_clause(Feedback, **options))))

    assert rows() == {shown.id, hidden.id}  # the board lists a hidden item with its reason
    assert rows(text_shown=True) == {shown.id}  # what search indexes and reports quote
    assert unmoderated.id not in rows() and sensitive.id not in rows() and taken_off.id not in rows()
    assert [f.id for f in db.session.scalars(board.board_query(world.contract_a))] == [hidden.id, shown.id]
    assert board.board_item(world.contract_a, shown.reference) is shown
    assert board.board_item(world.contract_a, hidden.reference) is None  # nothing to report: its text is hidden


# ---- `can` for everything else -------------------------------------------------------------


def test_can_still_answers_every_other_action(world):
    pm, om = world["public_manager"], world["operator_manager"]
    assert access.can(pm, "kpi.manage", world.contract_a) and not access.can(om, "kpi.manage", world.contract_a)
    assert access.can(om, "evidence.submit", world.contract_a)
    assert access.can(pm, "feedback.configure", world.contract_a)
    assert not access.can(world["public_officer"], "feedback.configure", world.contract_a)
    with pytest.raises(KeyError):
        access.can(pm, "feedback.no_such_thing", world.contract_a)
    # a step of the submitter has no role: on a contract it is never granted
    assert not access.can(pm, "feedback.appeal", world.contract_a)
    assert access.why_not(pm, "feedback.appeal", world.contract_a) == "This is done on a record, not a contract."
    feedback, _ = make_feedback(world.contract_a, routed_to="government")
    assert not access.can(None, "feedback.appeal", feedback)
    assert access.can(om, "kpi.manage", feedback) is False  # an action without a record rule: the role decides


def test_a_refusal_says_why(world):
    pm, om = world["public_manager"], world["operator_manager"]
    feedback, _ = make_feedback(world.contract_a, routed_to="government")
    assert access.why_not(om, "feedback.respond", feedback) == "This feedback is answered by the public authority's officers."
    assert access.why_not(pm, "feedback.respond", feedback) is None
    handling.acknowledge(feedback, pm)
    assert access.why_not(pm, "feedback.acknowledge", feedback) == "This feedback was already acknowledged."
    assert "does not allow you to" in access.why_not(world["reviewer"], "feedback.respond", feedback)
    with pytest.raises(FeedbackError, match="already acknowledged"):  # the service says the same
        handling.acknowledge(feedback, pm)
