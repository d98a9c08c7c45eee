"""Benchmark: write throughput with 8 concurrent clients, zero errors expected.

Phase 1: anonymous feedback submissions (each client fetches the form once, then posts it again
and again). Phase 2: staff responses (each client signs in as the contract's public manager and
answers items phase 1 created, a different item each time). Prints writes per second and every
error by kind; on SQLite and PostgreSQL. Rate limits are raised for the run (bench_env).

    .venv/bin/python benchmarks/writes.py --db sqlite --db postgresql [--scale 0.01] [--duration 20]

It adds rows: run it on its own database (scale 0.01 by default), not the one pages.py measures.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402

CLIENTS = 8


def _run(clients: list, work, duration: int) -> dict:
    stop = time.monotonic() + duration
    done, errors = collections.Counter(), collections.Counter()

    def loop(index: int, state):
        while time.monotonic() < stop:
            try:
                outcome = work(index, state)
            except Exception as error:  # a refused connection is an error like any other
                outcome = f"exception {type(error).__name__}"
            if outcome == "ok":
                done[index] += 1
            elif outcome == "exhausted":
                return
            else:
                errors[outcome] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(i, state)) for i, state in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    total = sum(done.values())
    return {"writes": total, "seconds": round(elapsed, 2), "per_second": round(total / elapsed, 1),
            "errors": dict(errors)}


def submissions(base: str, code: str, duration: int) -> dict:
    path = f"/feedback/new?contract={code}"
    clients = []
    for _ in range(CLIENTS):
        cookie, token = common.csrf(base, path)
        body = common.request(base, path, cookie)[1]
        category = re.search(rb'<option value="([1-9][0-9]*)"', body).group(1).decode()
        clients.append({"cookie": cookie, "token": token, "category": category})

    def work(index, state):
        status, _body, headers = common.request(base, path, state["cookie"], "POST", {
            "csrf_token": state["token"], "kind": "complaint", "category": state["category"],
            "text": f"Benchmark submission from client {index}: the lift on level 2 is out of order again."})
        return "ok" if status in (302, 303) and "/feedback/track/" in headers.get("Location", "") else f"status {status}"

    return _run(clients, work, duration)


def responses(base: str, url: str, code: str, duration: int) -> dict:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT f.reference, f.version FROM feedback f JOIN contracts c ON c.id = f.contract_id "
            "WHERE c.code = :code AND f.status = 'received' AND f.sensitive = :no ORDER BY f.id DESC"),
            {"code": code, "no": False}).all()
    engine.dispose()
    queues = [list(rows[i::CLIENTS]) for i in range(CLIENTS)]
    clients = []
    for index in range(CLIENTS):
        cookie = common.sign_in(base, common.email_of("public_manager", code))
        cookie, token = common.csrf(base, f"/contracts/{code}/feedback", cookie)
        clients.append({"cookie": cookie, "token": token, "items": queues[index]})

    def work(index, state):
        if not state["items"]:
            return "exhausted"
        reference, version = state["items"].pop()
        status, _body, headers = common.request(
            base, f"/contracts/{code}/feedback/{reference}/respond", state["cookie"], "POST",
            {"csrf_token": state["token"], "body": "Thank you: the lift was repaired this morning.",
             "version": str(version)})
        return "ok" if status in (302, 303) and "/login" not in headers.get("Location", "") else f"status {status}"

    result = _run(clients, work, duration)
    result["items_available"] = len(rows)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--duration", type=int, default=20)
    args = parser.parse_args()
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": common.machine(), "scale": args.scale,
              "clients": CLIENTS, "databases": {}}
    failed = False
    for kind in args.db or ["sqlite"]:
        url = common.prepare(kind, args.scale)
        code = common.first_contract_code(url)
        with common.server(url) as base:
            submitted = submissions(base, code, args.duration)
            print(f"{kind}: submissions {submitted}", flush=True)
            answered = responses(base, url, code, args.duration)
            print(f"{kind}: responses {answered}", flush=True)
        report["databases"][kind] = {"submissions": submitted, "responses": answered}
        failed = failed or bool(submitted["errors"] or answered["errors"])
    print(f"results: {common.write_result('writes', report)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
