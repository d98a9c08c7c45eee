"""/healthz and the production start check."""

from __future__ import annotations

from portal.health import config_problems


def test_healthz_reports_the_database_and_no_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"]["ok"] is True
    assert body["redis"] == {"ok": True, "configured": False} and body["queues"] == {}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_fails_when_redis_is_down(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.config["REDIS_URL"] = None
    assert response.status_code == 503
    assert response.get_json()["redis"]["ok"] is False


def test_check_config_names_each_problem(app, world, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app.config.update(DEMO_MODE=True, REDIS_URL=None)
    problems = " ".join(config_problems(app, workers=3))
    assert "SECRET_KEY" in problems and "Debug mode" in problems and "DEMO_MODE" in problems
    assert "3 workers without REDIS_URL" in problems
    assert config_problems(app, workers=1) != []


def test_check_config_passes_a_production_setup(app, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    saved = {key: app.config.get(key) for key in ("DEMO_MODE", "REDIS_URL", "SESSION_COOKIE_SECURE")}
    app.config.update(DEMO_MODE=False, REDIS_URL="redis://127.0.0.1:6379/0", SESSION_COOKIE_SECURE=True)
    try:
        assert config_problems(app, workers=4) == []
    finally:
        app.config.update(saved)


def test_check_config_command_refuses_production(app, world, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    result = app.test_cli_runner().invoke(args=["portal", "check-config", "--production", "--workers", "2"])
    assert result.exit_code == 1
    assert "REFUSED" in result.output and "demo or generated" not in result.output  # the world is not demo data
