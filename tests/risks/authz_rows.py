"""Every risk and objective route, and the portfolio, against every kind of user."""

from tests.authz.matrix import GOVERNMENT, OPERATORS, Route, only, signed_in

READERS = (*GOVERNMENT, *OPERATORS, "reviewer")
EVERY_MEMBER = (*READERS, "community_rep")


def _risk(world, **values):
    from tests.risks.helpers import make_risk

    return make_risk(world.contract_a, **values)


def _gov_risk(world):
    return {"ref": _risk(world).reference}


def _shared_risk(world):
    return {"ref": _risk(world, allocation="shared", visibility="partners").reference}


def _closed_risk(world):
    from portal.risks import services

    risk = _risk(world, allocation="shared", visibility="partners")
    services.close_risk(risk, "Passed.")
    return {"ref": risk.reference}


def _kpi(world):
    from tests.performance.helpers import framework

    _area, kpis = framework(world.contract_a)
    return kpis[1].id


def _linked_risk(world):
    from portal.extensions import db
    from portal.risks.models import RiskLink

    risk = _risk(world, allocation="shared", visibility="partners")
    link = RiskLink(risk_id=risk.id, contract_id=risk.contract_id, kind="kpi", ref_id=_kpi(world),
                    visibility=risk.visibility)
    risk.links.append(link)
    db.session.flush()
    return {"ref": risk.reference, "link": link.id}


def _link_target(world):
    return {**_shared_risk(world), "kpi": _kpi(world)}


def _objective(world, visibility="partners"):
    from tests.risks.helpers import make_objective

    return {"obj": make_objective(world.contract_a, visibility=visibility).reference}


def _objective_link(world):
    from portal.extensions import db
    from portal.risks.models import ObjectiveLink
    from tests.risks.helpers import make_objective

    objective = make_objective(world.contract_a)
    link = ObjectiveLink(objective_id=objective.id, contract_id=objective.contract_id, kind="kpi",
                         ref_id=_kpi(world), visibility=objective.visibility)
    objective.links.append(link)
    db.session.flush()
    return {"obj": objective.reference, "link": link.id, "kpi": link.ref_id}


RISK = "/contracts/{a}/risks/{ref}"
OBJ = "/contracts/{a}/objectives/{obj}"
ON_SHARED = only(GOVERNMENT, others_in_a=403)  # operators and reviewers read it, change nothing
ON_GOV = only(GOVERNMENT, others_in_a=403) | {"operator_manager": 404, "operator_staff": 404}

ROWS = [
    Route("contracts.portfolio", "GET", "/my/portfolio", signed_in()),
    Route("contracts.portfolio", "GET", "/my/portfolio?sort=risks_severe&direction=desc", signed_in()),
    Route("risks.index", "GET", "/contracts/{a}/risks", only(READERS, "ok")),
    Route("risks.index", "GET", "/contracts/{a}/risks?kind=opportunity", only(READERS, "ok")),
    Route("risks.register", "GET", "/contracts/{a}/risks/register", only(READERS, "ok"), setup=_gov_risk),
    Route("risks.register", "GET", "/contracts/{a}/risks/register?kind=threat&band=high&overdue=y",
          only(READERS, "ok"), headers={"HX-Request": "true"}),
    Route("risks.export_register", "GET", "/contracts/{a}/risks/register.xlsx", only(READERS, "ok")),
    Route("risks.export_register", "GET", "/contracts/{a}/risks/register.csv", only(READERS, "ok")),
    Route("risks.new_risk", "GET", "/contracts/{a}/risks/new", only(GOVERNMENT, "ok")),
    Route("risks.new_risk", "POST", "/contracts/{a}/risks/new", only(GOVERNMENT), data={"title": ""}),
    Route("risks.detail", "GET", RISK, only(READERS, "ok"), setup=_shared_risk),
    Route("risks.detail", "GET", RISK, only(("reviewer", *GOVERNMENT), "ok"), setup=_gov_risk),
    Route("risks.edit_risk", "GET", RISK + "/edit", only(GOVERNMENT, "ok"), setup=_shared_risk),
    Route("risks.edit_risk", "POST", RISK + "/edit", ON_SHARED, setup=_shared_risk, data={"title": ""}),
    Route("risks.edit_risk", "POST", RISK + "/edit", ON_GOV, setup=_gov_risk, data={"title": ""}),
    Route("risks.review_risk", "POST", RISK + "/review", ON_SHARED, setup=_shared_risk, data={"likelihood": "9"}),
    Route("risks.review_risk", "POST", RISK + "/review", ON_GOV, setup=_gov_risk, data={"likelihood": "9"}),
    Route("risks.close_risk", "POST", RISK + "/close", ON_SHARED, setup=_shared_risk, data={"reason": ""}),
    Route("risks.reopen_risk", "POST", RISK + "/reopen", ON_SHARED, setup=_closed_risk),
    Route("risks.link_risk", "POST", RISK + "/links", ON_SHARED, setup=_link_target,
          data={"kind": "kpi", "ref_id": "0"}),
    Route("risks.unlink_risk", "POST", RISK + "/links/{link}/remove", ON_SHARED, setup=_linked_risk),
    Route("risks.import_register", "GET", "/contracts/{a}/risks/import", only(GOVERNMENT, "ok")),
    Route("risks.import_register", "POST", "/contracts/{a}/risks/import", only(GOVERNMENT), data={}),
    Route("risks.import_template", "GET", "/contracts/{a}/risks/import-template.xlsx", only(GOVERNMENT, "ok")),
    Route("risks.objectives", "GET", "/contracts/{a}/objectives", only(EVERY_MEMBER, "ok")),
    Route("risks.objectives", "POST", "/contracts/{a}/objectives", only(("public_manager",)),
          data={"title": ""}),
    Route("risks.objective", "GET", OBJ, only(READERS, "ok"), setup=_objective),
    Route("risks.objective", "GET", OBJ, only(EVERY_MEMBER, "ok"),
          setup=lambda world: _objective(world, "community")),
    Route("risks.edit_objective", "GET", OBJ + "/edit", only(("public_manager",), "ok"), setup=_objective),
    Route("risks.edit_objective", "POST", OBJ + "/edit",
          only(("public_manager",)) | {"community_rep": 404}, setup=_objective, data={"title": ""}),
    Route("risks.link_objective", "POST", OBJ + "/links",
          only(("public_manager",)) | {"community_rep": 404}, setup=_objective, data={"kind": "kpi"}),
    Route("risks.unlink_objective", "POST", OBJ + "/links/{link}/remove",
          only(("public_manager",)) | {"community_rep": 404}, setup=_objective_link),
]
