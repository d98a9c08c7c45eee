"""Finding 6: sign-in is limited per account as well as per address; X-Forwarded-For counts only
behind a configured proxy; /register and /reset are throttled; with REDIS_URL the counters are
shared by every worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portal import create_app
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/5"


def _post(client, path, data, address="10.0.0.1", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(path, data=data, headers=headers, environ_base={"REMOTE_ADDR": address})


def test_failed_sign_ins_are_limited_per_account_from_any_address(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "ACCOUNT_LOGIN_RATE_LIMIT", "3 per hour")
    email = world["public_manager"].email
    statuses = [_post(client, "/login", {"email": email, "password": "guess"}, f"10.0.0.{n}").status_code
                for n in range(1, 5)]
    assert statuses == [422, 422, 422, 429]
    # another account from the same addresses is not locked out
    other = _post(client, "/login", {"email": world["reviewer"].email, "password": PASSWORD}, "10.0.0.9")
    assert other.status_code == 303


def test_successful_sign_ins_do_not_count_against_the_account(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "ACCOUNT_LOGIN_RATE_LIMIT", "2 per hour")
    for n in range(4):
        response = _post(app.test_client(), "/login", {"email": world["community"].email, "password": PASSWORD},
                         f"10.1.0.{n}")
        assert response.status_code == 303


def test_forwarded_for_is_ignored_without_a_configured_proxy(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per hour")
    statuses = [_post(client, "/login", {"email": f"x{n}@example.org", "password": "guess"},
                      forwarded=f"203.0.113.{n}").status_code for n in range(4)]
    assert statuses[-1] == 429  # a forged header does not buy a fresh allowance


def test_behind_a_configured_proxy_each_client_address_counts(app, world):
    proxied = create_app(dict(app.config, PROXY_COUNT=1, LOGIN_RATE_LIMIT="3 per hour"))
    client = proxied.test_client()
    statuses = [_post(client, "/login", {"email": f"y{n}@example.org", "password": "guess"}, "127.0.0.1",
                      forwarded="198.51.100.7").status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]
    other = _post(client, "/login", {"email": "z@example.org", "password": "guess"}, "127.0.0.1",
                  forwarded="198.51.100.8")
    assert other.status_code == 422


def test_register_and_reset_are_throttled(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTER_RATE_LIMIT", "2 per hour")
    monkeypatch.setitem(app.config, "ACCOUNT_LOGIN_RATE_LIMIT", "2 per hour")
    data = {"name": "Bot", "password": "correct horse battery staple", "confirm": "correct horse battery staple"}
    statuses = [_post(client, "/register", dict(data, email=f"bot{n}@example.org")).status_code for n in range(3)]
    assert statuses[-1] == 429
    resets = [_post(client, "/reset", {"email": world["community"].email}, f"10.2.0.{n}").status_code
              for n in range(3)]
    assert resets == [303, 303, 429]  # per account, whatever the address


WORKER = textwrap.dedent("""
    import sys
    from portal import create_app
    from portal.extensions import db
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1],
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "5 per hour",
                      "ACCOUNT_LOGIN_RATE_LIMIT": "100 per hour", "MAIL_BACKEND": "memory"})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    codes = [client.post("/login", data={"email": "nobody@example.org", "password": "guess"},
                         environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code for _ in range(int(sys.argv[2]))]
    print(" ".join(map(str, codes)))
""")


def test_with_redis_every_worker_shares_the_counters(tmp_path):
    redis = pytest.importorskip("redis")
    try:
        connection = redis.Redis.from_url(REDIS)
        connection.flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = dict(os.environ, REDIS_URL=REDIS)
    env.pop("DATABASE_URL", None)
    results = []
    for attempts in (3, 3):  # two worker processes, one after the other
        run = subprocess.run([sys.executable, "-c", WORKER, str(tmp_path / "w.db"), str(attempts)], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        results.append(run.stdout.split())
    connection.flushdb()
    assert results[0] == ["422", "422", "422"]
    assert results[1] == ["422", "422", "429"]  # the second process saw the first one's attempts
