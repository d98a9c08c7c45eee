"""Every issue route against every kind of user (tests/authz/test_matrix.py runs them)."""

from tests.authz.matrix import GOVERNMENT, OPERATORS, Route, everyone, members_of_a, only

RAISERS = (*GOVERNMENT, *OPERATORS, "community_rep")  # everyone but the reviewer
WORKERS = (*GOVERNMENT, *OPERATORS)  # on an issue routed to the operator


def _issue(world, visibility="community"):
    from tests.issues.helpers import make_issue

    issue = make_issue(world.contract_a, world["public_officer"], visibility=visibility)
    return {"ref": issue.reference, "version": issue.version}


def _partners(world):
    return _issue(world, "partners")


def _public(world):
    return _issue(world, "public")


def _with_file(world):
    from portal import storage
    from portal.issues import services
    from tests.issues.helpers import make_issue

    issue = make_issue(world.contract_a, world["public_officer"])
    stored = storage.store_bytes(b"%PDF-1.4\n%test\n", "photo.pdf", storage.DOCUMENTS)
    item = services.attach(issue, world["public_officer"], stored)
    return {"ref": issue.reference, "file": item.id}


BASE = "/contracts/{a}/issues/{ref}"
TARGETS = {f"{p}_{k}": v for p in ("urgent", "high", "medium", "low")
           for k, v in (("respond", 1), ("respond_unit", "working_days"), ("resolve", 3), ("resolve_unit", "working_days"))}

ROWS = [
    Route("issues.list_issues", "GET", "/contracts/{a}/issues", members_of_a()),
    Route("issues.list_issues", "GET", "/contracts/{a}/issues?status=open&overdue=y&mine=y&sort=priority",
          members_of_a(), headers={"HX-Request": "true"}),
    Route("issues.counts", "GET", "/contracts/{a}/issues/counts", members_of_a(), headers={"HX-Request": "true"}),
    Route("issues.export_issues", "GET", "/contracts/{a}/issues/export.csv", members_of_a()),
    Route("issues.export_issues", "GET", "/contracts/{a}/issues/export.xlsx", members_of_a()),
    Route("issues.new_issue", "GET", "/contracts/{a}/issues/new", only(RAISERS, "ok")),
    Route("issues.new_issue", "POST", "/contracts/{a}/issues/new", only(RAISERS), data={"title": ""}),
    Route("issues.settings", "GET", "/contracts/{a}/issues/settings", members_of_a()),
    Route("issues.settings", "POST", "/contracts/{a}/issues/settings", only(("public_manager",)),
          data=TARGETS | {"categories": "Lighting", "version": "0"}),
    Route("issues.detail", "GET", BASE, members_of_a(), setup=_issue),
    Route("issues.detail", "GET", BASE, members_of_a(community_rep=404), setup=_partners),
    Route("issues.detail", "GET", BASE, everyone(), setup=_public),
    Route("issues.edit_issue", "GET", BASE + "/edit", only(GOVERNMENT, "ok"), setup=_issue),
    Route("issues.edit_issue", "POST", BASE + "/edit", only(GOVERNMENT), setup=_issue, data={"title": ""}),
    Route("issues.comment", "POST", BASE + "/comments", only(RAISERS), setup=_issue, data={"body": "Seen it."}),
    Route("issues.comment", "POST", BASE + "/comments", only(WORKERS, others_in_a=403) | {"community_rep": 404},
          setup=_partners, data={"body": "Seen it."}, headers={"HX-Request": "true"}),
    Route("issues.change_status", "POST", BASE + "/status", only(WORKERS), setup=_issue,
          data={"status": "in_progress"}),
    Route("issues.assign", "POST", BASE + "/assign", only(WORKERS), setup=_issue, data={"assignee": "0"}),
    Route("issues.attach", "POST", BASE + "/files", only(RAISERS), setup=_issue),
    Route("issues.attachment", "GET", BASE + "/files/{file}", members_of_a(), setup=_with_file),
    Route("issues.add_link", "POST", BASE + "/links", only(WORKERS), setup=_issue, data={"link": "issue:0"}),
    Route("issues.mark_failure", "POST", BASE + "/service-failure", only((*GOVERNMENT, "operator_manager")),
          setup=_issue, data={"area": "0"}),
    Route("issues.toggle_watch", "POST", BASE + "/watch", members_of_a("allowed"), setup=_issue),
]
