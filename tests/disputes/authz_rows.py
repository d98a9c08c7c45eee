"""Every dispute route against every kind of user. Community representatives get 404 on every
dispute page, like outsiders."""

from tests.authz.matrix import Route, only

READERS = ("public_manager", "public_officer", "operator_manager", "operator_staff", "reviewer")
PARTIES = ("public_manager", "operator_manager")
NOT_COMMUNITY = {"community_rep": 404}


def _dispute(world):
    from tests.disputes.helpers import make_dispute

    dispute = make_dispute(world.contract_a, world["operator_manager"])
    return {"ref": dispute.reference}


def _closed(world):
    from portal.disputes import services
    from tests.disputes.helpers import make_dispute

    dispute = make_dispute(world.contract_a, world["operator_manager"])
    services.close(dispute, world["public_manager"], "settled", 100, "Agreed.")
    return {"ref": dispute.reference}


def _with_document(world):
    from portal import storage
    from portal.disputes import services
    from tests.disputes.helpers import make_dispute

    dispute = make_dispute(world.contract_a, world["operator_manager"])
    stored = storage.store_bytes(b"%PDF-1.4\n%test\n", "logs.pdf", storage.DOCUMENTS)
    services.add_submission(dispute, world["operator_manager"], "operator", "Logs.", [stored])
    return {"ref": dispute.reference, "file": dispute.documents[0].id}


BASE = "/contracts/{a}/disputes/{ref}"

ROWS = [
    Route("disputes.list_disputes", "GET", "/contracts/{a}/disputes", only(READERS, "ok", others_in_a=404)),
    Route("disputes.list_disputes", "GET", "/contracts/{a}/disputes?status=open&overdue=y",
          only(READERS, "ok", others_in_a=404), headers={"HX-Request": "true"}),
    Route("disputes.new_dispute", "GET", "/contracts/{a}/disputes/new", only(PARTIES, "ok")),
    Route("disputes.new_dispute", "POST", "/contracts/{a}/disputes/new", only(PARTIES) | NOT_COMMUNITY,
          data={"clause": ""}),
    Route("disputes.ladder", "GET", "/contracts/{a}/disputes/ladder", only(READERS, "ok", others_in_a=404)),
    Route("disputes.ladder", "POST", "/contracts/{a}/disputes/ladder", only(("public_manager",)) | NOT_COMMUNITY,
          data={"ladder": "Notice: 5", "version": "0"}),
    Route("disputes.detail", "GET", BASE, only(READERS, "ok", others_in_a=404), setup=_dispute),
    Route("disputes.advance", "POST", BASE + "/stage", only(PARTIES) | NOT_COMMUNITY, setup=_dispute,
          data={"stage": "negotiation"}),
    Route("disputes.submit", "POST", BASE + "/submissions", only(PARTIES) | NOT_COMMUNITY, setup=_dispute,
          data={"body": "Our submission."}),
    Route("disputes.set_position", "POST", BASE + "/position", only(PARTIES) | NOT_COMMUNITY, setup=_dispute,
          data={"body": "Our position."}),
    Route("disputes.close", "POST", BASE + "/close", only(("public_manager",)) | NOT_COMMUNITY, setup=_dispute,
          data={"outcome": "withdrawn", "reasons": "Withdrawn."}),
    Route("disputes.publish", "POST", BASE + "/publish", only(("public_manager",)) | NOT_COMMUNITY, setup=_closed,
          data={"publish": "y"}),
    Route("disputes.document", "GET", BASE + "/files/{file}", only(READERS, "ok", others_in_a=404),
          setup=_with_document),
    Route("disputes.notice_pdf", "GET", BASE + "/notice.pdf", only(READERS, "ok", others_in_a=404), setup=_dispute),
    Route("disputes.outcome_pdf", "GET", BASE + "/outcome.pdf", only(READERS, "ok", others_in_a=404),
          setup=_closed),
]
