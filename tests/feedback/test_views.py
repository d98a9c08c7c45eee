"""The feedback journeys through the test client."""

import io
import re

import sqlalchemy as sa

from portal.extensions import db
from portal.feedback import board, handling, settings
from portal.feedback.models import Feedback
from tests.feedback.helpers import category, make_feedback

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def form(world, **values):
    data = {"kind": "complaint", "category": str(category(world.contract_a).id),
            "text": "Overflowing bins <script>alert(1)</script> at the main entrance.", "place": "Main entrance",
            "email": "resident@example.org", "name": "Jo Resident"}
    data.update(values)
    return data


def test_contract_picker_then_preselected_form(client, world):
    page = client.get("/feedback/new")
    assert page.status_code == 200 and b"AAA" in page.data
    page = client.get("/feedback/new?contract=AAA")
    assert b"Who sees this" in page.data and b"Give feedback on Alpha Hospital" in page.data


def test_anonymous_submission_gives_reference_and_tracking_link(client, world, outbox):
    response = client.post("/feedback/new?contract=AAA", data=form(world, attachments=(io.BytesIO(PNG), "bins.png")),
                           content_type="multipart/form-data")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "/feedback/track/" in location
    feedback = db.session.scalar(sa.select(Feedback).order_by(Feedback.id.desc()))
    assert feedback.reference == "AAA-FB-2026-00001" or feedback.reference.startswith("AAA-FB-")
    assert len(feedback.attachments) == 1 and feedback.channel == "web" and feedback.submitter_id is None
    mail = [m for m in outbox if m["To"] == "resident@example.org"]
    assert mail and feedback.reference in mail[0].get_content()
    token = location.split("/feedback/track/")[1].split("?")[0]
    assert token in mail[0].get_content()
    page = client.get(location)
    assert page.status_code == 200 and feedback.reference.encode() in page.data
    assert b"&lt;script&gt;" in page.data and b"<script>alert" not in page.data  # escaped
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_bad_upload_is_refused_and_the_form_kept(client, world):
    response = client.post("/feedback/new?contract=AAA",
                           data=form(world, attachments=(io.BytesIO(b"MZ\x90\x00 not a pdf"), "virus.pdf")),
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert b"not a file type we accept" in response.data
    assert b"Main entrance" in response.data and b"Overflowing bins" in response.data
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0


def test_missing_fields_422_keeps_input(client, world):
    response = client.post("/feedback/new?contract=AAA", data=form(world, category="0", text=""))
    assert response.status_code == 422 and b"Choose a category" in response.data and b"Jo Resident" in response.data


def test_honeypot(client, world):
    response = client.post("/feedback/new?contract=AAA", data=form(world, website="http://spam.example"))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Feedback.id))) == 0


def test_rate_limit_per_address_with_a_clear_message(app, client, world):
    limit = int(app.config["FEEDBACK_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert client.post("/feedback/new?contract=AAA", data=form(world)).status_code == 303
    # failed submissions do not count, the next good one is refused
    response = client.post("/feedback/new?contract=AAA", data=form(world))
    assert response.status_code == 429
    assert b"several pieces of feedback from this address" in response.data


def test_unpublished_contract_is_not_offered(client, world):
    world.contract_b.is_published = False
    db.session.flush()
    page = client.get("/feedback/new?contract=BBB")
    assert b"Choose one of the contracts" in page.data


def test_staff_journey_acknowledge_assign_ask_note_respond(login, world, outbox):
    feedback, token = make_feedback(world.contract_a, email="resident@example.org")
    om = login(world["operator_manager"])
    base = f"/contracts/AAA/feedback/{feedback.reference}"
    queue = om.get("/contracts/AAA/feedback")
    assert queue.status_code == 200 and feedback.reference.encode() in queue.data
    fragment = om.get("/contracts/AAA/feedback?status=received", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and b"<html" not in fragment.data and feedback.reference.encode() in fragment.data
    assert om.post(base + "/acknowledge").status_code == 303
    v = lambda: str(feedback.version)  # noqa: E731
    assert om.post(base + "/assign", data={"assignee": world["operator_staff"].id, "version": v()}).status_code == 303
    assert om.post(base + "/question", data={"body": "Which bins?", "version": v()}).status_code == 303
    staff = login(world["operator_staff"])
    assert staff.post(base + "/note", data={"body": "Contractor called", "version": v()}).status_code == 303
    assert staff.post(base + "/respond", data={"body": "x", "version": v()}).status_code == 403
    # a stale form keeps the text
    stale = om.post(base + "/respond", data={"body": "My careful answer", "version": "1"})
    assert stale.status_code == 422 and b"My careful answer" in stale.data and b"Someone else saved this feedback" in stale.data
    template = settings.response_templates(world.contract_a)[0]
    prefilled = om.get(base + f"?template={template.id}")
    assert template.body.split(".")[0].encode() in prefilled.data
    assert om.post(base + "/respond", data={"body": "Bins are now emptied twice a day.", "version": v()}).status_code == 303
    page = om.get(base)
    for label in (b"Acknowledged", b"Assigned", b"Question to the submitter", b"Internal note", b"Response published"):
        assert label in page.data
    public = login(None).get(f"/feedback/track/{token}")
    assert b"Bins are now emptied" in public.data and b"Which bins?" in public.data
    assert b"Contractor called" not in public.data  # internal notes never reach the submitter


def test_submitter_replies_rates_and_appeals_once(login, world):
    feedback, token = make_feedback(world.contract_a)
    anon = login(None)
    url = f"/feedback/track/{token}"
    handling.ask_question(feedback, world["operator_manager"], "When?")
    assert anon.post(url, data={"action": "reply", "body": "Monday"}).status_code == 303
    handling.respond(feedback, world["operator_manager"], "Fixed")
    assert anon.post(url, data={"action": "rate"}).status_code == 422
    assert anon.post(url, data={"action": "rate", "satisfied": "no", "comment": "Not fixed"}).status_code == 303
    assert anon.post(url, data={"action": "appeal", "body": ""}).status_code == 422
    assert anon.post(url, data={"action": "appeal", "body": "Still overflowing"}).status_code == 303
    assert feedback.status == "appealed"
    assert anon.post(url, data={"action": "appeal", "body": "again"}).status_code == 422
    pm = login(world["public_manager"])
    base = f"/contracts/AAA/feedback/{feedback.reference}"
    om = login(world["operator_manager"])
    assert om.post(base + "/appeal-decision", data={"body": "x", "version": str(feedback.version)}).status_code == 403
    assert pm.post(base + "/appeal-decision", data={"body": "Upheld", "version": str(feedback.version)}).status_code == 303
    assert b"Decision on your appeal" in anon.get(url).data


def test_register_on_behalf_records_the_channel(login, world):
    staff = login(world["operator_staff"])
    response = staff.post("/contracts/AAA/feedback/register", data=form(world, channel="phone", email=""))
    assert response.status_code == 303
    feedback = db.session.scalar(sa.select(Feedback).order_by(Feedback.id.desc()))
    assert feedback.channel == "phone" and feedback.registered_by_id == world["operator_staff"].id
    assert feedback.submitter_id is None
    assert b"by phone" in staff.get(f"/contracts/AAA/feedback/{feedback.reference}").data


def test_signed_in_member_sees_all_their_feedback(login, world):
    me = login(world["community"])
    assert me.post("/feedback/new?contract=AAA", data=form(world)).status_code == 303
    make_feedback(world.contract_b, submitter=world["community"])
    make_feedback(world.contract_a)  # someone else's
    page = me.get("/my/feedback")
    assert len(re.findall(rb"href=\"/my/feedback/\d+\"", page.data)) == 2


def test_public_board_shows_only_moderated_items_redacted(login, world):
    hidden, _ = make_feedback(world.contract_a, text="Unmoderated complaint text")
    shown, _ = make_feedback(world.contract_a, text="Call me on 0871234567 about the lift")
    anon = login(None)
    assert b"Unmoderated" not in anon.get("/contracts/AAA/feedback/board").data
    pm = login(world["public_manager"])
    base = f"/contracts/AAA/feedback/{shown.reference}"
    assert login(world["operator_manager"]).post(base + "/moderate", data={"public_text": "x"}).status_code == 403
    assert pm.post(base + "/moderate", data={"public_text": "The lift was out of order.",
                                             "version": str(shown.version)}).status_code == 303
    board = anon.get("/contracts/AAA/feedback/board").data
    assert b"The lift was out of order." in board and b"0871234567" not in board and b"Unmoderated" not in board
    assert b"Name withheld" in board
    assert b"The lift was out of order." in anon.get("/contracts/AAA").data or b"Give feedback" in anon.get("/contracts/AAA").data
    # an outsider never reaches the unmoderated record
    assert login(world["operator_b"]).get(f"/contracts/AAA/feedback/{hidden.reference}").status_code == 404
    # report abuse, then the moderator hides it with a reason
    assert anon.post(f"/contracts/AAA/feedback/board/{shown.reference}/report", data={"reason": "x"}).status_code == 303
    assert anon.post(f"/contracts/AAA/feedback/board/{hidden.reference}/report").status_code == 404
    assert pm.post(base + "/hide", data={"reason": "Personal data", "version": str(shown.version)}).status_code == 303
    board = anon.get("/contracts/AAA/feedback/board").data
    assert b"hidden by a moderator: Personal data" in board and b"The lift was out of order." not in board


def test_sensitive_grievance_hidden_from_operator(login, world):
    feedback, _ = make_feedback(world.contract_a, sensitive=True, text="A porter harassed my daughter")
    om = login(world["operator_manager"])
    assert b"harassed" not in om.get("/contracts/AAA/feedback").data
    assert om.get(f"/contracts/AAA/feedback/{feedback.reference}").status_code == 404
    pm = login(world["public_manager"])
    page = pm.get(f"/contracts/AAA/feedback/{feedback.reference}")
    assert b"harassed" in page.data and b"Publish on the board" not in page.data


def test_overview_panel_shows_figures_to_staff_only(login, world):
    make_feedback(world.contract_a)
    assert b"Responded on time" in login(world["public_officer"]).get("/contracts/AAA").data
    assert b"Responded on time" not in login(world["community_rep"]).get("/contracts/AAA").data
    assert b"Give feedback" in login(None).get("/contracts/AAA").data


def _submit_with_file(client, world, **values):
    response = client.post("/feedback/new?contract=AAA", data=form(world, attachments=(io.BytesIO(PNG), "bins.png"),
                                                                   **values),
                           content_type="multipart/form-data")
    assert response.status_code == 303
    token = response.headers["Location"].split("/feedback/track/")[1].split("?")[0]
    return db.session.scalar(sa.select(Feedback).order_by(Feedback.id.desc())), token


def test_submitter_lists_and_downloads_their_files_with_the_token(client, login, world):
    feedback, token = _submit_with_file(client, world)
    item = feedback.attachments[0]
    page = client.get(f"/feedback/track/{token}")
    url = f"/feedback/track/{token}/files/{item.id}"
    assert b"Files you sent" in page.data and b"bins.png" in page.data and url.encode() in page.data
    download = login(None).get(url)
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "private, no-store"
    # another feedback's token does not open this file, and a bare id opens nothing
    _other, other_token = _submit_with_file(client, world)
    assert login(None).get(f"/feedback/track/{other_token}/files/{item.id}").status_code == 404
    assert login(None).get(f"/feedback/track/x{token}/files/{item.id}").status_code == 404
    # the staff record lists the same file through the staff route
    staff_page = login(world["operator_manager"]).get(f"/contracts/AAA/feedback/{feedback.reference}")
    staff_url = f"/contracts/AAA/feedback/{feedback.reference}/files/{item.id}"
    assert b"Files from the submitter" in staff_page.data and staff_url.encode() in staff_page.data
    assert login(world["operator_manager"]).get(staff_url).data == PNG
    assert login(world["operator_b"]).get(staff_url).status_code == 404


def test_signed_in_submitter_downloads_from_their_own_page(login, world):
    me = login(world["community"])
    feedback, _token = _submit_with_file(me, world)
    item = feedback.attachments[0]
    url = f"/my/feedback/{feedback.id}/files/{item.id}"
    assert url.encode() in me.get(f"/my/feedback/{feedback.id}").data
    assert me.get(url).data == PNG
    assert login(world["community_rep"]).get(url).status_code == 404


def test_record_without_files_says_so(login, world):
    feedback, token = make_feedback(world.contract_a)
    assert b"No files." in login(world["public_manager"]).get(f"/contracts/AAA/feedback/{feedback.reference}").data
    assert b"Files you sent" not in login(None).get(f"/feedback/track/{token}").data


def test_sensitive_grievance_is_refused_to_the_reviewer(client, login, world):
    feedback, token = _submit_with_file(client, world, kind="grievance", sensitive="y",
                                        text="A porter harassed my daughter")
    assert feedback.sensitive and feedback.attachments[0].is_sensitive
    reviewer = login(world["reviewer"])
    base = f"/contracts/AAA/feedback/{feedback.reference}"
    assert reviewer.get(base).status_code == 404
    assert reviewer.get(f"{base}/files/{feedback.attachments[0].id}").status_code == 404
    assert b"harassed" not in reviewer.get("/contracts/AAA/feedback").data
    assert feedback.reference.encode() not in reviewer.get("/contracts/AAA/feedback").data
    officer = login(world["public_officer"])
    assert officer.get(base).status_code == 200
    assert officer.get(f"{base}/files/{feedback.attachments[0].id}").data == PNG
    # the submitter still follows it, and is told the operator does not see their files
    page = login(None).get(f"/feedback/track/{token}")
    assert b"harassed" in page.data and b"the officials handling your feedback" in page.data


def test_the_record_page_offers_only_what_the_state_and_the_role_allow(login, world):
    feedback, _ = make_feedback(world.contract_a, routed_to="operator")
    base = f"/contracts/AAA/feedback/{feedback.reference}"
    om, pm = login(world["operator_manager"]), login(world["public_manager"])

    def buttons(client) -> set[str]:
        names = ("Acknowledge", "Publish response", "Send question", "Close feedback", "Publish decision",
                 "Add note", "Publish on the board", "Update the board", "Hide text")
        page = client.get(base).data.decode()
        return {name for name in names if f">{name}</button>" in page}

    assert buttons(om) == {"Acknowledge", "Publish response", "Send question", "Add note"}
    assert buttons(pm) == {"Acknowledge", "Publish response", "Send question", "Add note", "Publish on the board"}
    assert buttons(login(world["reviewer"])) == set()
    handling.respond(feedback, world["operator_manager"], "Fixed.")
    assert buttons(om) == {"Close feedback", "Add note"}
    handling.rate(feedback, False)
    handling.appeal(feedback, "Still broken.")
    assert buttons(om) == {"Add note"}  # the appeal is the public authority's
    board.moderate(feedback, world["public_manager"], "The barrier was broken.")
    assert buttons(pm) == {"Publish decision", "Add note", "Update the board", "Hide text"}


def test_the_tracking_page_offers_the_submitter_their_next_step_only(login, world):
    feedback, token = make_feedback(world.contract_a)
    anon, url = login(None), f"/feedback/track/{token}"

    def steps() -> set[str]:
        page = anon.get(url).data.decode()
        return {name for name in ("Send your answer", "Send your rating", "Send appeal") if f">{name}</button>" in page}

    assert steps() == set()
    handling.ask_question(feedback, world["operator_manager"], "Which gate?")
    assert steps() == {"Send your answer"}
    handling.reply(feedback, "Gate B")
    handling.respond(feedback, world["operator_manager"], "Fixed.")
    assert steps() == {"Send your rating"}  # an appeal comes after saying the response does not resolve it
    assert anon.post(url, data={"action": "appeal", "body": "Skip the rating"}).status_code == 422
    handling.rate(feedback, False)
    assert steps() == {"Send appeal"}
    handling.appeal(feedback, "Still broken.")
    assert steps() == set()


def test_my_own_feedback_page_is_mine_only(login, world):
    feedback, _ = make_feedback(world.contract_a, submitter=world["community"])
    assert login(world["community"]).get(f"/my/feedback/{feedback.id}").status_code == 200
    assert login(world["public_manager"]).get(f"/my/feedback/{feedback.id}").status_code == 404
