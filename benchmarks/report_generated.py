"""Benchmark: the annual report of the largest generated contract (sibling of report_render.py).

On a generated database (scale 1 by default, made once by benchmarks/common.py), creates the
annual report of the contract with the most feedback for the last full year, every section and
one of its public feedback examples, inside a transaction that is rolled back, then measures as
report_render.py does: total (snapshot to PDF) against WeasyPrint alone on the same HTML, best of
RUNS, and the peak Python memory of the total step. Targets: <= 1.2 x WeasyPrint alone, <= 5 s.

    .venv/bin/python benchmarks/report_generated.py [--db sqlite|postgresql] [--scale 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402

RUNS = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    url = common.prepare(args.db, args.scale)
    os.environ.update(common.bench_env(url))
    import resource

    import sqlalchemy as sa
    from weasyprint import HTML

    from portal import create_app
    from portal.auth.models import User
    from portal.contracts.models import Contract
    from portal.extensions import db
    from portal.feedback.models import Feedback
    from portal.pdf import _IMAGE_CACHE, STATIC_BASE, StaticOnlyFetcher
    from portal.reports import services
    from portal.reports.sections import available_sections

    app = create_app()
    with app.app_context(), app.test_request_context(base_url="http://localhost"):
        contract_id = db.session.scalar(sa.select(Feedback.contract_id).group_by(Feedback.contract_id)
                                        .order_by(sa.func.count().desc()).limit(1))
        contract = db.session.get(Contract, contract_id)
        officer = db.session.scalar(sa.select(User).where(User.email == common.email_of("public_manager", contract.code)))
        year = date.today().year - 1
        keys = [k.key for k in available_sections()]
        started = time.perf_counter()
        report = services.create_report(contract, officer, kind="year", start=date(year, 1, 1),
                                        end=date(year, 12, 31), sections=keys)
        snapshot_s = time.perf_counter() - started
        html = services.report_html(report)

        def total():
            return services.render_report_pdf(report)

        def alone():
            return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf(
                pdf_variant="pdf/ua-1", cache=_IMAGE_CACHE)

        alone()
        totals, alones = [], []
        for _ in range(RUNS):
            c = time.process_time()
            pdf = total()
            totals.append(time.process_time() - c)
            c = time.process_time()
            alone()
            alones.append(time.process_time() - c)
        tracemalloc.start()
        total()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        code = contract.code
        db.session.rollback()
    ratio = min(totals) / min(alones)
    print(f"contract {code} ({args.db}, scale {args.scale:g}), annual report {year}, sections {', '.join(keys)}")
    print(f"snapshot taken in {snapshot_s:.2f} s; HTML {len(html) / 1024:.0f} KB; PDF {len(pdf) / 1024:.0f} KB")
    print(f"CPU, best of {RUNS}: total {min(totals):.2f} s, WeasyPrint alone {min(alones):.2f} s, ratio {ratio:.2f} (<= 1.2)")
    print(f"peak Python memory of the total step {peak / 1048576:.1f} MB; process peak RSS {rss:.0f} MB (<= 250)")
    ok = ratio <= 1.2 and min(totals) <= 5 and rss <= 250
    common.write_result("report-generated", {"date": time.strftime("%Y-%m-%d %H:%M"), "db": args.db, "scale": args.scale,
                                             "snapshot_s": snapshot_s, "total_cpu_s": min(totals), "alone_cpu_s": min(alones),
                                             "ratio": ratio, "peak_python_mb": peak / 1048576, "peak_rss_mb": rss})
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
