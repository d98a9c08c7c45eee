"""Obligation rules: the schedule, late evidence, checking, the list across contracts, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal import access, clock, storage
from portal.extensions import db
from portal.notifications.models import Notification
from portal.obligations import services
from portal.obligations.figures import compliance_figures
from tests.factories import add_member
from tests.obligations.helpers import obligation


def _file():
    return storage.store_bytes(b"%PDF-1.4\n%certificate\n", "certificate.pdf", storage.DOCUMENTS)


def _notes(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.title).where(Notification.user_id == user.id)))


def test_months_are_added_without_running_off_the_month():
    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert services.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert services.add_months(date(2026, 12, 15), -12) == date(2025, 12, 15)


def test_accepted_evidence_discharges_and_schedules_the_next_date(world):
    item = obligation(world, frequency="quarterly")
    due = item.next_due
    services.send_evidence(due, world["operator_staff"], [_file()], "2026-27 certificates",
                           at=datetime(2026, 11, 20, 9, tzinfo=UTC))
    assert due.status == "submitted" and not due.late and due.evidence[0].sha256
    assert "AAA obligation: evidence to check" in _notes(world["public_officer"])
    services.check(due, world["public_manager"], accept=True)
    assert due.status == "discharged"
    assert [d.due_on for d in item.dues] == [date(2026, 11, 30), date(2027, 2, 28)]
    assert item.next_due.due_on == date(2027, 2, 28)


def test_evidence_after_the_due_date_is_late_and_a_return_needs_a_reason(world):
    due = obligation(world).next_due
    services.send_evidence(due, world["operator_manager"], [_file()], at=datetime(2026, 12, 1, 9, tzinfo=UTC))
    assert due.late
    with pytest.raises(services.ObligationError) as error:
        services.check(due, world["public_manager"], accept=False)
    assert error.value.field == "comment"
    services.check(due, world["public_manager"], accept=False, comment="The liability certificate is missing.")
    assert due.status == "returned" and len(due.obligation.dues) == 1
    assert "AAA obligation: evidence returned" in _notes(world["operator_staff"])
    with pytest.raises(services.ObligationError):
        services.send_evidence(due, world["operator_manager"], [])


def test_once_only_and_expiry_end_the_schedule(world):
    once = obligation(world, frequency="once", category="refinancing", title="Refinancing notice")
    services.send_evidence(once.next_due, world["operator_manager"], [_file()])
    services.check(once.next_due, world["public_manager"], accept=True)
    assert once.next_due is None
    last = obligation(world, title="Final survey", first_due_on=date(2045, 12, 1))
    services.send_evidence(last.next_due, world["operator_manager"], [_file()])
    services.check(last.next_due, world["public_manager"], accept=True)
    assert last.next_due is None  # the contract ends on 31 Dec 2045
    with pytest.raises(services.ObligationError) as error:
        obligation(world, first_due_on=date(2046, 1, 1))
    assert error.value.field == "first_due_on"


def test_only_the_owing_side_sends_and_the_other_side_checks(world):
    due = obligation(world).next_due
    assert access.can(world["operator_staff"], "obligation.send", due)
    assert not access.can(world["public_manager"], "obligation.send", due)
    assert access.can(world["public_officer"], "obligation.check", due)
    assert not access.can(world["operator_manager"], "obligation.check", due)
    assert not access.can(world["reviewer"], "obligation.check", due)
    government = obligation(world, owed_by="government", title="Grant access to the site").next_due
    assert access.can(world["public_officer"], "obligation.send", government)
    assert access.can(world["operator_manager"], "obligation.check", government)
    assert not access.can(world["operator_staff"], "obligation.check", government)


def test_due_this_month_or_overdue_across_contracts(world):
    today = clock.today()  # the suite's pinned day
    this_month = obligation(world, first_due_on=today.replace(day=28))
    overdue = obligation(world, title="Audited accounts", category="accounts", first_due_on=today - timedelta(days=40))
    obligation(world, title="Lifecycle plan", category="lifecycle", first_due_on=today + timedelta(days=60))
    services.add_obligation(world.contract_b, {"title": "Contract B return", "category": "health_safety",
                                               "owed_by": "operator", "frequency": "annual",
                                               "first_due_on": today.replace(day=1)})
    mine = services.due_across_contracts(world["public_manager"], today)
    assert [d.obligation.title for d in mine] == [overdue.title, this_month.title]
    assert services.due_across_contracts(world["community_rep"], today) == []
    add_member(world["public_manager"], world.contract_b, "public_officer")
    access.forget_memberships(world["public_manager"])
    assert len(services.due_across_contracts(world["public_manager"], today)) == 3
    figures = compliance_figures(world.contract_a, today)
    assert figures["overdue"] == 1 and figures["due_this_month"] == 1


def test_reminders_before_and_when_overdue_are_sent_once(world):
    now = clock.now()
    soon = obligation(world, first_due_on=(now + timedelta(days=10)).date())
    late = obligation(world, title="Health and safety return", category="health_safety",
                      first_due_on=(now - timedelta(days=3)).date())
    obligation(world, title="Far off", first_due_on=(now + timedelta(days=90)).date())
    assert services.send_reminders(now) == {"before": 1, "overdue": 1}
    assert services.send_reminders(now + timedelta(hours=2)) == {"before": 0, "overdue": 0}
    assert services.send_reminders(now + timedelta(days=7)) == {"before": 0, "overdue": 1}
    assert soon.next_due.reminded_before_at is not None and late.next_due.reminded_overdue_at is not None
    titles = _notes(world["public_manager"])
    assert "AAA obligation: overdue" in titles
    assert any(t.startswith("AAA obligation: due on") for t in _notes(world["operator_staff"]))


def test_the_remind_command_commits_and_reports(app, world):
    obligation(world, first_due_on=(clock.now() - timedelta(days=3)).date())
    result = app.test_cli_runner().invoke(args=["portal", "remind-obligations"])
    assert result.exit_code == 0 and "1 overdue" in result.output
