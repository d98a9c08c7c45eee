"""Every feedback route against every kind of user (tests/authz/test_matrix.py runs them)."""

from tests.authz.matrix import GOVERNMENT, OPERATORS, Route, everyone, only, signed_in
from tests.feedback.helpers import make_feedback

QUEUE_READERS = (*GOVERNMENT, *OPERATORS, "reviewer")
ACTIVE = (*GOVERNMENT, *OPERATORS)
ANSWERERS = (*GOVERNMENT, "operator_manager")


def _item(world):
    feedback, token = make_feedback(world.contract_a)
    return {"ref": feedback.reference, "token": token}


def _sensitive(world):
    feedback, token = make_feedback(world.contract_a, sensitive=True)
    return {"ref": feedback.reference, "token": token}


def _mine(world):
    feedback, _token = make_feedback(world.contract_a, submitter=world["community"])
    return {"mine": feedback.id}


def _on_board(world):
    from portal.feedback import services

    feedback, _token = make_feedback(world.contract_a)
    services.moderate(feedback, world["public_manager"], "The barrier at gate B was broken.")
    return {"ref": feedback.reference}


def _with_file(world):
    from portal import storage
    from portal.extensions import db
    from portal.feedback.models import FeedbackAttachment

    feedback, _token = make_feedback(world.contract_a)
    stored = storage.store_bytes(b"%PDF-1.4\n%test\n", "letter.pdf", storage.DOCUMENTS)
    item = FeedbackAttachment(feedback_id=feedback.id, contract_id=feedback.contract_id, key=stored.key,
                              original_name=stored.original_name, size=stored.size,
                              content_type=stored.content_type, sha256=stored.sha256)
    db.session.add(item)
    db.session.flush()
    return {"ref": feedback.reference, "file": item.id}


BASE = "/contracts/{a}/feedback/{ref}"

ROWS = [
    Route("feedback.new_feedback", "GET", "/feedback/new", everyone()),
    Route("feedback.new_feedback", "GET", "/feedback/new?contract={a}", everyone()),
    Route("feedback.new_feedback", "POST", "/feedback/new?contract={a}", everyone("allowed"),
          data={"kind": "complaint", "text": ""}),
    Route("feedback.track", "GET", "/feedback/track/{token}", everyone(), setup=_item),
    Route("feedback.track", "POST", "/feedback/track/{token}", everyone("allowed"), setup=_item,
          data={"action": "reply", "body": "hello"}),
    Route("feedback.my_feedback", "GET", "/my/feedback", signed_in()),
    Route("feedback.my_item", "GET", "/my/feedback/{mine}", signed_in(404, community="ok"), setup=_mine),
    Route("feedback.my_item", "POST", "/my/feedback/{mine}", signed_in(404, community="allowed"), setup=_mine,
          data={"action": "rate", "satisfied": "yes"}),
    Route("feedback.queue", "GET", "/contracts/{a}/feedback", only(QUEUE_READERS, "ok")),
    Route("feedback.queue", "GET", "/contracts/{a}/feedback?status=open&overdue=y&assigned=me",
          only(QUEUE_READERS, "ok"), headers={"HX-Request": "true"}),
    Route("feedback.register_feedback", "GET", "/contracts/{a}/feedback/register", only(ACTIVE, "ok")),
    Route("feedback.register_feedback", "POST", "/contracts/{a}/feedback/register", only(ACTIVE),
          data={"kind": "complaint"}),
    Route("feedback.detail", "GET", BASE, only(QUEUE_READERS, "ok"), setup=_item),
    # A sensitive grievance: government officers (and the independent reviewer) only.
    Route("feedback.detail", "GET", BASE, only((*GOVERNMENT, "reviewer"), "ok", others_in_a=404)
          | {"community_rep": 403}, setup=_sensitive),
    Route("feedback.acknowledge", "POST", BASE + "/acknowledge", only(ANSWERERS), setup=_item),
    Route("feedback.assign", "POST", BASE + "/assign", only(ANSWERERS), setup=_item),
    Route("feedback.ask_question", "POST", BASE + "/question", only(ANSWERERS), setup=_item),
    Route("feedback.add_note", "POST", BASE + "/note", only(ACTIVE), setup=_item),
    Route("feedback.respond", "POST", BASE + "/respond", only(ANSWERERS), setup=_item),
    Route("feedback.respond", "POST", BASE + "/respond",
          only(GOVERNMENT, others_in_a=404) | {"reviewer": 403, "community_rep": 403}, setup=_sensitive),
    Route("feedback.close", "POST", BASE + "/close", only(ANSWERERS), setup=_item),
    Route("feedback.decide_appeal", "POST", BASE + "/appeal-decision", only(GOVERNMENT), setup=_item),
    Route("feedback.moderate", "POST", BASE + "/moderate", only(GOVERNMENT), setup=_item),
    Route("feedback.hide", "POST", BASE + "/hide", only(GOVERNMENT), setup=_item),
    Route("feedback.attachment", "GET", BASE + "/files/{file}", only(QUEUE_READERS, "ok"), setup=_with_file),
    Route("feedback.board", "GET", "/contracts/{a}/feedback/board", everyone()),
    Route("feedback.report", "POST", "/contracts/{a}/feedback/board/{ref}/report", everyone("allowed"),
          setup=_on_board, data={"reason": "Names a member of staff."}),
]
