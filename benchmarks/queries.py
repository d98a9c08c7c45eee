"""Benchmark: SQL statements per main page at two scales (default 0.1 and 1), in process.

The counts must be equal at both sizes (no N+1) and at most 12. Same pages as pages.py, signed in
through the Flask test client; the first request of each page warms caches and is not counted.

    .venv/bin/python benchmarks/queries.py [--db sqlite|postgresql] [--scale 0.1 --scale 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402

MAX_STATEMENTS = 12
_NOT_COUNTED = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def count(url: str) -> dict[str, dict]:
    import sqlalchemy as sa
    from flask_login import FlaskLoginClient

    os.environ.update(common.bench_env(url))
    from portal import create_app
    from portal.auth.models import User
    from portal.extensions import db

    # The test client signs in without a browser fingerprint: "basic" session protection, as the suite.
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SESSION_PROTECTION": "basic"})
    app.test_client_class = FlaskLoginClient
    code = common.first_contract_code(url)
    result = {}
    with app.app_context():
        statements: list[str] = []

        def _count(_c, _cur, statement, *_args):
            if not statement.lstrip().upper().startswith(_NOT_COUNTED):
                statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", _count)
        for name, role, path in common.pages(code):
            user = db.session.scalar(sa.select(User).where(User.email == common.email_of(role, code))) if role else None
            client = app.test_client(user=user) if user else app.test_client()
            client.get(path)
            statements.clear()
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            result[name] = {"status": response.status_code, "statements": len(statements), "ms": round(elapsed, 1)}
        db.engine.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=float, action="append")
    args = parser.parse_args()
    scales = args.scale or [0.1, 1.0]
    measured = {scale: count(common.prepare(args.db, scale)) for scale in scales}
    names = list(measured[scales[0]])
    print("| page | " + " | ".join(f"statements at {s:g}" for s in scales) + " | "
          + " | ".join(f"ms at {s:g} (in process)" for s in scales) + " | verdict |")
    print("|---" * (2 * len(scales) + 2) + "|")
    failed = False
    for name in names:
        counts = [measured[s][name]["statements"] for s in scales]
        ok = len(set(counts)) == 1 and max(counts) <= MAX_STATEMENTS and all(
            measured[s][name]["status"] == 200 for s in scales)
        failed = failed or not ok
        print(f"| {name} | " + " | ".join(str(c) for c in counts) + " | "
              + " | ".join(f"{measured[s][name]['ms']:.0f}" for s in scales) + f" | {'ok' if ok else 'OVER or GROWS'} |")
    print(f"results: {common.write_result(f'queries-{args.db}', {'date': time.strftime('%Y-%m-%d %H:%M'), 'machine': common.machine(), 'counts': measured})}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
