from datetime import timedelta

import pytest

from portal.auth import services
from portal.extensions import db
from tests.factories import PASSWORD, make_user


def test_authenticate_matches_only_the_right_password(app):
    user = make_user(email="ada@example.test")
    assert services.authenticate("ADA@example.test ", PASSWORD) is user
    assert user.last_login_at is not None
    assert services.authenticate("ada@example.test", "wrong password here") is None
    assert services.authenticate("nobody@example.test", PASSWORD) is None


def test_inactive_and_invited_accounts_cannot_sign_in(app):
    inactive = make_user(email="gone@example.test", active=False)
    assert services.authenticate(inactive.email, PASSWORD) is None
    invited, _ = services.invite_user("new@example.test", "New Person", timedelta(days=7))
    assert invited.password_hash is None
    assert services.authenticate("new@example.test", "") is None


@pytest.mark.parametrize("password, problem", [
    ("short", "at least 12"),
    ("password1234", "common or leaked"),
    ("qwerty123456", "common or leaked"),
    ("Password1234!", "common or leaked"),
    ("xx-rosalind-xx", "e-mail address"),
    ("purple kettle on the moon", None),
])
def test_password_problem(password, problem):
    found = services.password_problem(password, "rosalind@example.test")
    assert (found is None) if problem is None else (problem in found)


def test_register_refuses_a_taken_address_and_weak_passwords(app):
    make_user(email="taken@example.test")
    with pytest.raises(services.AccountError) as error:
        services.register_user("Taken@Example.test", "Someone", "purple kettle on the moon")
    assert error.value.field == "email"
    with pytest.raises(services.AccountError) as error:
        services.register_user("fresh@example.test", "Someone", "short")
    assert error.value.field == "password"
    user = services.register_user(" Fresh@Example.test ", " Someone ", "purple kettle on the moon")
    assert (user.email, user.name, user.email_preference) == ("fresh@example.test", "Someone", "immediate")


def test_tokens_are_single_use_and_expire(app):
    user = make_user()
    secret = services.issue_token(user, "reset", timedelta(hours=2))
    other = services.issue_token(user, "reset", timedelta(hours=2))
    assert services.peek_token(secret, "invite") is None  # wrong purpose
    assert services.peek_token(secret, "reset").user is user
    services.consume_token(secret, "reset", "a brand new passphrase")
    assert services.authenticate(user.email, "a brand new passphrase") is user
    assert services.peek_token(secret, "reset") is None
    assert services.peek_token(other, "reset") is None  # the others die with it
    with pytest.raises(services.AccountError):
        services.consume_token(secret, "reset", "another new passphrase")
    expired = services.issue_token(user, "reset", timedelta(seconds=-1))
    assert services.peek_token(expired, "reset") is None


def test_only_the_hash_of_a_token_is_stored(app):
    from portal.auth.models import AuthToken

    secret = services.issue_token(make_user(), "reset", timedelta(hours=1))
    stored = db.session.scalars(db.select(AuthToken)).all()
    assert all(secret not in t.token_hash for t in stored)


def test_change_password_checks_the_current_one(app):
    user = make_user()
    with pytest.raises(services.AccountError) as error:
        services.change_password(user, "not my password", "a brand new passphrase")
    assert error.value.field == "current_password"
    with pytest.raises(services.AccountError) as error:
        services.change_password(user, PASSWORD, "short")
    assert error.value.field == "password"
    services.change_password(user, PASSWORD, "a brand new passphrase")
    assert services.authenticate(user.email, "a brand new passphrase") is user


def test_update_account(app):
    user = make_user()
    services.update_account(user, " New Name ", "digest")
    assert (user.name, user.email_preference) == ("New Name", "digest")
    with pytest.raises(services.AccountError):
        services.update_account(user, "New Name", "carrier pigeon")


def test_reset_is_only_started_for_active_accounts(app):
    assert services.start_password_reset("nobody@example.test", timedelta(hours=1)) is None
    make_user(email="off@example.test", active=False)
    assert services.start_password_reset("off@example.test", timedelta(hours=1)) is None
    user = make_user(email="on@example.test")
    found_user, secret = services.start_password_reset("ON@example.test", timedelta(hours=1))
    assert found_user is user and services.peek_token(secret, "reset")


def test_invite_again_refreshes_a_pending_invitation_but_refuses_real_accounts(app):
    user, first = services.invite_user("new@example.test", "New", timedelta(days=7))
    again, second = services.invite_user("NEW@example.test", "New Person", timedelta(days=7), admin=True)
    assert again is user and user.name == "New Person" and user.is_admin and first != second
    make_user(email="used@example.test")
    with pytest.raises(services.AccountError) as error:
        services.invite_user("used@example.test", "Used", timedelta(days=7))
    assert error.value.field == "email"
    with pytest.raises(services.AccountError):
        services.invite_user("blank@example.test", "  ", timedelta(days=7))
