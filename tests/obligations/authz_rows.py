"""Every obligations route against every kind of user (tests/authz/test_matrix.py runs them)."""

from tests.authz.matrix import GOVERNMENT, OPERATORS, Route, members_of_a, only, signed_in

READERS = members_of_a(community_rep=404)


def _item(world):
    from tests.obligations.helpers import obligation

    item = obligation(world)
    return {"ob": item.id, "due": item.next_due.id}


def _submitted(world):
    from portal import storage
    from portal.obligations import services
    from tests.obligations.helpers import obligation

    item = obligation(world)
    stored = storage.store_bytes(b"%PDF-1.4\n%test\n", "certificate.pdf", storage.DOCUMENTS)
    services.send_evidence(item.next_due, world["operator_manager"], [stored])
    return {"ob": item.id, "due": item.next_due.id, "file": item.next_due.evidence[0].id}


OB = "/contracts/{a}/obligations"

ROWS = [
    Route("obligations.calendar", "GET", OB, READERS),
    Route("obligations.calendar", "GET", "/contracts/{b}/obligations", members_of_a(404, operator_b="ok")),
    Route("obligations.handback", "GET", OB + "/handback", READERS),
    Route("obligations.due_list", "GET", "/obligations/due", signed_in()),
    Route("obligations.new_obligation", "GET", OB + "/new", only(("public_manager",), status="ok")),
    Route("obligations.new_obligation", "POST", OB + "/new", only(("public_manager",)), data={"title": ""}),
    Route("obligations.obligation", "GET", OB + "/{ob}", READERS, setup=_item),
    Route("obligations.edit_obligation", "GET", OB + "/{ob}/edit", only(("public_manager",), status="ok"), setup=_item),
    Route("obligations.edit_obligation", "POST", OB + "/{ob}/edit", only(("public_manager",)), setup=_item,
          data={"title": ""}),
    Route("obligations.send_evidence", "POST", OB + "/dues/{due}/evidence",
          only(OPERATORS), setup=_item),
    Route("obligations.check_evidence", "POST", OB + "/dues/{due}/check",
          only(GOVERNMENT), setup=_submitted),
    Route("obligations.evidence_file", "GET", OB + "/evidence/{file}", READERS, setup=_submitted),
]
