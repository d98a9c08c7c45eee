"""An official drafts a report with a live preview; the manager approves and publishes it; a
member of the public downloads the PDF from the contract's public page and checks its SHA-256."""

import hashlib
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out


def test_draft_preview_approve_publish_download(page):
    sign_in(page, "samuel.adeyemi@health.example.gov")
    page.goto("/contracts/NSH/reports")
    expect(page.get_by_role("heading", name="Accountability reports")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-list")
    page.get_by_role("link", name="New report").click()
    page.get_by_label("Quarter").select_option("1")
    page.get_by_label("Title (optional)").fill("Northshore General Hospital: accountability report, Q1 2026 (browser)")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Draft created")).to_be_visible()
    page.get_by_label("Commentary (Markdown)").fill("The wards stayed open. **Catering** needs work.")
    preview = page.locator("#report-preview")
    expect(preview.locator("strong", has_text="Catering")).to_be_visible()  # the live preview, via htmx
    assert_accessible(page)
    screenshot(page, "reports-draft-preview")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for approval").click()  # the social impact text is missing
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("cannot be submitted with empty sections")).to_be_visible()
    page.get_by_label("Social impact narrative (Markdown)").fill("Twelve apprentices from Port Marren joined the estates team.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Submitted for approval: a public contract manager")).to_be_visible()
    url = page.url
    sign_out(page)

    sign_in(page, "fiona.gallagher@health.example.gov")
    page.goto(url)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Approved. It can now be published.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Published. SHA-256")).to_be_visible(timeout=30_000)
    assert_accessible(page)
    screenshot(page, "reports-published")
    sign_out(page)

    page.goto("/contracts/NSH")
    panel = page.locator(".report-public-panel")
    link = panel.get_by_role("link", name="Northshore General Hospital: accountability report, Q1 2026 (browser)")
    expect(link).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-public-panel")
    item = panel.locator("li").filter(has_text="Q1 2026 (browser)")
    sha = item.locator(".portal-hash").inner_text().strip()
    with page.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == sha
    page.goto("/reports")
    expect(page.get_by_text("Withdrawn").first).to_be_visible()
    screenshot(page, "reports-public-list")
    assert not page.console_errors, "\n".join(page.console_errors)
