"""Benchmark: each main page of each kind of user under load, against the FLOOR page.

gunicorn with 2 workers on a generated database; wrk at 16 connections, DURATION seconds per page,
the floor route in the same run. Prints req/s, p50, p95, p99 and each page's ratio to the floor's
throughput; every response must be a 200 of the page's size (a redirect to sign-in counts as a
failure). Writes JSON to benchmarks/results/.

    .venv/bin/python benchmarks/pages.py --db sqlite --db postgresql --scale 1 [--duration 20]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402

LUA = Path(__file__).with_name("wrk_check.lua")


def wrk(base: str, path: str, cookie: str, size: int, duration: int, connections: int = 16) -> dict:
    env = dict(os.environ, BENCH_COOKIE=cookie, BENCH_UA=common.USER_AGENT, BENCH_SIZE=str(size))
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
                          "-s", str(LUA), base + path], env=env, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("JSON "))
    result = json.loads(line[5:])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def measure(url: str, duration: int, only: set[str] | None = None) -> list[dict]:
    code = common.first_contract_code(url)
    rows = []
    with common.server(url) as base:
        cookies = {}
        targets = [("floor", None, "/_floor")] + common.pages(code)
        for name, role, path in targets:
            if only and name not in only and name != "floor":
                continue
            if role and role not in cookies:
                cookies[role] = common.sign_in(base, common.email_of(role, code))
            cookie = cookies.get(role, "")
            status, body, headers = common.request(base, path, cookie)
            if status != 200:
                raise RuntimeError(f"{name}: {path} answered {status} {headers.get('Location', '')}")
            common.request(base, path, cookie)  # warm both workers a little
            result = wrk(base, path, cookie, len(body), duration)
            result.update(page=name, path=path, size=len(body))
            rows.append(result)
            print(f"  {name:34} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
                  f"p95 {result['p95_ms']:7.1f}  p99 {result['p99_ms']:7.1f}  bad {result['bad']}", flush=True)
    floor = rows[0]["rps"]
    for row in rows:
        row["ratio"] = row["rps"] / floor
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| page | req/s | p50 ms | p95 ms | p99 ms | ratio to floor | bad responses |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['page']} | {row['rps']:,.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
                     f"{row['p99_ms']:.1f} | {row['ratio']:.3f} | {row['bad'] + row['socket_errors']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--page", action="append", help="only these pages (by name), with the floor")
    args = parser.parse_args()
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": common.machine(), "scale": args.scale,
              "duration_s": args.duration, "connections": 16, "workers": 2, "databases": {}}
    failed = False
    for kind in args.db or ["sqlite"]:
        url = common.prepare(kind, args.scale)
        print(f"== {kind}, scale {args.scale:g}", flush=True)
        rows = measure(url, args.duration, set(args.page) if args.page else None)
        report["databases"][kind] = rows
        print(table(rows), flush=True)
        failed = failed or any(row["bad"] or row["socket_errors"] for row in rows)
    print(f"results: {common.write_result(f'pages-{args.scale:g}', report)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
