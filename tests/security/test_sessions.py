"""Finding 5: sign-out, deactivation, a password change and "sign out everywhere" end sessions on
the server; idle timeout and absolute lifetime. Time is pinned (portal.auth.sessions.utcnow)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.auth import sessions
from portal.extensions import db
from tests.factories import PASSWORD

T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """clock.now is what the session code believes the time is."""

    class Clock:
        now = T0

        def advance(self, **delta):
            self.now += timedelta(**delta)

    pinned = Clock()
    monkeypatch.setattr(sessions, "utcnow", lambda: pinned.now)
    return pinned


def _sign_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    return client


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(app, value: str):
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_captured_cookie_stops_working_after_sign_out(app, world, clock):
    client = _sign_in(app, world["public_officer"])
    captured = _cookie(client)
    assert _signed_in(_with_cookie(app, captured))
    assert client.post("/logout").status_code == 303
    assert not _signed_in(client)
    assert not _signed_in(_with_cookie(app, captured))


def test_idle_timeout_for_government_and_operator_roles(app, world, clock):
    officer = _sign_in(app, world["public_officer"])
    resident = _sign_in(app, world["community"])
    clock.advance(minutes=29)
    assert _signed_in(officer) and _signed_in(resident)  # using it keeps it alive
    clock.advance(minutes=29)
    assert _signed_in(officer)
    clock.advance(minutes=31)
    assert not _signed_in(officer)
    assert _signed_in(resident)  # community accounts have no idle timeout by default


def test_idle_timeout_is_configurable(app, world, clock, monkeypatch):
    monkeypatch.setitem(app.config, "IDLE_TIMEOUT_MINUTES", 5)
    monkeypatch.setitem(app.config, "COMMUNITY_IDLE_MINUTES", 10)
    officer = _sign_in(app, world["operator_staff"])
    resident = _sign_in(app, world["community"])
    clock.advance(minutes=6)
    assert not _signed_in(officer) and _signed_in(resident)
    clock.advance(minutes=11)
    assert not _signed_in(resident)


def test_absolute_lifetime_even_when_active(app, world, clock):
    resident = _sign_in(app, world["community"])
    for _ in range(11):
        clock.advance(hours=1)
        assert _signed_in(resident)
    clock.advance(hours=1, minutes=1)
    assert not _signed_in(resident)


def test_a_thirty_day_old_cookie_is_refused(app, world, clock):
    captured = _cookie(_sign_in(app, world["community"]))
    clock.advance(days=30)
    assert not _signed_in(_with_cookie(app, captured))


def test_sign_out_everywhere(app, world, clock):
    laptop = _sign_in(app, world["public_manager"])
    phone = _sign_in(app, world["public_manager"])
    page = laptop.get("/account/security")
    assert page.status_code == 200 and b"Sign out everywhere" in page.data
    assert page.data.count(b"<li>Since") == 2
    assert laptop.post("/account/sessions/end-all").status_code == 303
    assert not _signed_in(laptop) and not _signed_in(phone)
    assert _signed_in(_sign_in(app, world["public_manager"]))  # signing in again works


def test_deactivation_ends_sessions(app, world, clock, login):
    captured = _cookie(_sign_in(app, world["operator_staff"]))
    admin = login(world["admin"])
    user = world["operator_staff"]
    response = admin.post(f"/admin/users/{user.id}", data={"name": user.name, "is_admin": ""})
    assert response.status_code == 303
    db.session.refresh(user)
    assert not user.active
    user.active = True  # even reactivated, the old session stays ended
    db.session.commit()
    assert not _signed_in(_with_cookie(app, captured))


def test_password_change_ends_the_other_sessions_and_keeps_this_one(app, world, clock):
    here = _sign_in(app, world["reviewer"])
    there = _sign_in(app, world["reviewer"])
    response = here.post("/account/password", data={
        "current_password": PASSWORD, "password": "tidal clocks and paper lanterns",
        "confirm": "tidal clocks and paper lanterns"})
    assert response.status_code == 303
    assert _signed_in(here) and not _signed_in(there)


def test_signing_in_starts_a_new_session_id(app, world, clock):
    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as cookie:
        cookie["planted"] = "by an attacker"
    client.post("/login", data={"email": world["community"].email, "password": PASSWORD})
    with client.session_transaction() as cookie:
        assert "planted" not in cookie and cookie[sessions.SID]


def test_an_administrator_can_sign_a_person_out_everywhere_and_reset_two_factor(app, world, clock, login):
    import pyotp

    from portal.auth import two_factor

    user = world["operator_manager"]
    captured = _cookie(_sign_in(app, user))
    secret = pyotp.random_base32()
    two_factor.enrol(user, secret, pyotp.TOTP(secret).at(T0), T0)
    db.session.commit()
    admin = login(world["admin"])
    page = admin.get(f"/admin/users/{user.id}")
    assert b"Sign Operator Manager out everywhere" in page.data and b"Reset two-factor sign-in" in page.data
    assert admin.post(f"/admin/users/{user.id}/sessions/end").status_code == 303
    assert not _signed_in(_with_cookie(app, captured))
    assert admin.post(f"/admin/users/{user.id}/two-factor/reset").status_code == 303
    db.session.refresh(user)
    assert not user.two_factor_enabled
    assert admin.post(f"/admin/users/{world['admin'].id}/two-factor/reset").status_code == 403
