"""Every feedback route against every kind of user (tests/authz/test_matrix.py runs them)."""

from portal import storage
from portal.extensions import db
from portal.feedback import board, intake, settings
from portal.feedback.models import FeedbackAttachment
from tests.authz.matrix import GOVERNMENT, OPERATORS, Route, everyone, only, signed_in
from tests.feedback.helpers import category, make_feedback

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
    feedback, _token = make_feedback(world.contract_a)
    board.moderate(feedback, world["public_manager"], "The barrier at gate B was broken.")
    return {"ref": feedback.reference}


def _with_file(world):
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
    Route("feedback.acknowledge", "POST", BASE + "/acknowledge", only(ANSWERERS), setup=_item),
    Route("feedback.assign", "POST", BASE + "/assign", only(ANSWERERS), setup=_item),
    Route("feedback.ask_question", "POST", BASE + "/question", only(ANSWERERS), setup=_item),
    Route("feedback.add_note", "POST", BASE + "/note", only(ACTIVE), setup=_item),
    Route("feedback.respond", "POST", BASE + "/respond", only(ANSWERERS), setup=_item),
    Route("feedback.respond", "POST", BASE + "/respond",
          only(GOVERNMENT, others_in_a=404) | {"community_rep": 403}, setup=_sensitive),
    Route("feedback.close", "POST", BASE + "/close", only(ANSWERERS), setup=_item),
    Route("feedback.decide_appeal", "POST", BASE + "/appeal-decision", only(GOVERNMENT), setup=_item),
    Route("feedback.moderate", "POST", BASE + "/moderate", only(GOVERNMENT), setup=_item),
    Route("feedback.hide", "POST", BASE + "/hide", only(GOVERNMENT), setup=_item),
    Route("feedback.attachment", "GET", BASE + "/files/{file}", only(QUEUE_READERS, "ok"), setup=_with_file),
    Route("feedback.board", "GET", "/contracts/{a}/feedback/board", everyone()),
    Route("feedback.report", "POST", "/contracts/{a}/feedback/board/{ref}/report", everyone("allowed"),
          setup=_on_board, data={"reason": "Names a member of staff."}),
]


def _sensitive_file(world):
    stored = storage.store_bytes(b"%PDF-1.4\n%test\n", "statement.pdf", storage.DOCUMENTS)
    sub = intake.Submission(kind="grievance", category=None, text="A guard threatened me at gate B.",
                              sensitive=True)
    feedback, token = intake.create_feedback(world.contract_a, sub, stored_files=[stored], notify_staff=False)
    return {"ref": feedback.reference, "token": token, "file": feedback.attachments[0].id}


def _submitter_file(world):
    stored = storage.store_bytes(b"%PDF-1.4\n%test\n", "photo.pdf", storage.DOCUMENTS)
    sub = intake.Submission(kind="complaint", category=category(world.contract_a), text="Broken barrier.")
    feedback, token = intake.create_feedback(world.contract_a, sub, submitter=world["community"],
                                               stored_files=[stored], notify_staff=False)
    other, _ = make_feedback(world.contract_a)
    return {"token": token, "mine": feedback.id, "file": feedback.attachments[0].id, "ref": other.reference}


def _category(world):
    settings.ensure_defaults(world.contract_a)
    return {"cat": settings.categories(world.contract_a)[0].id}


def _template(world):
    settings.ensure_defaults(world.contract_a)
    template = settings.response_templates(world.contract_a)[0]
    return {"tpl": template.id}


SETTINGS = "/contracts/{a}/feedback/settings"

ROWS += [
    # Sensitive grievances: the contract's government officers only; the reviewer is refused too.
    Route("feedback.detail", "GET", BASE, only(GOVERNMENT, "ok", others_in_a=404) | {"community_rep": 403},
          setup=_sensitive),
    Route("feedback.attachment", "GET", BASE + "/files/{file}",
          only(GOVERNMENT, "ok", others_in_a=404) | {"community_rep": 403}, setup=_sensitive_file),
    Route("feedback.add_note", "POST", BASE + "/note",
          only(GOVERNMENT, others_in_a=404) | {"community_rep": 403}, setup=_sensitive, data={"body": "x"}),
    # The submitter's files: with the tracking token (anyone holding it), or their own account.
    Route("feedback.track_attachment", "GET", "/feedback/track/{token}/files/{file}", everyone(),
          setup=_submitter_file),
    Route("feedback.track_attachment", "GET", "/feedback/track/not-the-token/files/{file}", everyone(404),
          setup=_submitter_file),
    Route("feedback.my_attachment", "GET", "/my/feedback/{mine}/files/{file}", signed_in(404, community="ok"),
          setup=_submitter_file),
    # Categories (public contract manager) and response templates (government officers).
    Route("feedback.settings", "GET", SETTINGS, only(GOVERNMENT, "ok")),
    Route("feedback.save_defaults", "POST", SETTINGS + "/defaults", only(GOVERNMENT)),
    Route("feedback.add_category", "POST", SETTINGS + "/categories", only(("public_manager",)),
          data={"name": "Parking", "routed_to": "operator"}),
    Route("feedback.edit_category", "GET", SETTINGS + "/categories/{cat}", only(("public_manager",), "ok"),
          setup=_category),
    Route("feedback.edit_category", "POST", SETTINGS + "/categories/{cat}", only(("public_manager",)),
          setup=_category, data={"name": "Renamed", "routed_to": "government", "version": "1"}),
    Route("feedback.add_template", "POST", SETTINGS + "/templates", only(GOVERNMENT),
          data={"title": "Thanks", "body": "Thank you."}),
    Route("feedback.edit_template", "GET", SETTINGS + "/templates/{tpl}", only(GOVERNMENT, "ok"), setup=_template),
    Route("feedback.edit_template", "POST", SETTINGS + "/templates/{tpl}", only(GOVERNMENT), setup=_template,
          data={"title": "Renamed", "body": "Thank you.", "version": "1"}),
    Route("feedback.delete_template", "POST", SETTINGS + "/templates/{tpl}/delete", only(GOVERNMENT),
          setup=_template, data={"version": "1"}),
]
