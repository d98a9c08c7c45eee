"""`portal generate`: deterministic, chained audit events that verify, an empty database only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.contracts.models import Contract
from portal.extensions import db
from portal.feedback.models import Feedback, FeedbackEvent
from portal.generate import GenerationError, Plan, generate
from portal.performance.models import Measurement, PaymentStatement, Submission
from portal.search.models import SearchDocument


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_plan_scales_contracts_months_and_feedback():
    one = Plan.for_scale(1)
    assert (one.contracts, one.months, one.feedback_per_contract, one.kpis_per_contract) == (50, 120, 4000, 25)
    assert one.contracts * one.months == 6000 and one.contracts * one.months * one.kpis_per_contract == 150_000
    tenth = Plan.for_scale(0.1)
    assert (tenth.contracts, tenth.months, tenth.feedback_per_contract) == (5, 120, 4000)
    tiny = Plan.for_scale(0.001)
    assert (tiny.contracts, tiny.months, tiny.feedback_per_contract) == (1, 6, 200)
    with pytest.raises(GenerationError):
        Plan.for_scale(0)


def test_generated_data_has_the_demo_shape_and_a_chain_that_verifies(app):
    plan = Plan.for_scale(0.002)
    generate(plan)
    assert _count(Contract) == 1
    assert _count(Feedback) == plan.feedback_per_contract
    assert _count(FeedbackEvent) > _count(Feedback)
    assert _count(Submission) == plan.months
    assert _count(Measurement) == plan.months * plan.kpis_per_contract
    assert _count(PaymentStatement) == plan.months - 3  # draft, submitted and reviewed months have none
    assert _count(SearchDocument) > 0
    audited = _count(AuditEvent)
    assert audited > _count(Feedback) + _count(FeedbackEvent) + _count(Measurement)
    result = verify_chain(db.session)
    assert result.ok and result.checked == audited
    # the flush hooks continue the chain where the generator left it
    contract = db.session.scalar(sa.select(Contract))
    contract.public_summary = "Edited after generation."
    db.session.commit()
    assert verify_chain(db.session).ok


def test_the_same_seed_gives_the_same_rows(app):
    def snapshot():
        return db.session.execute(sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar()

    generate(Plan.for_scale(0.001))
    first = snapshot()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    generate(Plan.for_scale(0.001))
    assert snapshot() == first


def test_a_database_with_data_is_refused(app, world):
    with pytest.raises(GenerationError, match="not empty"):
        generate(Plan.for_scale(0.001))
