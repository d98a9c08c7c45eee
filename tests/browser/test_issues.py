"""Raise an issue, comment with htmx, mark it a service failure, escalate it to a dispute and move
the dispute one stage, in Chromium; and the comment form with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in

MANAGER = "fiona.gallagher@health.example.gov"


@pytest.fixture
def performance_areas(live_server):
    """The performance feature registers its "area" link kind and failure-event receiver itself."""
    return live_server


def _phone(page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name}: the page scrolls sideways on a phone ({width}px)"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_issue_to_dispute_journey(page, performance_areas):
    sign_in(page, MANAGER)
    page.goto("/contracts/NSH/issues")
    expect(page.get_by_role("heading", name="Issues on NSH")).to_be_visible()
    page.get_by_label("Status").select_option("open")  # htmx swaps the results
    expect(page.locator("#issue-results")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "issues-1-list-1280")
    _phone(page, "issues-1-list")

    page.get_by_role("link", name="Raise an issue").click()
    expect(page.get_by_role("heading", name="Raise an issue")).to_be_visible()
    page.get_by_label("Title").fill("Corridor lights out outside theatre recovery")
    page.get_by_label("Description").fill("Four ceiling lights are dark **since 06:00**; porters are using torches.")
    page.get_by_label("Category").select_option("Lighting")
    page.get_by_label("Priority").select_option("urgent")
    assert_accessible(page)
    page.get_by_role("button", name="Raise the issue").click()
    heading = page.get_by_role("heading", name=re.compile(r"NSH-ISS-\d{4}: Corridor lights out"))
    expect(heading).to_be_visible()
    reference = re.search(r"NSH-ISS-\d{4}", heading.inner_text()).group(0)
    assert_accessible(page)
    screenshot(page, "issues-2-detail-1280")

    # A comment with htmx: the timeline changes in place, the page is not reloaded.
    page.evaluate("window.__stayed = true")
    page.get_by_role("textbox", name="Comment").fill("Electrician on the way; @Rachel Whitmore please confirm the spare tubes.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#issue-timeline")).to_contain_text("Electrician on the way")
    expect(page.locator("#flash-region")).to_contain_text("Comment added.")
    assert page.evaluate("window.__stayed === true"), "the comment reloaded the page"
    expect(page.get_by_role("textbox", name="Comment")).to_have_value("")  # a fresh form for the next one

    page.get_by_label("Functional area").select_option(label="Operating theatres")
    page.get_by_label("Failed criterion").fill("Lighting failure")
    page.get_by_label("Reported (contract's local time)").fill("2026-11-17T06:00")
    page.get_by_role("button", name="Mark as a service failure").click()
    expect(page.get_by_text("Marked as a service failure.")).to_be_visible()
    expect(page.locator("#issue-timeline")).to_contain_text("Lighting failure in Operating theatres")
    assert_accessible(page)
    _phone(page, "issues-3-detail")

    page.get_by_role("link", name="Escalate to a dispute").click()
    expect(page.get_by_role("heading", name="Raise a dispute")).to_be_visible()
    page.get_by_label("Clause of the contract").fill("Schedule 18, paragraph 6.3")
    page.get_by_label("Subject").fill("Repeated lighting failures outside theatre recovery")
    page.get_by_label("Amount in dispute (optional)").fill("4800.00")
    assert_accessible(page)
    page.get_by_role("button", name="Raise the dispute").click()
    dispute = page.get_by_role("heading", name=re.compile(r"NSH-DSP-\d{3}: Repeated lighting failures"))
    expect(dispute).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(reference))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "disputes-1-detail-1280")

    page.get_by_label("Move to stage").select_option(label="Mediation")  # a skip is refused with the reason
    page.get_by_role("button", name="Move to the stage").click()
    expect(page.get_by_text("Stages cannot be skipped: after Notice of dispute comes Negotiation")).to_be_visible()
    page.console_errors.clear()
    page.get_by_label("Move to stage").select_option(label="Negotiation")
    page.get_by_label("Why (for the record)").fill("No agreement at the site meeting.")
    page.get_by_role("button", name="Move to the stage").click()
    expect(page.get_by_text(re.compile(r"moved to Negotiation, due"))).to_be_visible()
    assert_accessible(page)
    _phone(page, "disputes-1-detail")

    page.goto(f"/contracts/NSH/issues/{reference}")
    expect(page.locator("#issue-timeline")).to_contain_text("Escalated into a formal dispute")
    page.goto("/contracts/NSH/disputes")
    assert_accessible(page)
    screenshot(page, "disputes-2-list-1280")
    _phone(page, "disputes-2-list")
    assert not page.console_errors, page.console_errors


def test_comment_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server["url"], java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, "margaret.oneill@patientsvoice.example.org")
        page.goto("/contracts/NSH/issues?status=open")
        page.locator("#issue-results a[href*='/issues/NSH-ISS-']").first.click()
        page.get_by_role("textbox", name="Comment").fill("Seen again this evening on my way out, no JavaScript here.")
        page.get_by_role("button", name="Add comment").click()
        page.wait_for_load_state()
        expect(page.get_by_text("Comment added.")).to_be_visible()
        expect(page.locator("#issue-timeline")).to_contain_text("no JavaScript here")
        screenshot(page, "issues-4-no-javascript-1280")
    finally:
        context.close()
