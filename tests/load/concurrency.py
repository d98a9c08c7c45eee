"""The concurrency test: gunicorn with several workers, eight clients, mixed writes, no errors.

    .venv/bin/python tests/load/concurrency.py [--seconds 20] [--workers 2] [--clients 8]

Serves a fresh portal on a loopback port with gunicorn, then for `--seconds` every client signs
in as its own person and cycles through writes: anonymous feedback, internal notes, responses,
sign-out and sign-in again, and performance evidence uploads. At the end it reads the database
and the file store and checks that every write the server acknowledged (a 303) is there.

It fails (exit 1) on any error: a 5xx, a refused connection, an unexpected status, or an
acknowledged write that is missing. `DATABASE_URL` names a PostgreSQL database to use (its
public schema is emptied first: never point it at one you want to keep); without it a new
SQLite file in a temporary folder is used. Not collected by pytest: `.ci/run` runs it."""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASSWORD = "correct horse battery staple"
MONTH = date(2026, 10, 1)
CODE = "LDT"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)  # markers in the text
    notes: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    sign_ins: list[str] = field(default_factory=list)  # e-mail addresses, one per sign-in
    evidence: list[str] = field(default_factory=list)  # SHA-256 of the uploaded bytes
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, value: str) -> None:
        with self.lock:
            getattr(self, kind).append(value)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Client:
    """One browser: its own cookies, the CSRF token from the last page it read."""

    def __init__(self, base: str, tally: Tally):
        self.base = base
        self.tally = tally
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.csrf = ""

    def request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None,
                expect: tuple[int, ...] = (200,)) -> tuple[int, str, dict]:
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                status, body, head = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            status, body, head = error.code, error.read(), dict(error.headers)
        except OSError as error:
            self.tally.error(f"{method} {path}: {error!r}")
            return 0, "", {}
        text = body.decode("utf-8", "replace")
        with self.tally.lock:
            self.tally.statuses[status] += 1
        if status not in expect:
            snippet = re.sub(r"\s+", " ", text)[:300]
            self.tally.error(f"{method} {path}: {status} {snippet}")
        token = re.search(r'name="csrf-token" content="([^"]+)"', text)
        if token:
            self.csrf = token.group(1)
        return status, text, head

    def get(self, path: str) -> str:
        return self.request("GET", path)[1]

    def post(self, path: str, fields: dict, files: dict | None = None) -> tuple[int, str, dict]:
        fields = dict(fields, csrf_token=self.csrf)
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
            for name, (filename, content, content_type) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                             f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
            parts.append(f"--{boundary}--\r\n".encode())
            body = b"".join(parts)
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers, expect=(303,))

    def sign_in(self, email: str) -> bool:
        self.get("/login")
        status, _, _ = self.post("/login", {"email": email, "password": PASSWORD})
        if status == 303:
            self.tally.add("sign_ins", email)
            self.get("/my/contracts")  # a page of the new session, for its CSRF token
            return True
        return False


def tiny_pdf(marker: str) -> bytes:
    body = (f"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            f"% {marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return body.encode()


def run_client(number: int, person: dict, base: str, deadline: float, tally: Tally) -> None:
    member = Client(base, tally)
    public = Client(base, tally)
    if not member.sign_in(person["email"]):
        return
    step = 0
    while time.monotonic() < deadline:
        marker = f"load-{number}-{step}-{uuid.uuid4().hex[:8]}"
        action = ("feedback", "note", "respond", "evidence" if person["operator"] else "note", "sign_in")[step % 5]
        step += 1
        if action == "feedback":
            public.get(f"/feedback/new?contract={CODE}")
            status, _, _ = public.post(f"/feedback/new?contract={CODE}", {
                "kind": "complaint", "category": person["category"], "text": f"Noise at night {marker}",
                "website": ""})
            if status == 303:
                tally.add("feedback", marker)
        elif action == "note":
            path = f"/contracts/{CODE}/feedback/{person['feedback']}"
            page = member.get(path)
            version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
                r'value="(\d+)"[^>]*name="version"', page)
            status, _, _ = member.post(path + "/note", {"body": f"Called the ward {marker}",
                                                        "version": version.group(1) if version else ""})
            if status == 303:
                tally.add("notes", marker)
        elif action == "respond":
            if not person["responds"]:
                continue
            reference = person["to_answer"].pop() if person["to_answer"] else None
            if reference is None:
                continue
            path = f"/contracts/{CODE}/feedback/{reference}"
            page = member.get(path)
            version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
                r'value="(\d+)"[^>]*name="version"', page)
            status, _, _ = member.post(path + "/respond", {"body": f"Fixed on Tuesday {marker}",
                                                           "version": version.group(1) if version else ""})
            if status == 303:
                tally.add("responses", marker)
        elif action == "evidence":
            path = f"/contracts/{CODE}/performance/{MONTH:%Y-%m}"
            member.get(path)
            content = tiny_pdf(marker)
            status, _, _ = member.post(path + "/evidence", {"description": marker},
                                       files={"evidence_file": (f"{marker}.pdf", content, "application/pdf")})
            if status == 303:
                tally.add("evidence", hashlib.sha256(content).hexdigest())
        elif action == "sign_in":
            member.get("/my/contracts")
            member.post("/logout", {})
            member.sign_in(person["email"])


def seed(app, clients: int) -> list[dict]:
    """A contract with a payment framework, a draft month, feedback categories and one person per client."""
    from portal.audit.services import acting_as
    from portal.extensions import db
    from portal.feedback import intake, settings
    from portal.mail import muted
    from portal.performance import services as performance_services
    from tests import factories
    from tests.performance.helpers import framework

    people = []
    with app.app_context(), acting_as(None), muted():
        contract = factories.make_contract(CODE, title="Load test hospital")
        framework(contract)
        performance_services.open_submission(contract, MONTH)
        settings.ensure_defaults(contract)
        category = settings.categories(contract)[0]
        for number in range(clients):
            operator = number % 2 == 1
            role = "operator_staff" if operator else "public_officer"
            user = factories.make_user(f"Load Person {number}", f"load{number}@example.org")
            factories.add_member(user, contract, role)
            submission = intake.Submission(
                kind="complaint", category=category, text=f"Seeded item for client {number}", place="",
                latitude=None, longitude=None, name="", email="", show_name=False, sensitive=False,
                channel="web")
            own, _ = intake.create_feedback(contract, submission)
            to_answer = []
            if not operator:
                for _ in range(40):
                    item, _ = intake.create_feedback(contract, submission)
                    to_answer.append(item.reference)
            people.append({"email": user.email, "operator": operator, "responds": not operator,
                           "category": category.id, "feedback": own.reference, "to_answer": to_answer})
        db.session.commit()
        db.engine.dispose()
    return people


def verify(app, tally: Tally) -> list[str]:
    """Every acknowledged write, looked up in the database and the file store."""
    import sqlalchemy as sa

    from portal import storage
    from portal.extensions import db
    from portal.feedback.models import Feedback, FeedbackEvent
    from portal.performance.models import EvidenceFile

    missing = []
    with app.app_context():
        texts = " ".join(db.session.scalars(sa.select(Feedback.text)))
        missing += [f"feedback {m}" for m in tally.feedback if m not in texts]
        notes = " ".join(db.session.scalars(sa.select(FeedbackEvent.body).where(FeedbackEvent.kind == "note")))
        missing += [f"note {m}" for m in tally.notes if m not in notes]
        responses = " ".join(r or "" for r in db.session.scalars(sa.select(Feedback.response)))
        missing += [f"response {m}" for m in tally.responses if m not in responses]
        stored = {e.sha256: e.storage_key for e in db.session.scalars(sa.select(EvidenceFile))}
        for digest in tally.evidence:
            if digest not in stored:
                missing.append(f"evidence {digest[:12]}")
            elif hashlib.sha256(storage.read_bytes(stored[digest])).hexdigest() != digest:
                missing.append(f"evidence file {digest[:12]} differs")
        missing += sign_ins_missing(db, tally)
        db.session.remove()
        db.engine.dispose()
    return missing


def sign_ins_missing(db, tally: Tally) -> list[str]:
    """Each acknowledged sign-in left a session record (or, before those existed, a login time)."""
    import sqlalchemy as sa

    from portal.auth.models import User

    try:
        from portal.auth.models import UserSession
    except ImportError:
        UserSession = None
    wanted = Counter(tally.sign_ins)
    missing = []
    for email, count in wanted.items():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if UserSession is None:
            if user.last_login_at is None:
                missing.append(f"sign-in {email}")
            continue
        have = db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)
                                 .where(UserSession.user_id == user.id))
        if have < count:
            missing.append(f"sign-ins of {email}: {have} recorded of {count}")
    return missing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def empty_postgres(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from portal import create_app
    from portal.config import normalise_database_url

    folder = Path(tempfile.mkdtemp(prefix="portal-load-"))
    database_url = normalise_database_url(os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'load.db'}")
    if database_url.startswith("postgresql"):
        empty_postgres(database_url)
    env = dict(os.environ, DATABASE_URL=database_url, STORAGE_DIR=str(folder / "files"),
               SECRET_KEY="load-test-secret", PORTAL_ENV="development", DEMO_MODE="false",
               MAIL_BACKEND="file", MAIL_FILE_DIR=str(folder / "mail"), SESSION_COOKIE_SECURE="false",
               LOGIN_RATE_LIMIT="100000 per minute", ACCOUNT_LOGIN_RATE_LIMIT="100000 per minute",
               FEEDBACK_RATE_LIMIT="100000 per minute", TWO_FACTOR_REQUIRED="false")
    env.pop("REDIS_URL", None)
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "STORAGE_DIR": env["STORAGE_DIR"],
              "MAIL_BACKEND": "file", "MAIL_FILE_DIR": env["MAIL_FILE_DIR"]}
    app = create_app(config)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    people = seed(app, args.clients)

    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen([gunicorn, "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--timeout", "60",
                               "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        tally = Tally()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [threading.Thread(target=run_client, args=(n, people[n], base, deadline, tally))
                   for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    missing = verify(app, tally)
    requests = sum(tally.statuses.values())
    summary = {
        "database": database_url.split(":", 1)[0], "workers": args.workers, "clients": args.clients,
        "seconds": round(elapsed, 1), "requests": requests, "requests_per_second": round(requests / elapsed, 1),
        "statuses": dict(sorted(tally.statuses.items())), "errors": len(tally.errors),
        "acknowledged": {"feedback": len(tally.feedback), "notes": len(tally.notes),
                         "responses": len(tally.responses), "sign_ins": len(tally.sign_ins),
                         "evidence": len(tally.evidence)},
        "missing": len(missing),
    }
    print(json.dumps(summary, indent=1))
    for line in (tally.errors + missing)[:20]:
        print("  ", line)
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if tally.errors or missing or not requests else 0


if __name__ == "__main__":
    sys.exit(main())
