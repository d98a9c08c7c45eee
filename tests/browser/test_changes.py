"""Change and obligations in Chromium: the WTP manager proposes a variation, the operator prices
it, the manager approves it from October 2026 and approves October's statement, which charges the
new monthly figure and names the variation. Then the pages of changes, contingency events and
obligations at desktop and phone widths, with axe-core and screenshots."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_performance import sign_in, sign_out

MANAGER, OPERATOR = "brendan.kelly@riverbendwater.example.gov", "lars.eriksen@aquanova.example.com"


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_variation_is_proposed_priced_approved_and_charged(page):
    sign_in(page, MANAGER)
    page.goto("/contracts/WTP/changes/variations/new")
    page.get_by_label("Title").fill("Second UV reactor on the treated water main")
    page.get_by_label("What changes").fill("Install a duty/standby UV reactor so disinfection never stops "
                                           "during lamp changes.")
    page.get_by_label("Estimated change to the monthly unitary charge (optional)").fill("2000")
    page.get_by_role("button", name="Propose the variation").click()
    expect(page.get_by_role("heading", name="WTP-VAR-003: Second UV reactor on the treated water main")).to_be_visible()
    page.get_by_role("button", name="Request the estimate").click()
    expect(page.get_by_text("Estimate requested").first).to_be_visible()
    sign_out(page)

    sign_in(page, OPERATOR)
    page.goto("/contracts/WTP/changes/variations/WTP-VAR-003")
    page.get_by_label("One-off cost").fill("0")
    page.get_by_label("Change to the monthly unitary charge (negative for a saving)").fill("2,500.00")
    page.get_by_label("Basis of the estimate").fill("Reactor, controls and lamp replacements, financed by AquaNova.")
    page.get_by_role("button", name="Send the estimate").click()
    expect(page.get_by_text("Priced estimate sent.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, MANAGER)
    page.goto("/contracts/WTP/changes/variations/WTP-VAR-003")
    page.get_by_label("Takes effect from (month, YYYY-MM)").fill("2026-09")  # settled: refused
    page.get_by_role("button", name="Approve the variation").click()
    expect(page.get_by_text("September 2026 is already settled").first).to_be_visible()
    page.get_by_label("Takes effect from (month, YYYY-MM)").fill("2026-10")
    page.get_by_role("button", name="Approve the variation").click()
    expect(page.get_by_text("EUR 385,000.00 → EUR 387,500.00").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "changes-variation-approved-1280")

    page.goto("/contracts/WTP/performance/2026-10")
    page.get_by_role("button", name="Approve October 2026").click()
    expect(page.get_by_role("heading", name="Payment statement, October 2026")).to_be_visible()
    expect(page.get_by_text("€387,500.00").first).to_be_visible()
    expect(page.get_by_role("link", name="WTP-VAR-003")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "changes-statement-new-charge-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    screenshot(page, "changes-statement-new-charge-390")
    # The refused approval (a settled month) answered 422 on purpose; nothing else may fail.
    assert all("422" in error for error in page.console_errors), page.console_errors


PAGES = [
    ("register", "/contracts/M7/changes"),
    ("variation", "/contracts/M7/changes/variations/M7-VAR-004"),
    ("events", "/contracts/M7/changes/events"),
    ("storm", "/contracts/M7/changes/events/M7-REL-001"),
    ("new-variation", "/contracts/M7/changes/variations/new"),
    ("calendar", "/contracts/M7/obligations"),
    ("obligation", "/contracts/M7/obligations/10"),
    ("handback", "/contracts/M7/obligations/handback"),
    ("due", "/obligations/due"),
    ("overview", "/contracts/M7"),
    ("review", "/contracts/M7/performance/2026-10"),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_change_and_obligation_pages(page, width):
    sign_in(page, "conor.byrne@roads.example.gov")
    page.set_viewport_size({"width": width, "height": 900})
    for name, url in PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
        _no_sideways_scroll(page)
        screenshot(page, f"changes-{name}-{width}")
    page.goto("/contracts/M7/performance/2026-10")
    expect(page.get_by_role("link", name="Relief event M7-REL-001 agreed").first).to_be_visible()
    assert not page.console_errors, page.console_errors
