"""What people meet in their first hour (issue 14): files download instead of replacing the page,
a confirmation is asked once, refusals show their message in place, and the phone menu works
without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS, assert_accessible, screenshot, sign_in

OPEN_DATA_LINKS = [("/reports", "CSV", ".csv"), ("/reports", "JSON", ".json"), ("/reports", "Atom feed", ".atom"),
                   ("/search", "contracts (CSV)", ".csv"), ("/search", "contracts (JSON)", ".json")]


@pytest.mark.parametrize(("path", "name", "suffix"), OPEN_DATA_LINKS)
def test_open_data_links_download_with_javascript(page, path, name, suffix):
    page.goto(path)
    heading = page.locator("h1").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name=name, exact=True).first.click()
    assert download.value.suggested_filename.endswith(suffix)
    expect(page.locator("h1")).to_have_text(heading)  # the page is still there, not raw bytes
    assert "<" not in page.locator("body").inner_text()[:1]


@pytest.mark.parametrize(("path", "name", "suffix"), OPEN_DATA_LINKS[:2])
def test_open_data_links_download_without_javascript(browser, live_server, path, name, suffix):
    context = browser.new_context(base_url=live_server["url"], java_script_enabled=False)
    page = context.new_page()
    page.goto(path)
    with page.expect_download() as download:
        page.get_by_role("link", name=name, exact=True).first.click()
    assert download.value.suggested_filename.endswith(suffix)
    context.close()


def test_a_confirmation_is_asked_once(page):
    sign_in(page, "admin@portal.example.gov")
    page.goto("/admin/contracts/NSH/members")
    questions: list[str] = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("button", name="Remove").first.click()
    page.wait_for_timeout(300)
    assert len(questions) == 1 and questions[0].startswith("Remove ")


def test_sign_in_refused_by_the_rate_limit_says_so(page, live_server, monkeypatch):
    monkeypatch.setitem(live_server["app"].config, "LOGIN_RATE_LIMIT", "2 per minute")
    from portal.extensions import limiter

    limiter.reset()
    try:
        for _ in range(2):
            sign_in(page, "nobody@example.net", "wrong wrong wrong")
        page.get_by_role("button", name="Sign in").click()  # the third attempt in a minute
        expect(page.locator("#flash-region")).to_contain_text("Too many")
        expect(page.get_by_label("E-mail address")).to_have_value("nobody@example.net")  # nothing typed is lost
        screenshot(page, "first-hour-rate-limited")
    finally:
        limiter.reset()


def test_phone_menu_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server["url"], java_script_enabled=False,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/")
    for name in ("Reports", "Search", "Sign in"):
        expect(page.get_by_role("link", name=name, exact=True).first).to_be_visible()
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "first-hour-phone-no-js", full_page=False)
    context.close()


def test_phone_menu_opens_with_javascript(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()


assert CHROMIUM_ARGS  # the shared launch flags (imported for readers of this module)
