"""The operator manager submits November with an evidence file; the official reviews and approves."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out


def test_operator_submits_and_official_approves(page, tmp_path):
    sign_in(page, "rachel.whitmore@meridianhealth.example.com")
    screenshot(page, "performance-signed-in")
    page.goto("/contracts/NSH/performance")
    expect(page.get_by_role("heading", name="Performance of NSH")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "performance-index")
    page.get_by_role("link", name="Nov 2026", exact=True).click()
    page.wait_for_load_state("networkidle")
    report = Path(tmp_path) / "nsh-service-report-november.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Evidence file", exact=True).set_input_files(str(report))
    page.get_by_label("What the file shows").fill("Monthly service report")
    page.get_by_role("button", name="Upload evidence").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("nsh-service-report-november.pdf").first).to_be_visible()
    expect(page.get_by_text("SHA-256").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "performance-draft")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Submitted for review").first).to_be_visible()
    sign_out(page)

    sign_in(page, "fiona.gallagher@health.example.gov")
    page.goto("/contracts/NSH/performance/2026-11")
    forms = page.locator("details.portal-review")
    for _ in range(forms.count()):
        page.goto("/contracts/NSH/performance/2026-11")
        details = page.locator("details.portal-review").nth(0)
        if details.count() == 0:
            break
        details.locator("summary").click()
        details.get_by_role("button", name="Record decision").click()
        page.wait_for_load_state("networkidle")
        if page.get_by_role("button", name="Approve November 2026").count():
            break
    screenshot(page, "performance-reviewed")
    page.get_by_role("button", name="Approve November 2026").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Payment statement, November 2026")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "performance-statement")
    assert not page.console_errors, page.console_errors
