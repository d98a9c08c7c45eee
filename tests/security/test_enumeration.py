"""Finding 9 (accounts): /register and /reset answer the same, in the same time, whether or not
the address has an account; the mail goes out after the answer."""

from __future__ import annotations

import time

from tests.factories import make_user


def _timed(client, path, data):
    started = time.perf_counter()
    response = client.post(path, data=data)
    elapsed = time.perf_counter() - started
    response.close()  # now the deferred work runs, outside the measured answer
    return response, elapsed


def test_reset_answers_alike_for_known_and_unknown_addresses(client, outbox, monkeypatch):
    make_user(email="ada@example.org")
    from portal import mail

    slow = mail.send_mail

    def slow_mail(*args, **kwargs):  # a slow SMTP server, which used to show in the answer time
        time.sleep(0.3)
        return slow(*args, **kwargs)

    monkeypatch.setattr("portal.auth.views.send_mail", slow_mail)
    known, known_time = _timed(client, "/reset", {"email": "ada@example.org"})
    unknown, unknown_time = _timed(client, "/reset", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert known_time < 0.25 and unknown_time < 0.25
    assert [m["To"] for m in outbox] == ["ada@example.org"]


def test_register_answers_alike_and_mails_the_owner(client, outbox):
    make_user(email="taken@example.org")
    taken, _ = _timed(client, "/register", {"name": "Eve", "email": "taken@example.org"})
    fresh, _ = _timed(client, "/register", {"name": "Eve", "email": "fresh@example.org"})
    assert taken.status_code == fresh.status_code == 303
    assert taken.headers["Location"] == fresh.headers["Location"]
    assert sorted(m["To"] for m in outbox) == ["fresh@example.org", "taken@example.org"]
