"""Every performance route against every kind of user (operator of contract B included)."""

from portal import clock
from portal.extensions import db
from portal.performance import queries, services
from portal.storage import store_bytes
from tests.authz.matrix import Route, only
from tests.performance import helpers

VIEWERS = ("public_manager", "public_officer", "operator_manager", "operator_staff", "reviewer")
M = "2026-10"


def _sub(status="draft"):
    def setup(world):
        sub = helpers.submission(world.contract_a)
        if status != "draft":
            helpers.advance(world, sub, status)
        db.session.commit()
        return {"m": M, "line": sub.measurements[0].id, "version": sub.measurements[0].version,
                "file": _evidence(world, sub) if status == "draft" else 0}
    return setup


def _evidence(world, sub):
    stored = store_bytes(b"%PDF-1.4\n%test\n", "report.pdf", {"pdf"})
    return services.add_evidence(sub, stored, world["operator_staff"]).id


def _framework(world):
    """The framework of contract A (terms, an area, KPIs) with a draft period: ids for the edit pages."""
    values = _sub()(world)
    contract = world.contract_a
    values.update(terms=queries.terms_for(contract, clock.today()).id,
                  area=queries.areas_of(contract)[0].id, kpi=queries.kpis_of(contract)[0].id)
    return values


def _only_framework(world):
    """Terms in force and nothing opened yet: the month can be opened."""
    helpers.framework(world.contract_a)
    db.session.commit()
    return {}


def _b_evidence(world):
    """Evidence of contract A requested through contract B's address: never served."""
    return _sub()(world)


viewers = only(VIEWERS, "ok", others_in_a=403)
managers_page = only(("public_manager",), "ok")
managers_act = only(("public_manager",))

ROWS = [
    Route("performance.index", "GET", "/contracts/{a}/performance", viewers, setup=_sub()),
    Route("performance.open_period", "POST", "/contracts/{a}/performance/open",
          only(("operator_manager", "operator_staff", "public_manager")), setup=_only_framework),
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
    # the framework: everyone who follows performance reads it; only the public manager changes it
    Route("performance.framework_index", "GET", "/contracts/{a}/performance/framework", viewers, setup=_framework),
    Route("performance.new_terms", "GET", "/contracts/{a}/performance/framework/terms/new", managers_page,
          setup=_framework),
    Route("performance.new_terms", "POST", "/contracts/{a}/performance/framework/terms/new", managers_act,
          setup=_framework, data={"annual_unitary_charge": "x"}),
    Route("performance.edit_terms", "GET", "/contracts/{a}/performance/framework/terms/{terms}", managers_page,
          setup=_framework),
    Route("performance.edit_terms", "POST", "/contracts/{a}/performance/framework/terms/{terms}", managers_act,
          setup=_framework, data={"annual_unitary_charge": "x"}),
    # contract A's terms under contract B's address: never found (B's operator may not manage at all)
    Route("performance.edit_terms", "GET", "/contracts/{b}/performance/framework/terms/{terms}",
          {"default": 404, "anonymous": "login", "operator_b": 403}, setup=_framework),
    Route("performance.edit_area", "GET", "/contracts/{a}/performance/framework/areas/new", managers_page),
    Route("performance.edit_area", "POST", "/contracts/{a}/performance/framework/areas/new", managers_act,
          data={"name": ""}),
    Route("performance.edit_area", "GET", "/contracts/{a}/performance/framework/areas/{area}", managers_page,
          setup=_framework),
    Route("performance.edit_area", "POST", "/contracts/{a}/performance/framework/areas/{area}", managers_act,
          setup=_framework, data={"name": ""}),
    Route("performance.edit_kpi", "GET", "/contracts/{a}/performance/framework/kpis/new", managers_page),
    Route("performance.edit_kpi", "POST", "/contracts/{a}/performance/framework/kpis/new", managers_act,
          data={"code": ""}),
    Route("performance.edit_kpi", "GET", "/contracts/{a}/performance/framework/kpis/{kpi}", managers_page,
          setup=_framework),
    Route("performance.edit_kpi", "POST", "/contracts/{a}/performance/framework/kpis/{kpi}", managers_act,
          setup=_framework, data={"code": ""}),
    Route("performance.events_template_xlsx", "GET", "/contracts/{a}/performance/events-template.xlsx", viewers),
    # the recorded correction of an approved period, and the statement's revisions
    Route("performance.correction", "GET", "/contracts/{a}/performance/{m}/correction", managers_page,
          setup=_sub("approved")),
    Route("performance.correction", "POST", "/contracts/{a}/performance/{m}/correction", managers_act,
          setup=_sub("approved"), data={"reason": ""}),
    Route("performance.statement_revision", "GET", "/contracts/{a}/performance/{m}/statement/revision-1", viewers,
          setup=_sub("approved")),
]
