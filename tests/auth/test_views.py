import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.auth import services
from portal.auth.models import User
from portal.auth.views import SIGN_IN_FAILED
from portal.extensions import db
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "blue lanterns over the harbour"


def _link(message, kind: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/{kind}/[A-Za-z0-9_\-]+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


# ---- sign in and out ---------------------------------------------------------------------


def test_sign_in_and_out(client):
    user = make_user(email="ada@example.org")
    response = client.post("/login?next=/account", data={"email": "Ada@Example.org", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    page = client.get("/account")
    assert page.status_code == 200 and user.email in page.text
    response = client.post("/logout")
    assert response.status_code == 303
    assert "You are signed out." in client.get("/").text
    assert client.get("/account").status_code == 302


def test_sign_in_refuses_an_external_next(client):
    make_user(email="ada@example.org")
    response = client.post("/login?next=//evil.example/x", data={"email": "ada@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/my/contracts"


def test_wrong_password_and_unknown_email_say_the_same(client):
    make_user(email="ada@example.org")
    wrong = client.post("/login", data={"email": "ada@example.org", "password": "not the password"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 422
    assert SIGN_IN_FAILED in wrong.text and SIGN_IN_FAILED in unknown.text
    assert 'value="nobody@example.org"' in unknown.text  # what was typed is kept
    assert "nobody@example.org" not in wrong.text


def test_deactivated_account_gets_the_same_message(client):
    make_user(email="gone@example.org", active=False)
    response = client.post("/login", data={"email": "gone@example.org", "password": PASSWORD})
    assert response.status_code == 422 and SIGN_IN_FAILED in response.text


def test_sign_in_is_rate_limited_with_a_clear_message(client):
    for _ in range(10):
        assert client.post("/login", data={"email": "x@example.org", "password": "nope nope"}).status_code == 422
    response = client.post("/login", data={"email": "x@example.org", "password": "nope nope"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert client.get("/login").status_code == 200  # reading the page is never limited


def test_missing_csrf_token_is_refused(app, client):
    make_user(email="ada@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/login", data={"email": "ada@example.org", "password": PASSWORD})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "Reload the page" in response.text


def test_csrf_token_from_the_page_is_accepted(app, client):
    make_user(email="ada@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
        response = client.post("/login", data={"email": "ada@example.org", "password": PASSWORD,
                                               "csrf_token": token})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 303


def test_oversized_request_is_refused(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 2048
    try:
        response = client.post("/register", data={"name": "x" * 5000, "email": "a@example.org"})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert "larger than the portal accepts" in response.text


def test_htmx_error_pages_are_fragments(client):
    response = client.get("/no-such-page", headers={"HX-Request": "true"})
    assert response.status_code == 404 and "<html" not in response.text


# ---- registration --------------------------------------------------------------------------


def test_registration_mails_a_link_to_choose_the_password(client, outbox):
    response = client.post("/register", data={"name": "Róisín Byrne", "email": "Roisin@Example.org"})
    assert response.status_code == 303
    response.close()  # the account and the mail are made after the answer
    user = db.session.scalar(sa.select(User).where(User.email == "roisin@example.org"))
    assert user.name == "Róisín Byrne" and not user.is_admin and user.password_hash is None
    assert "We have sent a link to roisin@example.org" in client.get("/").text
    link = _link(outbox[-1], "register")
    assert "Choose a password" in client.get(link).text
    weak = client.post(link, data={"password": "short", "confirm": "short"})
    assert weak.status_code == 422 and "at least 12" in weak.text
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert "Róisín Byrne" in client.get("/account").text


def test_registration_does_not_reveal_existing_accounts(client, outbox):
    make_user(name="Ada", email="taken@example.org")
    known = client.post("/register", data={"name": "Someone", "email": "taken@example.org"})
    unknown = client.post("/register", data={"name": "Someone", "email": "fresh@example.org"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    known.close()
    unknown.close()
    owner = next(m for m in outbox if m["To"] == "taken@example.org")
    assert "already have one" in owner.get_content() and "/register/" not in owner.get_content()
    taken = db.session.scalar(sa.select(User).where(User.email == "taken@example.org"))
    assert taken.name == "Ada" and taken.password_hash  # nothing changed


@pytest.mark.parametrize("data, message", [
    ({"name": "", "email": "new@example.org"}, "This field is required"),
    ({"name": "Someone", "email": "not-an-address"}, "Invalid email"),
])
def test_registration_errors_keep_what_was_typed(client, data, message):
    response = client.post("/register", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert f'value="{data["email"]}"' in response.text
    if data["name"]:
        assert f'value="{data["name"]}"' in response.text


def test_signed_in_users_are_sent_away_from_register(login):
    assert login(make_user()).get("/register").status_code == 302


# ---- account page ---------------------------------------------------------------------------


def test_account_settings(login):
    user = make_user()
    client = login(user)
    page = client.get("/account")
    assert re.search(r'<input checked[^>]*value="immediate"', page.text)
    response = client.post("/account", data={"name": "Renamed Person", "email_preference": "digest"})
    assert response.status_code == 303
    assert (user.name, user.email_preference) == ("Renamed Person", "digest")
    assert "Your settings are saved." in client.get("/account").text


def test_account_settings_errors(login):
    user = make_user(name="Kept Name")
    client = login(user)
    response = client.post("/account", data={"name": "", "email_preference": "pigeon"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.text
    assert user.name == "Kept Name" and user.email_preference == "immediate"


def test_password_change(login):
    user = make_user()
    client = login(user)
    wrong = client.post("/account/password", data={"current_password": "not it at all",
                                                   "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and "current password is not right" in wrong.text
    weak = client.post("/account/password", data={"current_password": PASSWORD,
                                                  "password": "short", "confirm": "short"})
    assert weak.status_code == 422 and "at least 12" in weak.text
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                      "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert services.authenticate(user.email, NEW_PASSWORD) is user
    assert services.authenticate(user.email, PASSWORD) is None


# ---- password reset -------------------------------------------------------------------------


def test_password_reset_by_mailed_single_use_link(client, outbox):
    user = make_user(email="ada@example.org")
    response = client.post("/reset", data={"email": "ADA@example.org"})
    assert response.status_code == 303
    assert not outbox  # the mail leaves after the answer
    response.close()
    assert "If an account uses that address" in client.get("/login").text
    assert len(outbox) == 1 and outbox[0]["To"] == "ada@example.org"
    link = _link(outbox[0], "reset")
    assert "ada@example.org" in client.get(link).text
    mismatch = client.post(link, data={"password": NEW_PASSWORD, "confirm": "something different"})
    assert mismatch.status_code == 422
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert services.authenticate(user.email, NEW_PASSWORD).id == user.id
    assert client.get("/account").status_code == 200  # signed in by the reset
    # the same link a second time
    client.post("/logout")
    reused = client.post(link, data={"password": "yet another passphrase", "confirm": "yet another passphrase"})
    assert reused.status_code == 410 and "expired or has already been used" in reused.text
    assert client.get(link).status_code == 410


def test_reset_request_does_not_reveal_whether_the_address_exists(client, outbox):
    make_user(email="ada@example.org")
    known = client.post("/reset", data={"email": "ada@example.org"}, follow_redirects=True)
    unknown = client.post("/reset", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("ada@example.org", "X") == unknown.text.replace("nobody@example.org", "X")
    assert [m["To"] for m in outbox] == ["ada@example.org"]


def test_reset_request_errors(client):
    response = client.post("/reset", data={"email": "not an address"})
    assert response.status_code == 422 and 'value="not an address"' in response.text


def test_expired_reset_link(client):
    user = make_user()
    secret = services.issue_token(user, "reset", timedelta(seconds=-1))
    response = client.get(f"/reset/{secret}")
    assert response.status_code == 410 and "Ask for a new link" in response.text
    response = client.post(f"/reset/{secret}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    assert services.authenticate(user.email, PASSWORD) is user


def test_reset_link_refuses_a_weak_password(client):
    secret = services.issue_token(make_user(), "reset", timedelta(hours=1))
    response = client.post(f"/reset/{secret}", data={"password": "short", "confirm": "short"})
    assert response.status_code == 422 and "at least 12" in response.text
    assert services.peek_token(secret, "reset") is not None  # still usable


def test_an_invitation_link_is_not_a_reset_link(client):
    _, secret = services.invite_user("new@example.org", "New", timedelta(days=7))
    assert client.get(f"/reset/{secret}").status_code == 410
    assert client.get(f"/invite/{secret}").status_code == 200


def test_reset_requests_are_rate_limited(client):
    for _ in range(10):
        client.post("/reset", data={"email": "x@example.org"})
    response = client.post("/reset", data={"email": "x@example.org"})
    assert response.status_code == 429 and "Too many attempts" in response.text


def test_changing_the_password_signs_out_other_sessions(app, world, login):
    from tests.factories import PASSWORD

    user = world["public_officer"]
    this_device, other_device = login(user), login(user)
    assert other_device.get("/account").status_code == 200
    response = this_device.post("/account/password", data={
        "current_password": PASSWORD, "password": "a brand new passphrase here",
        "confirm": "a brand new passphrase here"})
    assert response.status_code == 303
    assert this_device.get("/account").status_code == 200
    stale = other_device.get("/account")
    assert stale.status_code == 302 and "/login" in stale.headers["Location"]
