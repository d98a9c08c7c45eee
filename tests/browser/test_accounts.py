"""Accounts in a real browser: a resident registers, signs in again and chooses a daily digest;
an administrator invites an official, who accepts the invitation. Every page passes axe-core."""

import re
import time

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out

PASSWORD = "kettles hum under harbour lights"


def _mail_to(live_server, address: str) -> str:
    """The last mail to `address`; it leaves after the answer, so wait a moment for it."""
    from portal.mail import outbox

    for _ in range(50):
        with live_server["app"].app_context():
            found = [m for m in outbox() if m["To"] == address]
        if found:
            return found[-1].get_content()
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address}")


def test_register_sign_in_and_choose_a_digest(page, live_server):
    page.goto("/register")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Orla Fitzgerald")
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Invalid email address.")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Orla Fitzgerald")
    assert_accessible(page)
    screenshot(page, "accounts-register-errors")

    page.get_by_label("E-mail address").fill("orla.fitzgerald@example.net")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("We have sent a link to orla.fitzgerald@example.net")).to_be_visible()
    page.goto(re.search(r"(/register/\S+)", _mail_to(live_server, "orla.fitzgerald@example.net")).group(1))
    page.get_by_label("New password").fill("short")
    page.get_by_label("Repeat the password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Use at least 12 characters.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Welcome, Orla Fitzgerald. Your account is ready.")).to_be_visible()
    sign_out(page)

    sign_in(page, "orla.fitzgerald@example.net", "not my password at all")
    expect(page.get_by_text("The e-mail address or password is not right.")).to_be_visible()
    screenshot(page, "accounts-sign-in-refused")
    sign_in(page, "orla.fitzgerald@example.net", PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Orla Fitzgerald")).to_be_visible()

    page.get_by_role("link", name="Orla Fitzgerald").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.get_by_text("Send one e-mail a day with what happened").click()  # USWDS hides the radio itself
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    expect(page.get_by_label("Send one e-mail a day with what happened")).to_be_checked()
    assert_accessible(page)
    screenshot(page, "accounts-account-page")
    # the two refused forms above answered 422 on purpose; anything else is a fault
    assert not [e for e in page.console_errors if "status of 422" not in e], page.console_errors


def test_administrator_invites_an_official(page, live_server):
    sign_in(page, "admin@portal.example.gov")
    page.get_by_role("link", name="Administration").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "accounts-admin-index")

    page.get_by_role("link", name="Invite a person").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Name").fill("Eoin Gallagher")
    page.get_by_label("E-mail address").fill("eoin.gallagher@health.example.gov")
    assert_accessible(page)
    screenshot(page, "accounts-admin-invite")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Invitation sent to eoin.gallagher@health.example.gov")).to_be_visible()
    expect(page.get_by_role("link", name="Eoin Gallagher")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "accounts-admin-users")

    page.get_by_label("Search by name or e-mail").fill("gallagher")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state("networkidle")
    results = page.locator("#users-table")
    expect(results.get_by_role("link", name="Fiona Gallagher")).to_be_visible()
    expect(results.get_by_role("link", name="Portal Administrator")).to_have_count(0)

    page.goto("/admin/contracts/NSH/edit")
    assert_accessible(page)
    screenshot(page, "accounts-admin-contract")
    page.goto("/admin/contracts/NSH/members")
    page.get_by_label("E-mail address of the person").fill("eoin.gallagher@health.example.gov")
    page.get_by_label("Role on this contract").select_option("public_officer")
    page.get_by_role("button", name="Add to contract").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Eoin Gallagher is now Public official on NSH.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "accounts-admin-members")
    sign_out(page)

    with live_server["app"].app_context():
        from portal.mail import outbox

        message = [m for m in outbox() if m["To"] == "eoin.gallagher@health.example.gov"][-1]
    link = re.search(r"(/invite/\S+)", message.get_content()).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome, Eoin Gallagher")).to_be_visible()
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    assert_accessible(page)
    screenshot(page, "accounts-accept-invite")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Welcome, Eoin Gallagher. Your account is ready.")).to_be_visible()
    expect(page.get_by_role("link", name="NSH Northshore General Hospital")).to_be_visible()
    assert not page.console_errors, page.console_errors
