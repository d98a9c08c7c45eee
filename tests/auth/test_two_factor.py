"""Two-factor sign-in: required for government, operator, reviewer and administrator accounts
(TWO_FACTOR_REQUIRED on here), optional for community members; codes work once; recovery codes;
the password again before changing two-factor settings. Time is pinned."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from portal.auth import security_views, sessions, two_factor
from portal.extensions import db
from tests.factories import PASSWORD

T0 = datetime(2026, 11, 16, 9, 0, 10, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch, app):
    class Clock:
        now = T0

        def advance(self, **delta):
            self.now += timedelta(**delta)

    pinned = Clock()
    for module in (sessions, security_views):
        monkeypatch.setattr(module, "utcnow", lambda: pinned.now)
    monkeypatch.setitem(app.config, "TWO_FACTOR_REQUIRED", True)
    return pinned


def _password_step(client, user):
    return client.post("/login", data={"email": user.email, "password": PASSWORD})


def _enrol(client, clock) -> tuple[str, list[str]]:
    page = client.get("/account/two-factor/enrol")
    assert page.status_code == 200 and b"Scan this code" in page.data and b"data:image/svg+xml" in page.data
    with client.session_transaction() as cookie:
        secret = cookie[security_views.ENROL_SECRET]
    assert "".join(re.search(rb'id="totp-secret">([A-Z2-7 ]+)<', page.data).group(1).decode().split()) == secret
    code = pyotp.TOTP(secret).at(clock.now)
    wrong = client.post("/account/two-factor/enrol", data={"password": "not my password", "code": code})
    assert wrong.status_code == 422 and b"current password is not right" in wrong.data
    done = client.post("/account/two-factor/enrol", data={"password": PASSWORD, "code": code})
    assert done.status_code == 200 and b"Your recovery codes" in done.data
    codes = re.findall(rb"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.data)
    assert len(codes) == 10
    return secret, [c.decode() for c in codes]


def test_a_privileged_account_is_led_to_enrolment_and_then_needs_a_code(app, world, clock):
    officer = world["public_officer"]
    client = app.test_client()
    assert _password_step(client, officer).status_code == 303
    # signed in, but nothing works until two-factor sign-in is set up
    response = client.get("/my/contracts")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-factor/enrol")
    assert client.get("/contracts/AAA").headers["Location"].endswith("/account/two-factor/enrol")
    secret, codes = _enrol(client, clock)
    assert client.get("/my/contracts").status_code == 200
    client.post("/logout")

    # next sign-in: password, then a code
    client = app.test_client()
    response = _password_step(client, officer)
    assert response.status_code == 303 and response.headers["Location"].endswith("/login/two-factor")
    assert client.get("/my/contracts").status_code == 302  # not signed in yet
    used = pyotp.TOTP(secret).at(clock.now)
    refused = client.post("/login/two-factor", data={"code": used})
    assert refused.status_code == 422 and b"already used" in refused.data  # the enrolment code, same window
    clock.advance(seconds=30)
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).at(clock.now)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/my/contracts")
    assert client.get("/my/contracts").status_code == 200

    # the same code cannot sign in a second browser within its window
    other = app.test_client()
    _password_step(other, officer)
    again = other.post("/login/two-factor", data={"code": pyotp.TOTP(secret).at(clock.now)})
    assert again.status_code == 422

    # a recovery code works once
    other = app.test_client()
    _password_step(other, officer)
    assert other.post("/login/two-factor", data={"code": codes[0].upper()}).status_code == 303
    third = app.test_client()
    _password_step(third, officer)
    assert third.post("/login/two-factor", data={"code": codes[0]}).status_code == 422


def test_codes_from_outside_the_window_are_refused(app, world, clock):
    user = world["reviewer"]
    secret = pyotp.random_base32()
    two_factor.enrol(user, secret, pyotp.TOTP(secret).at(T0), T0)
    db.session.commit()
    assert not two_factor.verify(user, pyotp.TOTP(secret).at(T0 - timedelta(minutes=2)), T0 + timedelta(seconds=30))
    assert not two_factor.verify(user, "12345", T0 + timedelta(seconds=30))
    assert two_factor.verify(user, pyotp.TOTP(secret).at(T0 + timedelta(seconds=60)), T0 + timedelta(seconds=30))
    assert not two_factor.verify(user, pyotp.TOTP(secret).at(T0 + timedelta(seconds=30)), T0 + timedelta(seconds=30))


def test_community_members_may_choose_and_privileged_ones_may_not_turn_it_off(app, world, clock, login):
    resident = app.test_client()
    _password_step(resident, world["community"])
    assert resident.get("/my/contracts").status_code == 200  # not forced
    _enrol(resident, clock)
    page = resident.get("/account/security")
    assert b"Turn off two-factor sign-in" in page.data
    assert resident.post("/account/two-factor/disable", data={"disable-password": "wrong"}).status_code == 422
    assert resident.post("/account/two-factor/disable", data={"disable-password": PASSWORD}).status_code == 303
    db.session.refresh(world["community"])
    assert not world["community"].two_factor_enabled

    manager = app.test_client()
    _password_step(manager, world["public_manager"])
    _enrol(manager, clock)
    assert b"cannot be turned off" in manager.get("/account/security").data
    assert manager.post("/account/two-factor/disable", data={"disable-password": PASSWORD}).status_code == 403


def test_new_recovery_codes_need_the_password(app, world, clock):
    client = app.test_client()
    _password_step(client, world["admin"])
    _, old = _enrol(client, clock)
    assert client.post("/account/two-factor/recovery-codes", data={"codes-password": "nope"}).status_code == 422
    response = client.post("/account/two-factor/recovery-codes", data={"codes-password": PASSWORD})
    assert response.status_code == 200 and b"the old ones no longer work" in response.data
    assert not two_factor.use_recovery_code(world["admin"], old[1], clock.now)


def test_guessing_codes_is_limited_per_account(app, world, clock):
    user = world["operator_manager"]
    secret = pyotp.random_base32()
    two_factor.enrol(user, secret, pyotp.TOTP(secret).at(T0), T0)
    db.session.commit()
    statuses = []
    for _ in range(6):
        client = app.test_client()  # a new browser (and cookie) each time: the limit is on the account
        _password_step(client, user)
        statuses.append(client.post("/login/two-factor", data={"code": "000000"}).status_code)
    assert statuses[:5] == [422] * 5 and statuses[5] == 429


def test_the_pending_step_expires(app, world, clock):
    user = world["operator_staff"]
    secret = pyotp.random_base32()
    two_factor.enrol(user, secret, pyotp.TOTP(secret).at(T0), T0)
    db.session.commit()
    client = app.test_client()
    _password_step(client, user)
    clock.advance(minutes=6)
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).at(clock.now)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
