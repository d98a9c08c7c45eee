"""Finding 7: weak passwords are refused: at least 12 characters and not on a real list of common
and leaked passwords (tens of thousands of entries); nothing else is demanded."""

import pytest

from portal.auth import passwords, services


def test_the_list_is_real():
    assert len(passwords.common_passwords()) >= 25_000


@pytest.mark.parametrize("weak", ["qwerty123456", "iloveyou123", "Password1234!", "welcome2024",
                                  "Welcome2024!!", "1qaz2wsx3edc", "sunshine2026", "trustno1trustno1",
                                  "football12345", "P@ssw0rd"])
def test_weak_passwords_from_the_finding_are_refused(weak):
    assert services.password_problem(weak, "someone@example.org") is not None


@pytest.mark.parametrize("good", ["correct horse battery staple", "lanterns drift over the weir",
                                  "zq8#Lm2!vR9x", "ein Baum, drei Vögel"])
def test_long_uncommon_passwords_need_no_digits_or_symbols(good):
    assert services.password_problem(good, "someone@example.org") is None


def test_choosing_a_listed_password_is_refused(client):
    from datetime import timedelta

    from tests.factories import make_user

    secret = services.issue_token(make_user(), "reset", timedelta(hours=1))
    response = client.post(f"/reset/{secret}", data={"password": "qwerty123456", "confirm": "qwerty123456"})
    assert response.status_code == 422 and b"common or leaked" in response.data
