"""The hostile-input corpus through the feedback forms: stored as typed, shown escaped, never a 500."""

import sqlalchemy as sa
from markupsafe import escape

from portal.extensions import db
from portal.feedback.models import Feedback
from tests.feedback.helpers import category
from tests.hostile import printable


def test_public_feedback_form_keeps_hostile_text_inert(client, world, hostile):
    data = {"kind": "complaint", "category": str(category(world.contract_a).id),
            "text": hostile, "place": hostile[:200], "name": hostile[:120]}
    response = client.post("/feedback/new?contract=AAA", data=data)
    assert response.status_code in (303, 422), response.status_code
    if response.status_code == 422:
        assert b"<script>alert" not in response.data
        return
    feedback = db.session.scalar(sa.select(Feedback).order_by(Feedback.id.desc()))
    assert "".join(feedback.text.split()) == "".join(printable(hostile).split())
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    body = page.data.decode()
    assert "<script>alert" not in body and "<svg/onload" not in body and "onerror=alert" not in body.replace(
        "onerror=alert(1)&gt;", "")
    shown = str(escape(feedback.text.split("\n")[0][:40]))[:20]
    assert shown in body


def test_staff_note_with_hostile_text(world, login, hostile_corpus):
    from tests.feedback.helpers import make_feedback

    feedback, _ = make_feedback(world.contract_a)
    db.session.commit()
    officer = login(world["public_officer"])
    url = f"/contracts/AAA/feedback/{feedback.reference}"
    for text in hostile_corpus:
        db.session.refresh(feedback)
        response = officer.post(url + "/note", data={"body": text, "version": feedback.version})
        assert response.status_code in (303, 422)
    page = officer.get(url).data.decode()
    assert "<script>alert" not in page and "<svg/onload" not in page
