"""Every performance route against every kind of user (operator of contract B included)."""

from tests.authz.matrix import Route, only

VIEWERS = ("public_manager", "public_officer", "operator_manager", "operator_staff", "reviewer")
M = "2026-10"


def _sub(status="draft"):
    def setup(world):
        from portal.extensions import db
        from tests.performance import helpers

        sub = helpers.submission(world.contract_a)
        if status != "draft":
            from portal.performance import services

            services.submit(sub, world["operator_manager"])
            if status in ("accepted", "approved", "countersigned"):
                for line, kind in services._lines(sub):
                    services.review(sub, line, kind, "accept", "", world["public_manager"], line.version)
            if status in ("approved", "countersigned"):
                services.approve(world.contract_a, sub, world["public_manager"])
        db.session.commit()
        return {"m": M, "line": sub.measurements[0].id, "version": sub.measurements[0].version,
                "file": _evidence(world, sub) if status == "draft" else 0}
    return setup


def _evidence(world, sub):
    from portal.performance import services
    from portal.storage import store_bytes

    stored = store_bytes(b"%PDF-1.4\n%test\n", "report.pdf", {"pdf"})
    return services.add_evidence(sub, stored, world["operator_staff"]).id


def _b_evidence(world):
    """Evidence of contract A requested through contract B's URL: never served."""
    values = _sub()(world)
    return values


viewers = only(VIEWERS, "ok", others_in_a=403)

ROWS = [
    Route("performance.index", "GET", "/contracts/{a}/performance", viewers, setup=_sub()),
    Route("performance.submission", "GET", "/contracts/{a}/performance/{m}", viewers, setup=_sub()),
    Route("performance.submission", "POST", "/contracts/{a}/performance/{m}",
          only(("operator_manager", "operator_staff")), setup=_sub(), data={"value-1": "99"}),
    Route("performance.submit", "POST", "/contracts/{a}/performance/{m}/submit",
          only(("operator_manager",)), setup=_sub()),
    Route("performance.upload_evidence", "POST", "/contracts/{a}/performance/{m}/evidence",
          only(("operator_manager", "operator_staff")), setup=_sub()),
    Route("performance.import_events", "POST", "/contracts/{a}/performance/{m}/events/import",
          only(("operator_manager", "operator_staff")), setup=_sub()),
    Route("performance.events_template", "GET", "/contracts/{a}/performance/events-template.csv", viewers),
    Route("performance.evidence_file", "GET", "/contracts/{a}/performance/evidence/{file}", viewers, setup=_sub()),
    # contract A's file asked for under contract B's address: 404 for everyone, B's operator included
    Route("performance.evidence_file", "GET", "/contracts/{b}/performance/evidence/{file}",
          {"default": 404, "anonymous": "login"}, setup=_b_evidence),
    Route("performance.queue", "GET", "/contracts/{a}/performance/review",
          only(("public_manager", "public_officer"), "ok")),
    Route("performance.review", "POST", "/contracts/{a}/performance/{m}/review/measurement/{line}",
          only(("public_manager", "public_officer")), setup=_sub("submitted"),
          data={"decision": "query", "comment": "Please attach the BMS export."}),
    Route("performance.approve", "POST", "/contracts/{a}/performance/{m}/approve",
          only(("public_manager",)), setup=_sub("accepted")),
    Route("performance.countersign", "POST", "/contracts/{a}/performance/{m}/countersign",
          only(("operator_manager",)), setup=_sub("approved")),
    Route("performance.statement", "GET", "/contracts/{a}/performance/{m}/statement", viewers,
          setup=_sub("approved")),
    Route("performance.statement_csv", "GET", "/contracts/{a}/performance/{m}/statement.csv", viewers,
          setup=_sub("approved")),
    Route("performance.statement_json", "GET", "/contracts/{a}/performance/{m}/statement.json", viewers,
          setup=_sub("approved")),
]
