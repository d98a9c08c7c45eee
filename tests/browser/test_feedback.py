"""Anonymous submission -> staff response -> the submitter rates it, in Chromium with htmx on."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out


def test_feedback_journey(page):
    page.goto("/feedback/new?contract=NSH")
    expect(page.get_by_role("heading", name="Give feedback on Northshore General Hospital")).to_be_visible()
    assert_accessible(page)
    page.locator("label[for=kind-0]").click()
    page.get_by_label("Category").select_option(label="Car parking")
    page.get_by_label("Your feedback").fill("The pay machine on level 2 swallowed my card and the help button does nothing.")
    page.get_by_label("Where (optional)").fill("Car park level 2")
    page.get_by_label("Your e-mail address (optional)").fill("visitor@example.net")
    screenshot(page, "feedback-1-form")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state("networkidle")
    heading = page.get_by_role("heading", name=re.compile(r"Your feedback NSH-FB-2026-\d{5}"))
    expect(heading).to_be_visible()
    expect(page.get_by_text("Keep your reference and this private link")).to_be_visible()
    reference = re.search(r"NSH-FB-2026-\d{5}", heading.inner_text()).group(0)
    tracking_url = page.url.split("?")[0]
    assert_accessible(page)
    screenshot(page, "feedback-2-tracking")

    sign_in(page, "rachel.whitmore@meridianhealth.example.com")
    page.goto("/contracts/NSH/feedback")
    page.get_by_label("Status").select_option("received")  # htmx swaps the results
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "feedback-3-queue")
    page.get_by_role("link", name=reference).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text(f"{reference} acknowledged.")).to_be_visible()
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    page.get_by_label("Text").first.fill(
        "Sorry about this. The card reader was replaced this morning and your card is at the car park office.")
    page.get_by_role("button", name="Publish response").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Response published to the submitter.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "feedback-4-staff-record")
    sign_out(page)

    page.goto(tracking_url)
    expect(page.get_by_text("The card reader was replaced this morning").first).to_be_visible()
    page.locator("label[for=satisfied-0]").click()
    page.get_by_label("Comment (optional)").fill("Quick and helpful, thank you.")
    page.get_by_role("button", name="Send your rating").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Thank you for rating our response.")).to_be_visible()
    expect(page.get_by_text("Closed").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "feedback-5-rated")
    assert not page.console_errors, page.console_errors
