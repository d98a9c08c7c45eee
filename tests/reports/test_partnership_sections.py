"""The partnership half of the record in a report: disputes, the health check, the risk position
and contract changes, each chosen by the official and carrying aggregates only."""

from __future__ import annotations

from datetime import date

from portal.reports import sections, services

KEYS = ["disputes", "health", "risks", "changes"]


def test_the_sections_are_offered_off_by_default(app):
    offered = {k.key: k for k in sections.available_sections()}
    assert set(KEYS) <= set(offered) and not any(offered[key].default for key in KEYS)


def test_a_report_with_every_partnership_section_renders(app, world):
    report = services.create_report(world.contract_a, world["public_officer"], kind="year", start=date(2026, 1, 1),
                                    end=date(2026, 12, 31), sections=["summary", *KEYS], narrative="Text.")
    assert set(KEYS) <= set(report.snapshot)
    assert report.snapshot["risks"]["open"] == 0 and report.snapshot["disputes"]["open"] == 0
    with app.test_request_context():
        html = services.report_html(report)
    for title in ("Disputes", "Partnership health check", "Risk position", "Contract changes"):
        assert title in html
    assert "No health-check round of this period has been released" in html
