"""Two-factor sign-in in Chromium: an official is led to enrolment after the password, scans (reads)
the key, confirms a code and gets recovery codes; signs in with a code; then with a recovery
code; and signs out everywhere. Every page passes axe-core, at 1280 and 390 px. Time is pinned."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

PASSWORD = "lanterns drift over the weir"
EMAIL = "orla.twofactor@riverbendwater.example.gov"
T0 = datetime(2026, 11, 16, 9, 0, 10, tzinfo=UTC)


@pytest.fixture
def official(live_server, monkeypatch):
    from portal.auth import security_views, sessions
    from portal.auth.services import hash_password
    from portal.contracts.services import add_member, get_contract
    from portal.extensions import db
    from tests.factories import make_user

    class Clock:
        now = T0

    for module in (security_views, sessions):
        monkeypatch.setattr(module, "utcnow", lambda: Clock.now)
    app = live_server["app"]
    monkeypatch.setitem(app.config, "TWO_FACTOR_REQUIRED", True)
    with app.app_context():
        user = make_user("Orla Twofactor", EMAIL)
        user.password_hash = hash_password(PASSWORD)
        add_member(get_contract("WTP"), user, "public_officer")
        db.session.commit()
    return Clock


def _both_widths(page, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        screenshot(page, f"two-factor-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def _password(page) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_enrol_sign_in_with_a_code_and_a_recovery_code(page, official):
    _password(page)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    _both_widths(page, "enrol")
    secret = "".join(page.locator("#totp-secret").inner_text().split())
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("The 6-digit code your app shows now").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("The 6-digit code your app shows now").fill(pyotp.TOTP(secret).at(official.now))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".portal-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    _both_widths(page, "recovery-codes")
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_role("heading", name="My contracts")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").wait_for()

    # sign in with a code from the app
    official.now = T0 + timedelta(seconds=30)
    _password(page)
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    _both_widths(page, "code")
    page.get_by_label(re.compile("Code from your authenticator app")).fill(pyotp.TOTP(secret).at(official.now))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Welcome, Orla Twofactor.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").wait_for()

    # lost phone: a recovery code, once
    _password(page)
    page.get_by_label(re.compile("Code from your authenticator app")).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a recovery code; 9 left.")).to_be_visible()

    # account security: where you are signed in, sign out everywhere
    page.goto("/account/security")
    expect(page.get_by_role("heading", name="Where you are signed in")).to_be_visible()
    expect(page.get_by_text("This device")).to_be_visible()
    _both_widths(page, "account-security")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("You are signed out on every device")).to_be_visible()
    page.goto("/account/security")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert not [e for e in page.console_errors if "status of 422" not in e], page.console_errors
