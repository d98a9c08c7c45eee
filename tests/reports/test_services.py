"""Report rules: periods, frozen snapshots, the workflow, corrections and withdrawal."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from portal import access
from portal.extensions import db
from portal.reports import sections, services
from portal.reports.models import Report
from portal.richtext import markdown_html


def _draft(world, **values):
    options = dict(kind="quarter", start=date(2026, 7, 1), end=date(2026, 9, 30),
                   sections=["summary", "narrative", "methodology"], narrative="All good.")
    options.update(values)
    return services.create_report(world.contract_a, world["public_officer"], **options)


def _published(app, world, **values):
    report = _draft(world, **values)
    services.submit(report)
    services.approve(report, world["public_manager"])
    with app.test_request_context():
        services.publish(report, world["public_manager"])
    return report


def test_periods():
    assert services.quarter_period(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert services.quarter_period(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert services.year_period(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(services.ReportError):
        services.quarter_period(2026, 5)


def test_snapshot_is_frozen_until_refresh(app, world):
    report = _draft(world)
    assert report.snapshot["summary"]["title"] == "Alpha Hospital"
    world.contract_a.title = "Renamed Hospital"
    db.session.flush()
    db.session.expire(report)
    assert report.snapshot["summary"]["title"] == "Alpha Hospital"
    services.refresh_snapshot(report)
    assert report.snapshot["summary"]["title"] == "Renamed Hospital"


def test_sections_of_absent_features_are_absent(app, world, monkeypatch):
    monkeypatch.setitem(sections._REGISTRY, "imaginary", sections.SectionKind(
        "imaginary", "Imaginary", "x.html", lambda *a: {"x": 1}, available=lambda: False))
    assert "imaginary" not in [k.key for k in sections.available_sections()]
    report = _draft(world, sections=["summary", "imaginary"])
    assert report.sections == ["summary"]
    assert "imaginary" not in report.snapshot


def test_create_rejects_bad_periods_and_empty_sections(app, world):
    with pytest.raises(services.ReportError):
        _draft(world, start=date(2026, 9, 30), end=date(2026, 7, 1))
    with pytest.raises(services.ReportError):
        _draft(world, sections=[])


def test_workflow_and_publication(app, world):
    report = _draft(world)
    assert report.visibility == "government"
    with pytest.raises(services.ReportError):
        services.approve(report, world["public_manager"])  # not submitted
    services.submit(report)
    with pytest.raises(services.ReportError):
        services.update_draft(report, title="x", sections=["summary"], narrative="", methodology="")
    services.approve(report, world["public_manager"])
    with app.test_request_context():
        services.publish(report, world["public_manager"])
    assert report.status == "published" and report.visibility == "public"
    assert len(report.pdf_sha256) == 64 and report.pdf_pages >= 3
    from portal.storage import read_bytes

    assert services.sha256_of(read_bytes(report.pdf_key)) == report.pdf_sha256


def test_failed_render_keeps_the_report_and_records_the_error(app, world, monkeypatch):
    report = _draft(world)
    services.submit(report)
    services.approve(report, world["public_manager"])

    def broken(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(services, "render_pdf_pages", broken)
    with app.test_request_context(), pytest.raises(services.ReportError):
        services.publish(report, world["public_manager"])
    assert report.status == "approved"
    assert report.render_state == "failed" and "layout exploded" in report.render_error
    assert report.pdf_key is None


def test_correction_supersedes_and_both_stay_listed(app, world):
    first = _published(app, world)
    draft = services.correct(first, world["public_officer"])
    assert draft.edition == 2 and draft.status == "draft" and draft.snapshot == first.snapshot
    with pytest.raises(services.ReportError):
        services.correct(first, world["public_officer"])  # one correction at a time
    services.submit(draft)
    services.approve(draft, world["public_manager"])
    with app.test_request_context():
        services.publish(draft, world["public_manager"])
    assert first.superseded_at is not None and first.status == "published"
    assert first.pdf_sha256 != draft.pdf_sha256 or first.pdf_key != draft.pdf_key
    listed = services.public_reports(world.contract_a)
    assert {first.id, draft.id} <= {r.id for r in listed}
    with pytest.raises(services.ReportError):
        services.correct(first, world["public_officer"])  # superseded


def test_withdrawal_keeps_a_notice(app, world):
    report = _published(app, world)
    with pytest.raises(services.ReportError):
        services.withdraw(report, "short")
    with app.test_request_context():
        services.withdraw(report, "The availability figures for August were misstated.")
    assert report.status == "withdrawn" and report.withdrawn_at is not None
    assert report in services.public_reports(world.contract_a)


def test_visibility_of_lists(app, world):
    from portal import access

    draft = _draft(world)
    published = _published(app, world)
    for kind, expected in [("public_officer", {draft.id, published.id}), ("reviewer", {draft.id, published.id}),
                           ("operator_manager", {published.id}), ("community_rep", {published.id})]:
        access.forget_memberships(world[kind])
        seen = {r.id for r in services.reports_of(world.contract_a, world[kind])}
        assert seen == expected, kind
    public = db.session.scalars(sa.select(Report.id).where(access.visible_clause(None, Report))).all()
    assert set(public) == {published.id}


def test_markdown_is_sanitised():
    html = str(markdown_html('<img src="file:///etc/passwd"><script>x</script>**b** [l](javascript:x)'
                                      ' <a href="https://e.org" style="color:red">e</a>'))
    assert "<img" not in html and "<script" not in html and "javascript:" not in html and "style=" not in html
    assert "<strong>b</strong>" in html


def test_four_eyes_the_person_who_prepared_a_report_does_not_approve_it(app, world):
    manager = world["public_manager"]
    report = services.create_report(world.contract_a, manager, kind="quarter", start=date(2026, 7, 1),
                                    end=date(2026, 9, 30), sections=["summary", "narrative"], narrative="Text.")
    services.submit(report, manager)
    assert not access.can(manager, "report.approve", report)
    assert "another person must approve it" in access.why_not(manager, "report.approve", report)
    with pytest.raises(services.ReportError, match="four-eyes"):
        services.approve(report, manager)
    world.contract_a.four_eyes = False  # a contract may say otherwise
    assert access.can(manager, "report.approve", report)
    assert services.approve(report, manager).status == "approved"


def test_four_eyes_covers_the_submitter_too(app, world):
    report = _draft(world)  # drafted by the officer
    services.submit(report, world["public_manager"])
    assert "four-eyes" in access.why_not(world["public_manager"], "report.approve", report)


def test_a_report_with_an_empty_written_section_is_neither_submitted_nor_published(app, world):
    report = _draft(world, sections=["summary", "narrative", "impact", "methodology"], narrative="  ")
    with pytest.raises(services.ReportError, match="“Social impact .*”, “Commentary”"):
        services.submit(report, world["public_officer"])
    report.narrative, report.impact_narrative = "Cleaning audits improved.", "Forty local apprentices."
    services.submit(report, world["public_officer"])
    services.approve(report, world["public_manager"])
    report.impact_narrative = ""  # emptied behind the workflow's back: publishing still refuses
    with pytest.raises(services.ReportError, match="Social impact"):
        services.publish(report, world["public_manager"])
    assert report.status == "approved" and report.pdf_key is None
