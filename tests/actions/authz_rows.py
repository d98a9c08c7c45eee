"""Every action-list route against every kind of user."""

from tests.actions.helpers import make_action
from tests.authz.matrix import GOVERNMENT, Route, members_of_a, only, signed_in

EDITORS = (*GOVERNMENT, "operator_manager")


def _partners(world):
    return {"ref": make_action(world).reference}


def _party(world):
    return {"ref": make_action(world, party="operator").reference}


BASE = "/contracts/{a}/actions/{ref}"

ROWS = [
    Route("actions.list_actions", "GET", "/contracts/{a}/actions", members_of_a()),
    Route("actions.list_actions", "GET", "/contracts/{a}/actions?status=all&overdue=y&mine=y&party=operator",
          members_of_a(), headers={"HX-Request": "true"}),
    Route("actions.export_actions", "GET", "/contracts/{a}/actions.csv", members_of_a()),
    Route("actions.new_action", "GET", "/contracts/{a}/actions/new", only(EDITORS, "ok")),
    Route("actions.new_action", "POST", "/contracts/{a}/actions/new", only(EDITORS), data={"title": ""}),
    Route("actions.detail", "GET", BASE, members_of_a("ok", community_rep=404), setup=_partners),
    Route("actions.edit_action", "POST", BASE + "/edit", only(EDITORS) | {"community_rep": 404},
          setup=_partners, data={"title": ""}),
    # The owner (the operator manager) and those holding action.edit move it along.
    Route("actions.set_status", "POST", BASE + "/status", only(EDITORS) | {"community_rep": 404},
          setup=_partners, data={"status": "in_progress"}),
    # A party's action: every member of that party too.
    Route("actions.set_status", "POST", BASE + "/status",
          only((*EDITORS, "operator_staff")) | {"community_rep": 404}, setup=_party,
          data={"status": "in_progress"}),
    Route("actions.my_actions", "GET", "/my/actions", signed_in()),
    Route("actions.my_actions", "GET", "/my/actions?closed=1", signed_in()),
]
