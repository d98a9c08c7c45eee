"""Anonymous submission -> staff response -> the submitter rates it, in Chromium with htmx on."""

import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from portal import clock
from portal.contracts.services import get_contract
from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _reference_pattern(live_server) -> str:
    """NSH's feedback references this year: the year of the pinned clock, in the contract's zone."""
    with live_server["app"].app_context():
        zone = ZoneInfo(get_contract("NSH").time_zone)
    return rf"NSH-FB-{clock.now().astimezone(zone).year}-\d{{5}}"


def test_feedback_journey(page, live_server):
    pattern = _reference_pattern(live_server)
    page.goto("/feedback/new?contract=NSH")
    expect(page.get_by_role("heading", name="Give feedback on Northshore General Hospital")).to_be_visible()
    assert_accessible(page)
    page.locator("label[for=kind-0]").click()
    page.get_by_label("Category").select_option(label="Car parking")
    page.get_by_label("Your feedback").fill("The pay machine on level 2 swallowed my card and the help button does nothing.")
    page.get_by_label("Where (optional)").fill("Car park level 2")
    page.get_by_label("Your e-mail address (optional)").fill("visitor@example.net")
    page.locator("input[type=file][name=attachments]").set_input_files(
        files=[{"name": "pay-machine.png", "mimeType": "image/png", "buffer": PNG}])
    screenshot(page, "feedback-1-form")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state("networkidle")
    heading = page.get_by_role("heading", name=re.compile(rf"Your feedback {pattern}"))
    expect(heading).to_be_visible()
    expect(page.get_by_text("Keep your reference and this private link")).to_be_visible()
    reference = re.search(pattern, heading.inner_text()).group(0)
    tracking_url = page.url.split("?")[0]
    expect(page.get_by_role("link", name="pay-machine.png")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="pay-machine.png").click()
    assert download.value.suggested_filename == "pay-machine.png"
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
    expect(page.get_by_role("link", name="pay-machine.png")).to_be_visible()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text(f"{reference} acknowledged.")).to_be_visible()
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    page.get_by_label("Response", exact=True).fill(
        "Sorry about this. The card reader was replaced this morning and your card is at the car park office.")
    page.get_by_role("button", name="Publish response").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Response published to the submitter.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "feedback-4-staff-record")

    sign_out(page)

    # The public contract manager keeps the categories and the response templates.
    sign_in(page, "fiona.gallagher@health.example.gov")
    page.goto("/contracts/NSH/feedback")
    page.get_by_role("link", name="Categories and templates").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Feedback settings for NSH")).to_be_visible()
    page.get_by_role("button", name="Add template").click()  # empty: 422, errors shown
    expect(page.get_by_text("Give the template a title.")).to_be_visible()
    page.console_errors.clear()  # the browser logs the intended 422; nothing else may fail
    page.get_by_label("Title").fill("Card machine fault")
    page.get_by_label("Text").fill("Sorry about this. The card machine was faulty and has been replaced; "
                                   "your card is at the car park office.")
    page.get_by_role("button", name="Add template").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Template “Card machine fault” added.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "feedback-6-settings")
    page.get_by_role("link", name="Edit Car parking").click()
    expect(page.get_by_role("heading", name="Category: Car parking")).to_be_visible()
    page.get_by_label("Name").fill("Car parking and pay machines")
    page.get_by_role("button", name="Save category").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Category “Car parking and pay machines” saved.")).to_be_visible()
    page.get_by_role("link", name="Edit Car parking and pay machines").click()
    expect(page.get_by_role("heading", name="Category: Car parking and pay machines")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "feedback-7-category")
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
