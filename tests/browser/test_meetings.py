"""Schedule a meeting with an agenda, record a decision, an information note and an action, approve
the minutes, and find the action in the owner's "My actions"; in Chromium with htmx on, axe-core
on every page, screenshots at 1280 and 390 px."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from portal import clock
from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out

PAGES = [
    ("meetings", "/contracts/NSH/meetings"),
    ("decisions", "/contracts/NSH/decisions"),
    ("actions", "/contracts/NSH/actions"),
    ("stakeholders", "/contracts/NSH/stakeholders"),
    ("health", "/contracts/NSH/health"),
    ("overview", "/contracts/NSH"),
]


def _check(page, name: str) -> None:
    assert_accessible(page)
    screenshot(page, f"meetings-{name}-1280")


def test_meeting_journey(page):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "fiona.gallagher@health.example.gov")
    page.goto("/contracts/NSH/meetings")
    _check(page, "1-list")
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_role("heading", name="Schedule a meeting")).to_be_visible()
    day = (clock.now() + timedelta(days=3)).date()
    page.get_by_label("Title").fill("Lift outage review")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Place").fill("Board room, Northshore General Hospital")
    page.get_by_label("Invite members").select_option(label="Rachel Whitmore")
    _check(page, "2-schedule")
    page.get_by_role("button", name="Schedule meeting").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text(re.compile(r"NSH-MTG-\d{4} scheduled; invitations sent"))).to_be_visible()
    detail_url = page.url

    page.get_by_text("Add an agenda item").click()
    page.get_by_label("Item", exact=True).fill("Lift 4 and 5 outages")
    page.get_by_label("Presenter (optional)").fill("Rachel Whitmore")
    page.get_by_role("button", name="Add item").click()  # htmx swaps the agenda
    expect(page.locator("#agenda strong", has_text="Lift 4 and 5 outages")).to_be_visible()
    _check(page, "3-agenda")

    clock.travel_to(clock.now() + timedelta(days=4))  # the meeting day has come and gone
    try:
        sign_in(page, "fiona.gallagher@health.example.gov")  # four days on, the session has ended
        page.goto(detail_url)
        page.get_by_role("button", name="Mark as held").click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Marked as held")).to_be_visible()
        for kind, text in (("Decision", "Lifts 4 and 5 are replaced one at a time from June."),
                           ("Information", "The controllers have a 14-week lead time."),
                           ("Action", "Publish the lift outage plan to the ward managers")):
            if not page.get_by_label("Text", exact=True).is_visible():
                page.get_by_text("Record an outcome").click()
            page.locator("label", has_text=re.compile(f"^{kind}$")).click()
            page.get_by_label("Agenda item").select_option(label="1. Lift 4 and 5 outages")
            page.get_by_label("Text", exact=True).fill(text)
            if kind == "Action":
                page.get_by_label("Action owner (for an action)").select_option(label="Rachel Whitmore")
                page.get_by_label("Action due date (for an action)").fill((day + timedelta(days=14)).isoformat())
            page.get_by_role("button", name="Record outcome").click()
            page.wait_for_load_state("networkidle")
            expect(page.get_by_text(text)).to_be_visible()
        expect(page.get_by_text(re.compile(r"NSH-DEC-\d{4}"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"NSH-ACT-\d{4} · Open · Rachel Whitmore"))).to_be_visible()

        editor = page.get_by_label("Minutes (Markdown)")
        editor.fill("# Lift outage review\n\n## 1. Lift 4 and 5 outages\n\nThe operator presented the plan.")
        expect(page.get_by_text(re.compile(r"Draft saved \d\d:\d\d:\d\d"))).to_be_visible()  # htmx autosave
        page.get_by_role("button", name="Save minutes").click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Minutes saved as revision 1.")).to_be_visible()
        _check(page, "4-record")
        page.get_by_role("button", name="Approve minutes").click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Minutes approved and locked.")).to_be_visible()
        expect(page.locator(".portal-minutes", has_text="The operator presented the plan.")).to_be_visible()
        _check(page, "5-approved")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "meetings-5-approved-390")
        page.set_viewport_size({"width": 1280, "height": 900})
    finally:
        clock.travel_to(clock.now() - timedelta(days=4))
    sign_out(page)

    sign_in(page, "rachel.whitmore@meridianhealth.example.com")
    page.goto("/my/actions")
    expect(page.get_by_role("cell", name="Publish the lift outage plan to the ward managers")).to_be_visible()
    _check(page, "6-my-actions")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "meetings-6-my-actions-390")
    assert not page.console_errors, page.console_errors


def test_partnership_pages(page):
    sign_in(page, "fiona.gallagher@health.example.gov")
    for name, path in PAGES:
        for label, width in (("1280", 1280), ("390", 390)):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response.status == 200, path
            assert_accessible(page)
            overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            assert not overflow, f"{path} scrolls sideways at {width}px"
            screenshot(page, f"meetings-page-{name}-{label}")
    assert not page.console_errors, page.console_errors
