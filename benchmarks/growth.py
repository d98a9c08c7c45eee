"""Benchmark: how each main page's p50 grows with the data (scales 0.1, 1 and 3 by default).

Runs pages.py's measurement at each scale (shorter runs: 10 s per page) and prints the curve: p50
per page and scale, and the ratio of the largest scale's p50 to the smallest's (flat = about 1).
Scale 3 takes long to generate (150 contracts, about 9 million rows with the audit events).

    .venv/bin/python benchmarks/growth.py --db sqlite [--scale 0.1 --scale 1 --scale 3] [--duration 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common, pages  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=float, action="append")
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    scales = args.scale or [0.1, 1.0, 3.0]
    curves = {}
    for scale in scales:
        print(f"== {args.db}, scale {scale:g}", flush=True)
        curves[scale] = {row["page"]: row for row in pages.measure(common.prepare(args.db, scale), args.duration)}
    names = list(curves[scales[0]])
    print("| page | " + " | ".join(f"p50 ms at {s:g}" for s in scales) + f" | p50 at {scales[-1]:g} / at {scales[0]:g} |")
    print("|---" * (len(scales) + 2) + "|")
    for name in names:
        p50s = [curves[s][name]["p50_ms"] for s in scales]
        print(f"| {name} | " + " | ".join(f"{p:.1f}" for p in p50s) + f" | {p50s[-1] / p50s[0]:.2f} |")
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": common.machine(), "db": args.db, "curves": curves}
    print(f"results: {common.write_result(f'growth-{args.db}', report)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
