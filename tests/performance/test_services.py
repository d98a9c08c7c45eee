"""The rules under the pages, called directly: months, where a month stands, the cycle's steps,
who is told, the statement's CSV and the access rule for review decisions."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa

from portal import access, clock
from portal.extensions import db
from portal.notifications.models import Notification
from portal.performance import framework, notices, periods, queries, services, statements
from portal.performance.errors import PerformanceError
from portal.performance.models import PaymentTerms
from portal.performance.months import (
    months_between,
    next_month,
    parse_month,
    previous_month,
    year_before,
)
from tests.performance import helpers


def _titles(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.title).where(Notification.user_id == user.id)))


def test_months_cross_year_ends_and_leap_days():
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert previous_month(date(2027, 1, 1)) == date(2026, 12, 1)
    assert previous_month(date(2028, 3, 15)) == date(2028, 2, 1)
    assert year_before(date(2028, 2, 1)) == date(2027, 2, 1)
    assert months_between(date(2026, 11, 30), date(2027, 2, 1)) == [
        date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    assert parse_month("2026-10") == date(2026, 10, 1)
    assert parse_month("2026-13") is None and parse_month("review") is None


def test_a_months_state_decides_what_can_change(world):
    sub = helpers.submission(world.contract_a)
    av, hd = sub.measurements
    assert sub.is_draft and sub.open_for_evidence and sub.line_open(av) and not sub.in_review
    helpers.advance(world, sub, "submitted")
    assert sub.with_reviewers and sub.in_review and not sub.open_for_evidence and not sub.line_open(av)
    services.review(sub, av, "measurement", "query", "Attach the export", world["public_officer"], av.version)
    assert sub.awaiting_answers and sub.open_for_evidence and sub.status_tone == "warn"
    assert sub.line_open(av) and not sub.line_open(hd)  # only the queried line reopens
    with pytest.raises(PerformanceError, match="cannot be changed"):
        services.save_measurements(sub, {hd.kpi_id: ("1", "")})
    assert services.send_for_review(sub, world["operator_manager"], "Export attached") == (
        "1 answered line(s) sent back for review.")
    for line, kind in services.lines_of(sub):
        services.review(sub, line, kind, "accept", "", world["public_manager"], line.version)
    assert sub.ready_for_approval and not sub.settled
    services.approve(world.contract_a, sub, world["public_manager"])
    assert sub.awaiting_countersignature and sub.settled and not sub.in_review


def test_send_for_review_submits_a_draft_and_says_so(world):
    sub = helpers.submission(world.contract_a)
    message = services.send_for_review(sub, world["operator_manager"])
    assert sub.with_reviewers and message == "October 2026 submitted (late). It is now locked."
    with pytest.raises(PerformanceError, match="already been submitted"):
        services.submit(sub, world["operator_manager"])


def test_review_decisions_need_the_right_permission(world):
    assert access.review_decision_action("query") == "evidence.review"
    assert {access.review_decision_action(d) for d in ("accept", "reject", "excuse", "waive")} == {"evidence.accept"}
    sub = helpers.submission(world.contract_a)
    assert access.can(world["public_officer"], "evidence.review", sub.measurements[0])
    assert not access.can(world["public_officer"], "evidence.accept", sub.measurements[0])


def test_only_a_query_tells_the_operator_managers(world):
    sub = helpers.submission(world.contract_a)
    assert notices.line_decided(world.contract_a, sub, "accept") == 0
    assert notices.line_decided(world.contract_a, sub, "query") == 1
    assert _titles(world["operator_manager"]) == ["AAA October 2026: a line was queried"]
    assert _titles(world["operator_staff"]) == []


def test_a_month_opens_once_and_only_with_terms_in_force(world):
    today = clock.today()
    assert periods.can_open(world.contract_a, today) is False  # no terms yet
    helpers.framework(world.contract_a)
    assert periods.can_open(world.contract_a, today) is True
    opened = periods.ensure_period(world.contract_a, today)
    assert opened is not None and opened.is_draft and len(opened.measurements) == 2
    assert periods.can_open(world.contract_a, today) is False
    assert periods.ensure_period(world.contract_a, today) is None


def test_statement_csv_lists_deductions_bands_and_totals(world):
    sub = helpers.advance(world, helpers.submission(world.contract_a), "approved")
    rows = list(csv.reader(io.StringIO(statements.statement_csv(queries.statement_of(sub)))))
    assert rows[0] == statements.CSV_HEADER
    assert rows[1][:5] == ["AAA", "2026-10", "EUR", "availability", "HD-1"]
    assert [row[3] for row in rows[-5:]] == list(statements.CSV_TOTALS)
    assert rows[-1][-1] == queries.statement_of(sub).data["net_payment"]


def test_shown_calculation_is_provisional_until_a_statement_exists(world):
    sub = helpers.submission(world.contract_a)
    preview = statements.shown_calculation(world.contract_a, sub, None)
    assert preview["availability_deduction"] == "180.00"
    db.session.execute(sa.delete(PaymentTerms))
    assert statements.shown_calculation(world.contract_a, sub, None) is None  # no terms in force


def test_terms_standing_names_the_version_in_force(world):
    helpers.framework(world.contract_a)
    later = PaymentTerms(contract_id=world.contract_a.id, effective_from=next_month(clock.today()),
                         annual_unitary_charge=1, point_value=1)
    earlier = PaymentTerms(contract_id=world.contract_a.id, effective_from=date(2024, 1, 1),
                           annual_unitary_charge=1, point_value=1)
    db.session.add_all([later, earlier])
    db.session.flush()
    versions = queries.terms_versions(world.contract_a)
    in_force = queries.terms_for(world.contract_a, clock.today())
    standing = framework.terms_standing(versions, in_force)
    assert (standing[later.id], standing[in_force.id], standing[earlier.id]) == ("future", "in force", "replaced")
    assert framework.terms_standing(versions, None) == {t.id: "future" for t in versions}
