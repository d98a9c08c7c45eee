"""Shared by the benchmark scripts: generated databases, a gunicorn server, signing in, the pages.

Databases live in benchmarks/out/ (SQLite) or as PostgreSQL databases named portal_bench_<scale>
on 127.0.0.1:5432 (user postgres); each is made once (`db upgrade` then `portal generate`) and
reused. Results go to benchmarks/results/ (git-ignored)."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "benchmarks" / "results"
BIN = ROOT / ".venv" / "bin"
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
USER_AGENT = "portal-benchmark/1.0 (wrk)"
PASSWORD = "partnership-demo-2026"  # the demo password, which generated accounts share


def database_url(kind: str, scale: float) -> str:
    tag = f"{scale:g}".replace(".", "_")
    if kind == "sqlite":
        return f"sqlite:///{OUT / f'sqlite-{tag}.db'}"
    return f"{PG}/portal_bench_{tag}"


def bench_env(url: str, **extra) -> dict:
    """A production-like environment (no debug, no demo mode) that serves plain HTTP."""
    env = dict(os.environ, DATABASE_URL=url, PORTAL_ENV="benchmark", SECRET_KEY="benchmark-" + "x" * 40,
               SESSION_COOKIE_SECURE="0", DEMO_MODE="0", FEEDBACK_RATE_LIMIT="1000000 per hour",
               LOGIN_RATE_LIMIT="1000000 per hour", MAIL_BACKEND="file", MAIL_FILE_DIR=str(OUT / "mail"),
               STORAGE_DIR=str(OUT / "files"), PYTHONPATH=str(ROOT))
    env.pop("FLASK_DEBUG", None)
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def _flask(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=bench_env(url),
                          check=check, text=True, capture_output=True)


def prepare(kind: str, scale: float) -> str:
    """The database for (kind, scale), generated if it does not exist yet."""
    OUT.mkdir(parents=True, exist_ok=True)
    url = database_url(kind, scale)
    if kind == "postgresql":
        name = url.rsplit("/", 1)[1]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    _flask(url, "db", "upgrade")
    if not contract_count(url):
        started = time.perf_counter()
        print(f"generating {kind} scale {scale:g} (once) ...", file=sys.stderr, flush=True)
        _flask(url, "portal", "generate", "--scale", str(scale))
        print(f"  generated in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return url


@contextmanager
def server(url: str, port: int = 8765, workers: int = 2, **env):
    """gunicorn with `workers` sync workers on 127.0.0.1:port, serving benchmarks/bench_wsgi."""
    log = (OUT / f"gunicorn-{port}.log").open("w")  # read it when a page answers 500
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
         "--timeout", "120", "--preload", "benchmarks.bench_wsgi:app"],
        cwd=ROOT, env=bench_env(url, **env), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if request(base, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.25)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def request(base: str, path: str, cookie: str = "", method: str = "GET", form: dict | None = None):
    """(status, body, headers) without following redirects."""
    parsed = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data, dict(response.getheaders())


def _cookie(headers: dict, previous: str = "") -> str:
    match = re.search(r"session=([^;]+)", headers.get("Set-Cookie", ""))
    return f"session={match.group(1)}" if match else previous


def csrf(base: str, path: str, cookie: str = "") -> tuple[str, str]:
    """(cookie, token) from a page with a form."""
    status, body, headers = request(base, path, cookie)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body) or re.search(rb'name="csrf-token" content="([^"]+)"', body)
    if status != 200 or token is None:
        raise RuntimeError(f"no form at {path} ({status})")
    return _cookie(headers, cookie), token.group(1).decode()


def sign_in(base: str, email: str) -> str:
    """A session cookie for `email`, bound to USER_AGENT (the portal binds sessions to it)."""
    cookie, token = csrf(base, "/login")
    status, _body, headers = request(base, "/login", cookie, "POST",
                                     {"email": email, "password": PASSWORD, "csrf_token": token})
    location = headers.get("Location", "")
    if status not in (302, 303) or "/login" in location:
        raise RuntimeError(f"sign-in as {email} failed ({status} {location})")
    return _cookie(headers, cookie)


def pages(code: str, today: date | None = None) -> list[tuple[str, str | None, str]]:
    """(name, role or None for anonymous, path): the main pages of each kind of user."""
    today = today or date.today()
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    base = f"/contracts/{code}"
    return [
        ("public home", None, "/"),
        ("public contract page", None, base),
        ("public feedback board", None, f"{base}/feedback/board"),
        ("search", None, "/search?q=cleaning"),
        ("official: overview", "public_manager", base),
        ("official: performance", "public_manager", f"{base}/performance"),
        ("official: a month's submission", "public_manager", f"{base}/performance/{month}"),
        ("official: feedback queue", "public_manager", f"{base}/feedback"),
        ("official: report list", "public_manager", f"{base}/reports"),
        ("official: activity", "public_manager", f"{base}/activity"),
        ("operator: overview", "operator_manager", base),
        ("operator: a month's submission", "operator_manager", f"{base}/performance/{month}"),
        ("operator: feedback queue", "operator_manager", f"{base}/feedback"),
    ]


def email_of(role: str, code: str) -> str:
    return f"{role.replace('_', '.')}.{code.lower()}@generated.example"


def contract_count(url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM contracts")).scalar()
    engine.dispose()
    return count


def first_contract_code(url: str) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        code = connection.execute(sa.text("SELECT code FROM contracts ORDER BY id LIMIT 1")).scalar()
    engine.dispose()
    return code


def write_result(name: str, data) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


def machine() -> str:
    cpu = ""
    with suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    return f"{os.cpu_count()} CPUs {cpu}".strip()
