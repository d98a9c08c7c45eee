"""Visibility filtering of every report section, the social impact section and chosen items."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.performance import framework as perf_framework
from portal.performance import services as perf
from portal.performance.models import Kpi
from portal.reports import sections, services
from portal.reports.models import ReportItem
from tests.feedback.helpers import make_feedback
from tests.performance.helpers import framework

Q4 = dict(kind="custom", start=date(2026, 9, 1), end=date(2026, 10, 31))


def _impact_kpis(contract):
    social = Kpi(contract_id=contract.id, code="SO1", name="Local people employed", unit="%", target=D("40"),
                 direction="higher", category="social", public=True, visibility="public", position=5,
                 objective="Jobs for people living near the hospital.")
    green = Kpi(contract_id=contract.id, code="EN1", name="Energy use per bed-day", unit="kWh", target=D("95"),
                direction="lower", category="environmental", public=False, visibility="partners", position=6)
    db.session.add_all([social, green])
    db.session.flush()
    return social, green


def _month(contract, month, values, status="approved"):
    sub = perf.open_submission(contract, month)
    perf.save_measurements(sub, {kpi.id: (value, "") for kpi, value in values.items()})
    sub.status = status
    db.session.flush()
    return sub


@pytest.fixture
def performance(world):
    _area, (av1, hd2) = framework(world.contract_a)
    social, green = _impact_kpis(world.contract_a)
    _month(world.contract_a, date(2026, 9, 1), {av1: "99.5", hd2: "12", social: "41", green: "90"})
    _month(world.contract_a, date(2026, 10, 1), {av1: "97", hd2: "20", social: "38.5", green: "99"},
           status="submitted")  # not reviewed yet: never in a report
    return {"av1": av1, "hd2": hd2, "social": social, "green": green}


def _report(world, keys, **values):
    return services.create_report(world.contract_a, world["public_officer"], sections=keys, **{**Q4, **values})


def test_impact_section_is_absent_without_such_kpis(app, world):
    framework(world.contract_a)  # availability and service quality only
    report = _report(world, ["summary", "impact"])
    assert "impact" not in report.snapshot
    assert services.item_candidates(report, "impact") == []


def test_impact_has_public_kpis_with_reviewed_results_only(app, world, performance):
    report = _report(world, ["impact"], impact_narrative="Local hiring went **up**.")
    data = report.snapshot["impact"]
    assert [g["category"] for g in data["groups"]] == ["Social"]
    so1 = data["groups"][0]["kpis"][0]
    assert so1["code"] == "SO1" and so1["latest"] == "41" and so1["measured"] == 1 and so1["met"] == 1
    assert "<svg" in so1["chart_svg"] and not so1["released"]
    assert data["not_published"] == 1  # EN1 is restricted to the partners
    assert "EN1" not in str(data)
    # the initial choice is recorded: the public KPI, by the official who created the draft
    item = db.session.scalar(sa.select(ReportItem).where(ReportItem.report_id == report.id))
    assert (item.kind, item.ref_id, item.release, item.chosen_by_id) == (
        "kpi", performance["social"].id, False, world["public_officer"].id)
    html = services.report_html(report)
    assert "Social impact (triple bottom line)" in html and "Local hiring went <strong>up</strong>." in html


def test_restricted_kpi_only_when_explicitly_released(app, world, performance):
    report = _report(world, ["impact"])
    social, green = performance["social"], performance["green"]
    services.set_items(report, world["public_officer"], "impact", {social.id, green.id}, set())
    assert "EN1" not in str(report.snapshot["impact"])  # chosen but not released: left out
    services.set_items(report, world["public_manager"], "impact", {social.id, green.id}, {green.id})
    groups = {g["category"]: g["kpis"] for g in report.snapshot["impact"]["groups"]}
    assert groups["Environmental"][0]["code"] == "EN1" and groups["Environmental"][0]["released"]
    assert report.snapshot["impact"]["not_published"] == 0
    row = db.session.scalar(sa.select(ReportItem).where(ReportItem.report_id == report.id,
                                                        ReportItem.ref_id == green.id))
    assert row.release and row.source_visibility == "partners" and row.chosen_by_id == world["public_manager"].id
    events = db.session.scalars(sa.select(AuditEvent.summary).where(AuditEvent.entity_type == "report item")).all()
    assert any("released for publication from partners" in s for s in events)
    # a public KPI made private later drops out at the next refresh unless released
    perf_framework.set_kpi_public(social, False)
    db.session.flush()
    services.refresh_snapshot(report)
    codes = [k["code"] for g in report.snapshot["impact"]["groups"] for k in g["kpis"]]
    assert codes == ["EN1"]
    with pytest.raises(services.ReportError):
        services.set_items(report, world["public_officer"], "impact", {999999}, set())


def test_performance_and_payments_sections_filter(app, world, performance):
    report = _report(world, ["performance"])
    perf_data = report.snapshot["performance"]
    assert [k["code"] for k in perf_data["kpis"]] == ["AV1", "SO1"]  # public ones; HD2 and EN1 stay out
    assert [m["label"] for m in perf_data["months"]] == ["Sep 2026"]  # October is not reviewed
    defaults = [k.key for k in sections.available_sections() if k.default]
    assert "payments" not in defaults  # partners' money figures only when an official chooses them


def test_feedback_examples_respect_the_board(app, world):
    contract, officer = world.contract_a, world["public_officer"]
    from portal.feedback import board as fb

    on_board, _ = make_feedback(contract, text="Original text with my phone number 0123",
                                received_at=datetime(2026, 9, 10, 9, tzinfo=UTC), notify_staff=False)
    fb.moderate(on_board, officer, "The barrier at gate B was broken for a week.", "Repaired on 12 September.")
    hidden, _ = make_feedback(contract, received_at=datetime(2026, 9, 11, 9, tzinfo=UTC), notify_staff=False)
    fb.moderate(hidden, officer, "Rude remark about a named porter.")
    fb.hide(hidden, officer, "Names a member of staff.")
    private, _ = make_feedback(contract, received_at=datetime(2026, 9, 12, 9, tzinfo=UTC), notify_staff=False)
    fb.moderate(private, officer, "Parking charges are too high.")
    private.visibility = "partners"  # taken off the public record later
    sensitive, _ = make_feedback(contract, sensitive=True, received_at=datetime(2026, 9, 13, 9, tzinfo=UTC),
                                 notify_staff=False)
    sensitive.public_text = "Should never be published"
    plain, _ = make_feedback(contract, received_at=datetime(2026, 9, 14, 9, tzinfo=UTC), notify_staff=False)
    db.session.flush()

    report = _report(world, ["feedback"])
    assert report.snapshot["feedback"]["examples"] == []  # examples are chosen, never automatic
    candidates = {c["ref_id"]: c for c in services.item_candidates(report, "feedback")}
    assert set(candidates) == {on_board.id, hidden.id, private.id}  # never sensitive or unmoderated
    assert not candidates[on_board.id]["restricted"]
    assert candidates[hidden.id]["restricted"] and candidates[private.id]["restricted"]
    assert sensitive.id not in candidates and plain.id not in candidates

    services.set_items(report, officer, "feedback", {on_board.id, hidden.id, private.id}, set())
    examples = report.snapshot["feedback"]["examples"]
    assert [e["reference"] for e in examples] == [on_board.reference]
    assert examples[0]["text"] == "The barrier at gate B was broken for a week."
    assert "0123" not in str(report.snapshot)  # the original text is never used
    services.set_items(report, officer, "feedback", {on_board.id, private.id}, {private.id})
    examples = report.snapshot["feedback"]["examples"]
    assert [(e["reference"], e["released"]) for e in examples] == [(on_board.reference, False),
                                                                   (private.reference, True)]
    with pytest.raises(services.ReportError):
        services.set_items(report, officer, "feedback", {sensitive.id}, {sensitive.id})
    html = services.report_html(report)
    assert "Examples from the public board" in html and "Parking charges are too high." in html
    assert "Should never be published" not in html


def test_summary_narrative_and_methodology_carry_no_restricted_records(app, world, performance):
    report = _report(world, ["summary", "narrative", "methodology"])
    text = str(report.snapshot)
    assert "HD2" not in text and "EN1" not in text and "SO1" not in text
    assert set(report.snapshot["summary"]) >= {"title", "government", "operator", "public_summary"}


def test_correction_keeps_the_chosen_items(app, world, performance):
    report = _report(world, ["impact"])
    services.set_items(report, world["public_officer"], "impact", {performance["green"].id}, {performance["green"].id})
    report.impact_narrative = "Recycling rose to two thirds of waste."
    services.submit(report)
    services.approve(report, world["public_manager"])
    with app.test_request_context():
        services.publish(report, world["public_manager"])
    draft = services.correct(report, world["public_officer"])
    assert services.chosen_items(draft, "impact") == [{"kind": "kpi", "ref_id": performance["green"].id,
                                                       "release": True}]
