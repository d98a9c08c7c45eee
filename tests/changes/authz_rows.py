"""Every changes route against every kind of user (tests/authz/test_matrix.py runs them)."""

from tests.authz.matrix import Route, members_of_a, only

PM, PO, OM = "public_manager", "public_officer", "operator_manager"
PARTNER_READERS = members_of_a(community_rep=404)


def _priced(world):
    from tests.changes.helpers import priced

    return {"ref": priced(world).reference}


def _proposed(world):
    from tests.changes.helpers import proposed

    return {"ref": proposed(world).reference}


def _document(world):
    from portal import storage
    from portal.changes import variations
    from tests.changes.helpers import priced

    variation = priced(world)
    stored = storage.store_bytes(b"%PDF-1.4\n%test\n", "estimate.pdf", storage.DOCUMENTS)
    variations.add_documents(variation, [stored], world[OM])
    return {"ref": variation.reference, "doc": variation.documents[0].id}


def _event(world):
    from tests.changes.helpers import relief_event

    return {"ev": relief_event(world, agree=False).reference}


V = "/contracts/{a}/changes/variations/{ref}"
E = "/contracts/{a}/changes/events/{ev}"


def acting(*roles, status="allowed"):
    """Only `roles` act; other members who read partners' records 403; community reps 404."""
    return {**only(roles, status=status), "community_rep": 404}


ROWS = [
    Route("changes.register", "GET", "/contracts/{a}/changes", members_of_a()),
    Route("changes.register", "GET", "/contracts/{b}/changes", members_of_a(404, operator_b="ok")),
    Route("changes.export_csv", "GET", "/contracts/{a}/changes/variations.csv", members_of_a()),
    Route("changes.export_xlsx", "GET", "/contracts/{a}/changes/variations.xlsx", members_of_a()),
    Route("changes.new_variation", "GET", "/contracts/{a}/changes/variations/new", only((PM, PO, OM), status="ok")),
    Route("changes.new_variation", "POST", "/contracts/{a}/changes/variations/new", only((PM, PO, OM)),
          data={"title": ""}),
    Route("changes.variation", "GET", V, PARTNER_READERS, setup=_priced),
    Route("changes.request_estimate", "POST", V + "/request-estimate", acting(PM), setup=_proposed),
    Route("changes.submit_estimate", "POST", V + "/estimate", acting(OM), setup=_priced),
    Route("changes.approve", "POST", V + "/approve", acting(PM), setup=_priced),
    Route("changes.reject", "POST", V + "/reject", acting(PM), setup=_priced),
    Route("changes.withdraw", "POST", V + "/withdraw", acting(PM, PO), setup=_proposed),
    Route("changes.implement", "POST", V + "/implement", acting(PM), setup=_priced),
    Route("changes.document", "GET", V + "/documents/{doc}", PARTNER_READERS, setup=_document),
    Route("changes.settings", "GET", "/contracts/{a}/changes/settings", only((PM,), status="ok")),
    Route("changes.settings", "POST", "/contracts/{a}/changes/settings", only((PM,)), data={"decide_days": "0"}),
    Route("changes.events_list", "GET", "/contracts/{a}/changes/events", members_of_a()),
    Route("changes.new_event", "GET", "/contracts/{a}/changes/events/new", only((PM, OM), status="ok")),
    Route("changes.new_event", "POST", "/contracts/{a}/changes/events/new", only((PM, OM)), data={"title": ""}),
    Route("changes.event", "GET", E, PARTNER_READERS, setup=_event),
    Route("changes.respond_event", "POST", E + "/respond", acting(PM), setup=_event),
    Route("changes.end_event", "POST", E + "/end", acting(PM, OM), setup=_event),
    Route("changes.withdraw_event", "POST", E + "/withdraw", acting(OM), setup=_event),
    Route("changes.link_event", "POST", E + "/links", acting(PM, PO, OM), setup=_event),
]
