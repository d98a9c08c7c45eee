"""Every partnership route against every kind of user."""

from tests.authz.matrix import GOVERNMENT, OPERATORS, Route, only
from tests.partnership.helpers import make_stakeholder, open_round

VIEWERS = (*GOVERNMENT, *OPERATORS, "reviewer")
RATERS = (*GOVERNMENT, *OPERATORS)


def _gov_stakeholder(world):
    return {"id": make_stakeholder(world).id}


def _partners_stakeholder(world):
    return {"id": make_stakeholder(world, visibility="partners").id}


def _open(world):
    return {"round": open_round(world).id}


def _closed(world):
    from portal.partnership import services

    rnd = open_round(world)
    services.close_round(rnd)
    return {"round": rnd.id}


def _closed_low(world):
    from portal.partnership import services
    from tests.partnership.helpers import extra_members, scores

    rnd = open_round(world)
    for side in ("government", "operator"):
        for user in extra_members(world, side, 3):
            services.answer(rnd, user, scores(2))
    services.close_round(rnd)
    return {"round": rnd.id}


ST = "/contracts/{a}/stakeholders/{id}"
HC = "/contracts/{a}/health/{round}"
# Government-only stakeholders: operators read nothing of them (404 on reads and changes).
GOV_READ = only((*GOVERNMENT, "reviewer"), "ok", others_in_a=404)
GOV_CHANGE = only(GOVERNMENT, others_in_a=404) | {"reviewer": 403, "community_rep": 403}

ROWS = [
    Route("partnership.stakeholder_register", "GET", "/contracts/{a}/stakeholders", only(VIEWERS, "ok")),
    Route("partnership.new_stakeholder", "GET", "/contracts/{a}/stakeholders/new", only(GOVERNMENT, "ok")),
    Route("partnership.new_stakeholder", "POST", "/contracts/{a}/stakeholders/new", only(GOVERNMENT),
          data={"name": ""}),
    Route("partnership.stakeholder", "GET", ST, GOV_READ, setup=_gov_stakeholder),
    Route("partnership.stakeholder", "GET", ST, only(VIEWERS, "ok"), setup=_partners_stakeholder),
    Route("partnership.edit_stakeholder", "GET", ST + "/edit", only(GOVERNMENT, "ok", others_in_a=404),
          setup=_gov_stakeholder),
    Route("partnership.edit_stakeholder", "POST", ST + "/edit", GOV_CHANGE, setup=_gov_stakeholder,
          data={"name": ""}),
    Route("partnership.log_engagement", "POST", ST + "/engagements", GOV_CHANGE, setup=_gov_stakeholder,
          data={"summary": ""}),
    Route("partnership.health", "GET", "/contracts/{a}/health", only(VIEWERS, "ok")),
    Route("partnership.export_health", "GET", "/contracts/{a}/health.csv", only(VIEWERS, "ok")),
    Route("partnership.open_round", "POST", "/contracts/{a}/health/rounds", only(("public_manager",)),
          data={"label": ""}),
    Route("partnership.health_round", "GET", HC, only(VIEWERS, "ok"), setup=_closed),
    Route("partnership.answer_health_check", "GET", HC + "/answer", only(RATERS, "ok"), setup=_open),
    Route("partnership.answer_health_check", "POST", HC + "/answer", only(RATERS), setup=_open,
          data={"trust": "4"}),
    Route("partnership.close_round", "POST", HC + "/close", only(("public_manager",)), setup=_open),
    Route("partnership.release_round", "POST", HC + "/release", only(("public_manager",)), setup=_closed),
    Route("partnership.suggest_action", "POST", HC + "/suggest", only(("public_manager",)), setup=_closed_low,
          data={"dimension": "trust"}),
]
