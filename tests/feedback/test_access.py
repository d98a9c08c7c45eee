"""The sensitive-grievance rule in the one access policy (portal.access): records flagged
`is_sensitive` are read by the contract's government officers only, in Python and in SQL."""

import pytest
import sqlalchemy as sa

from portal import access, storage
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.feedback import handling, intake
from portal.feedback.models import Feedback, FeedbackAttachment, FeedbackCategory, FeedbackEvent
from tests.factories import ROLES
from tests.feedback.helpers import make_feedback

SENSITIVE_READERS = {"public_manager", "public_officer"}


@pytest.fixture
def grievance(world):
    stored = storage.store_bytes(b"%PDF-1.4\n%statement\n", "statement.pdf", storage.DOCUMENTS)
    sub = intake.Submission(kind="grievance", category=None, text="A guard at gate B threatened my son",
                              place="Gate B, 14 Main Street", sensitive=True, email="parent@example.org")
    feedback, _token = intake.create_feedback(world.contract_a, sub, stored_files=[stored], notify_staff=False)
    handling.add_note(feedback, world["public_manager"], "Spoke to the family; police informed.")
    handling.respond(feedback, world["public_officer"], "The guard was removed from duty.")
    return feedback


def test_sensitivity_is_carried_by_the_record_its_steps_and_files(grievance):
    assert grievance.is_sensitive and access.is_sensitive(grievance)
    assert all(e.is_sensitive for e in grievance.events) and grievance.events
    assert all(a.is_sensitive for a in grievance.attachments) and grievance.attachments
    ordinary, _ = make_feedback(grievance.contract)
    assert not access.is_sensitive(ordinary) and not any(e.is_sensitive for e in ordinary.events)


@pytest.mark.parametrize("role", ROLES)
def test_can_read_sensitive_only_government_officers(world, grievance, role):
    user = world[role]
    expected = role in SENSITIVE_READERS
    for record in (grievance, grievance.events[0], grievance.attachments[0]):
        assert access.can_read(user, record) is expected, (role, record)
    # a permission on the record is refused with the read (the view answers 404, not 403)
    assert access.can(user, "feedback.note", grievance) is (expected and role in access.PERMISSIONS["feedback.note"])


def test_reviewer_reads_ordinary_government_records_but_not_sensitive_ones(world, grievance):
    reviewer = world["reviewer"]
    ordinary, _ = make_feedback(world.contract_a, routed_to="government")
    ordinary.visibility = "government"
    assert access.can_read(reviewer, ordinary)
    assert not access.can_read(reviewer, grievance)


def test_outsiders_and_the_public_never_read_sensitive(world, grievance):
    for user in (None, world["community"], world["operator_b"], world["admin"]):
        assert not access.can_read(user, grievance)
    # even a sensitive record wrongly marked public stays closed
    grievance.visibility = "public"
    assert not access.can_read(None, grievance)
    assert access.can_read(world["public_manager"], grievance)


def _visible_ids(user, model, contract=None):
    return set(db.session.scalars(sa.select(model.id).where(access.visible_clause(user, model, contract))))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", [Feedback, FeedbackEvent, FeedbackAttachment], ids=lambda m: m.__name__)
def test_visible_clause_applies_the_same_rule_in_sql(world, grievance, role, model):
    ordinary, _ = make_feedback(world.contract_a)
    user = world[role]
    sensitive_ids = {Feedback: {grievance.id}, FeedbackEvent: {e.id for e in grievance.events},
                     FeedbackAttachment: {a.id for a in grievance.attachments}}[model]
    for contract in (world.contract_a, None):  # one contract, or every contract the user belongs to
        ids = _visible_ids(user, model, contract)
        if role in SENSITIVE_READERS:
            assert sensitive_ids <= ids
        else:
            assert not sensitive_ids & ids
    # the SQL and the predicate agree row by row
    for row in db.session.scalars(sa.select(model).where(model.contract_id == world.contract_a.id)):
        assert (row.id in _visible_ids(user, model, world.contract_a)) is access.can_read(user, row)
    if model is Feedback and role in ("operator_manager", "reviewer"):
        assert ordinary.id in _visible_ids(user, Feedback, world.contract_a)


def test_public_rows_never_include_sensitive(world, grievance):
    grievance.visibility = "public"
    db.session.flush()
    assert grievance.id not in _visible_ids(None, Feedback)
    assert grievance.id not in _visible_ids(world["reviewer"], Feedback, world.contract_a)


def test_models_without_the_flag_are_unaffected(world):
    assert access._sensitive_column(FeedbackCategory) is None
    assert access._sensitive_column(Feedback) is not None


def test_the_audit_trail_keeps_the_words_of_a_sensitive_grievance_out(world, grievance):
    db.session.flush()
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.contract_id == world.contract_a.id)).all()
    dumped = " ".join(f"{e.summary} {e.changes}" for e in events)
    for secret in ("threatened", "Gate B, 14 Main Street", "police informed", "removed from duty",
                   "statement.pdf", "parent@example.org"):
        assert secret not in dumped
    assert f"{grievance.reference} (sensitive)" in dumped
