"""An official and a community member sign in; every page they visit passes axe-core."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out


def test_public_home_and_contract_page(page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Public-private partnership contracts, in the open")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "foundation-home")
    page.get_by_role("link", name="Northshore General Hospital").first.click()
    expect(page.get_by_text("Meridian Health Partners Ltd").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "foundation-public-contract")


def test_official_signs_in_and_sees_the_contract(page):
    sign_in(page, "fiona.gallagher@health.example.gov")
    expect(page.get_by_role("heading", name="My contracts")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "foundation-official-my-contracts")
    page.get_by_role("link", name="NSH Northshore General Hospital").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("You are: Public contract manager")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "foundation-official-overview")
    page.get_by_role("link", name="Activity", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Activity on NSH")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert not page.console_errors, page.console_errors


def test_community_member_signs_in(page):
    sign_in(page, "aoife.brennan@example.net")
    expect(page.get_by_role("heading", name="Welcome, Aoife Brennan")).to_be_visible()
    expect(page.get_by_role("heading", name="Contracts you follow")).to_be_visible()
    expect(page.get_by_role("link", name="NSH Northshore General Hospital")).to_be_visible()
    expect(page.get_by_role("heading", name="Latest published reports")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "foundation-community-home")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    screenshot(page, "foundation-home-phone")
    assert_accessible(page)


def test_the_portal_works_without_javascript(browser, live_server):
    """Every form posts and redirects: htmx makes things faster, never possible."""
    context = browser.new_context(base_url=live_server["url"], java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "conor.byrne@roads.example.gov")
        expect(page.get_by_role("heading", name="My contracts")).to_be_visible()
        page.get_by_role("link", name="M7 M7 Midlands Toll Motorway").click()
        expect(page.get_by_text("You are: Public contract manager")).to_be_visible()
        page.get_by_role("link", name="Members", exact=True).click()
        expect(page.get_by_role("heading", name="People on M7")).to_be_visible()
        page.get_by_label("E-mail address of the person").fill("nobody-here@example.org")
        page.get_by_role("button", name="Add to contract").click()
        expect(page.get_by_text("No account uses this e-mail address")).to_be_visible()
        assert page.get_by_label("E-mail address of the person").input_value() == "nobody-here@example.org"
        screenshot(page, "foundation-no-javascript-members")
        sign_out(page)
        expect(page.get_by_text("You are signed out.")).to_be_visible()
    finally:
        context.close()
