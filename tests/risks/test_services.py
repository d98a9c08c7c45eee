"""The register's rules: references, scores, review dates, reviews and movement, closing,
visibility by allocation, links to KPIs, and the KPI indicator behind the dashboard."""

from datetime import date, timedelta

import pytest

from portal import access
from portal.extensions import db
from portal.risks import figures, queries, scoring, services
from portal.risks.models import Risk
from tests.performance.helpers import submission
from tests.risks.helpers import make_objective, make_risk, risk_data


def test_a_new_risk_gets_a_reference_scores_and_a_review_date_from_its_band(world):
    first = make_risk(world.contract_a, today=date(2026, 3, 10))
    second = make_risk(world.contract_a, residual_likelihood=4, residual_impact=5, today=date(2026, 3, 10))
    assert (first.reference, second.reference) == ("AAA-RSK-001", "AAA-RSK-002")
    assert (first.inherent_score, first.residual_score, first.band) == (16, 9, "medium")
    assert first.next_review_on == date(2026, 9, 10)  # medium: every six months
    assert second.band == "critical" and second.next_review_on == date(2026, 4, 10)
    assert first.movement == "new" and first.status == "open"


def test_references_are_per_contract(world):
    make_risk(world.contract_a)
    assert make_risk(world.contract_b).reference == "BBB-RSK-001"


@pytest.mark.parametrize("values, field", [
    ({"title": " "}, "title"),
    ({"kind": "hazard"}, "kind"),
    ({"category": "weather"}, "category"),
    ({"allocation": "nobody"}, "allocation"),
    ({"residual_impact": 6}, "residual_impact"),
    ({"response": "exploit"}, "response"),  # an opportunity's response on a threat
    ({"kind": "opportunity", "response": "avoid"}, "response"),
    ({"allocation": "public", "visibility": "partners"}, "visibility"),
    ({"visibility": "public"}, "visibility"),
])
def test_broken_rules_name_their_field(world, values, field):
    with pytest.raises(services.RiskError) as error:
        make_risk(world.contract_a, **values)
    assert error.value.field == field


def test_the_owner_must_hold_a_role_on_the_contract(world):
    with pytest.raises(services.RiskError) as error:
        make_risk(world.contract_a, owner_id=world["operator_b"].id)
    assert error.value.field == "owner_id"
    assert make_risk(world.contract_a, owner_id=world["operator_manager"].id).owner == world["operator_manager"]


def test_a_shared_or_private_risk_may_be_shown_to_the_operator(world):
    shared = make_risk(world.contract_a, allocation="shared", visibility="partners")
    secret = make_risk(world.contract_a, allocation="private")
    operator = world["operator_manager"]
    assert access.can(operator, "view", shared)
    assert not access.can(operator, "view", secret)
    assert not access.can(world["community_rep"], "view", shared)
    assert access.can(world["reviewer"], "view", secret)
    seen = {r.id for r in queries.register(operator, world.contract_a, queries.RegisterFilter(), date(2026, 11, 18))}
    assert seen == {shared.id}


def test_a_review_records_the_movement_and_sets_the_next_review_by_the_new_band(world):
    risk = make_risk(world.contract_a, today=date(2026, 1, 5))  # residual 3 x 3 = 9, medium
    review = services.review_risk(risk, world["public_officer"], 4, 4, "Survey found worse wear.",
                                  reviewed_on=date(2026, 2, 1))
    assert (review.previous_score, review.score) == (9, 16)
    assert (risk.previous_score, risk.residual_score, risk.band, risk.movement) == (9, 16, "high", "up")
    assert risk.next_review_on == date(2026, 5, 1)  # high: quarterly
    assert risk.last_reviewed_on == date(2026, 2, 1)
    services.review_risk(risk, world["public_officer"], 4, 4, "", reviewed_on=date(2026, 5, 1))
    assert risk.movement == "same" and risk.movement_symbol == "="
    services.review_risk(risk, world["public_officer"], 1, 4, "", reviewed_on=date(2026, 8, 1))
    assert risk.movement == "down" and risk.band == "low" and risk.next_review_on == date(2027, 8, 1)
    assert [r.score for r in risk.reviews] == [4, 16, 16]  # the latest first, every review kept


def test_a_review_cannot_go_back_in_time_or_into_the_future(world):
    risk = make_risk(world.contract_a)
    services.review_risk(risk, world["public_officer"], 3, 3, reviewed_on=date(2026, 6, 1))
    with pytest.raises(services.RiskError, match="cannot be dated before"):
        services.review_risk(risk, world["public_officer"], 3, 3, reviewed_on=date(2026, 5, 31))
    with pytest.raises(services.RiskError, match="future"):
        services.review_risk(risk, world["public_officer"], 3, 3,
                             reviewed_on=services.local_today(world.contract_a) + timedelta(days=1))


def test_closing_needs_a_reason_and_a_closed_risk_is_not_reviewed(world):
    risk = make_risk(world.contract_a)
    with pytest.raises(services.RiskError) as error:
        services.close_risk(risk, "  ")
    assert error.value.field == "reason"
    services.close_risk(risk, "The lifecycle fund was topped up; risk passed.")
    assert risk.status == "closed" and not risk.review_overdue(date(2099, 1, 1))
    with pytest.raises(services.RiskError):
        services.review_risk(risk, world["public_officer"], 2, 2)
    services.reopen_risk(risk, today=date(2026, 11, 18))
    assert risk.is_open and risk.closed_reason == ""


def test_overdue_reviews(world):
    today = services.local_today(world.contract_a)
    late = make_risk(world.contract_a, residual_likelihood=4, residual_impact=5, today=today - timedelta(days=40))
    make_risk(world.contract_a, today=today)
    assert late.review_overdue(today)
    assert queries.overdue_reviews(world["public_manager"], world.contract_a, today) == [late]
    counts = queries.position_counts(world["public_manager"], world.contract_a, today=today)
    assert counts["overdue"] == {"threat": 1}
    assert counts["cells"] == {("threat", 4, 5): 1, ("threat", 3, 3): 1}


def test_changing_allocation_to_public_while_shown_to_partners_is_refused(world):
    risk = make_risk(world.contract_a, allocation="shared", visibility="partners")
    with pytest.raises(services.RiskError) as error:
        services.update_risk(risk, risk_data(allocation="public", visibility="partners"))
    assert error.value.field == "visibility"


def test_objectives_and_risks(world):
    objective = make_objective(world.contract_a)
    assert objective.reference == "AAA-OBJ-01"
    risk = make_risk(world.contract_a, objective_ids=[objective.id])
    assert risk.objectives == [objective]
    assert queries.objective_counts(world["public_manager"], world.contract_a) == {objective.id: 1}
    other = make_objective(world.contract_b)
    with pytest.raises(services.RiskError):
        make_risk(world.contract_a, objective_ids=[other.id])


def test_a_risk_links_only_to_its_contracts_kpis(world, app):
    sub = submission(world.contract_a)
    kpi = sub.measurements[0].kpi
    risk = make_risk(world.contract_a)
    with app.test_request_context():
        services.link_risk(risk, world["public_manager"], "kpi", kpi.id)
        with pytest.raises(services.RiskError, match="already"):
            services.link_risk(risk, world["public_manager"], "kpi", kpi.id)
        other = make_risk(world.contract_b)
        with pytest.raises(services.RiskError):
            services.link_risk(other, world["public_manager"], "kpi", kpi.id)
        with pytest.raises(services.RiskError):
            services.link_risk(risk, world["public_manager"], "feedback", 1)
        assert [item["record"].title for item in services.resolved_links(
            world["public_manager"], world.contract_a, risk.links)] == [f"{kpi.code} {kpi.name}"]


def test_threats_whose_linked_kpis_were_missed_in_the_latest_reported_month(world, app):
    sub = submission(world.contract_a)  # AV1 met (99.5 against 99), HD2 missed (18 against 15 minutes)
    met, missed = (m.kpi for m in sub.measurements)
    ok_risk = make_risk(world.contract_a, title="Theatres closed")
    bad_risk = make_risk(world.contract_a, title="Helpdesk overwhelmed")
    with app.test_request_context():
        services.link_risk(ok_risk, world["public_manager"], "kpi", met.id)
        services.link_risk(bad_risk, world["public_manager"], "kpi", missed.id)
    assert figures.risks_with_failed_kpis(world["public_manager"], world.contract_a) == []  # a draft is no result
    sub.status = "submitted"
    db.session.flush()
    failing = figures.risks_with_failed_kpis(world["public_manager"], world.contract_a)
    assert [f["reference"] for f in failing] == [bad_risk.reference]
    assert failing[0]["period"] == "October 2026" and failing[0]["kpis"][0].label == "HD2 Helpdesk response time"
    assert "18 minutes (target 15)" in failing[0]["kpis"][0].value


def test_portfolio_counts_per_contract(world):
    today = services.local_today(world.contract_a)
    make_risk(world.contract_a, residual_likelihood=4, residual_impact=5, today=today - timedelta(days=40))
    make_risk(world.contract_a, kind="opportunity", response="exploit", today=today)
    make_risk(world.contract_b)
    counts = figures.portfolio_counts(world["public_manager"], [world.contract_a, world.contract_b], today)
    assert counts == {world.contract_a.id: {"open": 1, "severe": 1, "overdue": 1}}  # no role on B
    assert figures.portfolio_counts(world["community_rep"], [world.contract_a], today) == {}


def test_score_columns_stay_in_step_with_the_ratings(world):
    risk = make_risk(world.contract_a)
    services.update_risk(risk, risk_data(inherent_likelihood=5, inherent_impact=5, residual_likelihood=2,
                                         residual_impact=1))
    stored = db.session.get(Risk, risk.id)
    assert (stored.inherent_score, stored.residual_score) == (25, 2)
    assert scoring.band(stored.inherent_score) == "critical"
