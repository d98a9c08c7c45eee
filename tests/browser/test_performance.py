"""The operator manager submits November with an evidence file; the official reviews and approves.
The public manager manages the framework and records a correction of a settled month."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot


def sign_in(page, email: str) -> None:
    """Sign in and wait until the portal shows the signed-in header.

    The body has hx-boost, so the sign-in form is posted by htmx (an XHR), not by a navigation:
    `wait_for_load_state("networkidle")` right after the click returns at once (the document was
    already idle), and a `page.goto` straight after it can abort the XHR before its response (with
    the session cookie) arrives. Waiting for the "Sign out" button waits for that response."""
    from portal.demo import DEMO_PASSWORD

    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


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


def test_manager_edits_the_framework_and_corrects_a_settled_month(page):
    sign_in(page, "fiona.gallagher@health.example.gov")
    page.goto("/contracts/NSH/performance")
    page.get_by_role("link", name="Manage the framework").click()
    expect(page.get_by_role("heading", name="Performance framework of NSH")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "performance-framework")

    # terms used for settled months are shown, not edited; a new version starts from them
    page.locator("#terms-heading").locator("..").get_by_role("link", name="Add a new terms version").click()
    expect(page.get_by_role("heading", name="New payment terms version")).to_be_visible()
    page.get_by_label("Annual unitary charge").fill("5150000.0")
    page.get_by_label("Point value").fill("3.005")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Use at most 2 decimal places.")).to_be_visible()
    expect(page.get_by_label("Annual unitary charge")).to_have_value("5150000.0")
    assert_accessible(page)
    screenshot(page, "performance-terms-errors")
    page.get_by_label("Point value").fill("3.10")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("saved.").first).to_be_visible()
    expect(page.get_by_text("Future").first).to_be_visible()

    # a new KPI, published by the official
    page.get_by_role("link", name="Add a KPI").click()
    page.get_by_label("Code").fill("PS1")
    page.get_by_label("Name", exact=True).fill("Patient meals served at the right temperature")
    page.get_by_label("Target").fill("ninety-five")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("is not a number")).to_be_visible()
    screenshot(page, "performance-kpi-errors")
    page.get_by_label("Target").fill("95")
    page.get_by_label("Category").select_option("service_quality")
    page.get_by_label("Linked objective").fill("Patients eat well during their stay")
    page.get_by_text("Publish this KPI's results to the public").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("KPI PS1 saved and published.")).to_be_visible()
    expect(page.get_by_role("link", name="PS1 Patient meals served at the right temperature")).to_be_visible()

    # September is countersigned: corrected through a recorded correction only
    page.goto("/contracts/NSH/performance/2026-09")
    page.get_by_role("link", name="record a correction").click()
    expect(page.get_by_role("heading", name="Record a correction, September 2026")).to_be_visible()
    page.get_by_label("Reason for the correction").fill(
        "The CL1 audit was re-scored by the infection control team on 14 October: 98.4%, not the figure reported.")
    page.get_by_label("CL1 value (%)").fill("98.4")
    assert_accessible(page)
    screenshot(page, "performance-correction")
    page.get_by_role("button", name="Record the correction").click()
    expect(page.get_by_role("heading", name="Correction recorded by Fiona Gallagher")).to_be_visible()
    expect(page.get_by_role("heading", name="Revisions")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "performance-corrected-statement")
    page.get_by_role("link", name="Revision 1").click()
    expect(page.get_by_text("This revision was superseded").first).to_be_visible()
    screenshot(page, "performance-superseded-statement")
    # the two forms sent with mistakes on purpose answer 422; Chromium logs those, nothing else is allowed
    unexpected = [e for e in page.console_errors if "status of 422" not in e]
    assert not unexpected, unexpected
    assert len(page.console_errors) - len(unexpected) == 2
