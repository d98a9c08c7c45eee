"""Browser tests: a live portal on its own SQLite database with the demo data, driven by
Debian's Chromium through Playwright. They skip where Chromium is absent, except in CI."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            return  # in CI the browser tests must run; the fixture below fails loudly
        skip = pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
        for item in items:
            if here in Path(str(item.fspath)).parents:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server():
    """The portal served on a free localhost port from a thread, with CSRF on and the demo data."""
    from werkzeug.serving import make_server

    from portal import create_app
    from portal.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="portal-browser-"))
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.db'}",
        "SECRET_KEY": "browser-test-key",
        "AUDIT_KEY": "browser-audit-key",
        "MAIL_BACKEND": "memory",
        "SESSION_COOKIE_SECURE": False,
        "STORAGE_DIR": str(folder / "files"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_RATE_LIMIT": "1000 per minute",  # many journeys sign in from 127.0.0.1
        "ACCOUNT_LOGIN_RATE_LIMIT": "1000 per minute",
        # Demo accounts sign in with a password only here; test_two_factor.py turns it on.
        "TWO_FACTOR_REQUIRED": False,
    })
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.create_all()
        from portal.demo import load_demo

        load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    yield {"url": base_url, "app": app}
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"CI must run the browser tests, but Chromium is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server["url"], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def sign_in(page, email: str, password: str | None = None) -> None:
    from portal.demo import DEMO_PASSWORD

    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # The boosted form posts in the background: wait for its answer, not for a page load.
    page.locator("form[action='/logout'] button, .usa-alert--error").first.wait_for()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").wait_for()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def assert_accessible(page) -> None:
    """Run axe-core in the page; fail on serious or critical violations."""
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"Accessibility violations on {page.url}:\n" + "\n".join(bad)
