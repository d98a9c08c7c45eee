"""Dispute pages: raising (and escalating an issue), moving a stage, submissions, positions,
the outcome, the PDF letters, and who sees what."""

from __future__ import annotations

import io

from pypdf import PdfReader

from portal.disputes import services
from portal.extensions import db
from tests.disputes.helpers import make_dispute
from tests.issues.helpers import make_issue

HX = {"HX-Request": "true"}
HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) <b hx-get="/x">b</b>'


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_list_and_fragment(world, login):
    make_dispute(world.contract_a, world["operator_manager"])
    client = login(world["reviewer"])
    page = client.get("/contracts/AAA/disputes")
    assert page.status_code == 200 and "AAA-DSP-001" in page.text
    fragment = client.get("/contracts/AAA/disputes?status=closed", headers=HX)
    assert 'id="dispute-results"' in fragment.text and "<html" not in fragment.text and "AAA-DSP-001" not in fragment.text


def test_escalate_an_issue_into_a_dispute(world, login):
    issue = make_issue(world.contract_a, world["public_officer"], title="Lift 2 out of service for a week")
    client = login(world["operator_manager"])
    issue_page = client.get(f"/contracts/AAA/issues/{issue.reference}")
    assert "Escalate to a dispute" in issue_page.text
    form = client.get(f"/contracts/AAA/disputes/new?link=issue:{issue.id}")
    assert form.status_code == 200 and "Lift 2 out of service for a week" in form.text
    response = client.post("/contracts/AAA/disputes/new", data={
        "clause": "Schedule 18, clause 4.2", "subject": "Lift 2 deductions", "amount": "12500.50",
        "disputed_month": "2026-09", "disputed_reference": "Availability deduction, lift 2",
        "link": f"issue:{issue.id}"})
    assert response.status_code == 303
    dispute = services.find_by_reference(world.contract_a, "AAA-DSP-001")
    assert dispute.amount_minor == 1_250_050 and dispute.disputed_month.isoformat() == "2026-09-01"
    assert issue.dispute_reference == "AAA-DSP-001"
    page = client.get(f"/contracts/AAA/issues/{issue.reference}").text
    assert "Escalated into a formal dispute" in page and "AAA-DSP-001" in page and "Escalate to a dispute" not in page
    rep = login(world["community_rep"]).get(f"/contracts/AAA/issues/{issue.reference}").text
    assert "Escalated into a formal dispute" in rep and "AAA-DSP-001" not in rep


def test_raise_422_keeps_the_text(world, login):
    response = login(world["public_manager"]).post("/contracts/AAA/disputes/new", data={
        "clause": "", "subject": "Kept subject", "disputed_month": "2026-13"})
    assert response.status_code == 422 and "Kept subject" in response.text and "YYYY-MM" in response.text


def test_move_one_stage_and_refuse_a_skip(world, login):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    db.session.commit()  # a refused change rolls back what the request flushed, and only that
    url = f"/contracts/AAA/disputes/{dispute.reference}"
    client = login(world["public_manager"])
    skip = client.post(url + "/stage", data={"stage": "mediation", "version": dispute.version})
    assert skip.status_code == 422 and "cannot be skipped" in skip.text
    good = client.post(url + "/stage", data={"stage": "negotiation", "note": "Meeting on Friday",
                                             "version": dispute.version})
    assert good.status_code == 303 and dispute.stage == "negotiation"
    stale = login(world["operator_manager"]).post(url + "/stage", data={"stage": "mediation", "version": 1})
    assert stale.status_code == 422 and "Someone else saved" in stale.text


def test_submissions_positions_and_documents(world, login):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    db.session.commit()
    url = f"/contracts/AAA/disputes/{dispute.reference}"
    client = login(world["operator_manager"])
    response = client.post(url + "/submissions", data={
        "body": "Lift logs attached.", "files": [(io.BytesIO(b"%PDF-1.4\n%logs\n"), "lift-logs.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 303
    document = dispute.documents[0]
    assert document.stage_id == dispute.stages[0].id and document.sha256
    download = client.get(url + f"/files/{document.id}")
    assert download.status_code == 200 and download.headers["X-Content-Type-Options"] == "nosniff"
    bad = client.post(url + "/submissions", data={"files": [(io.BytesIO(b"<html>"), "x.pdf")]},
                      content_type="multipart/form-data")
    assert bad.status_code == 422
    assert client.post(url + "/position", data={"body": HOSTILE, "version": dispute.version}).status_code == 303
    page = login(world["reviewer"]).get(url).text  # the position rendered, without the edit form
    assert dispute.operator_position and "<script>alert" not in page and "onerror" not in page
    assert "javascript:" not in page and 'hx-get="/x"' not in page


def test_close_publish_and_the_pdfs(world, login):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    db.session.commit()
    url = f"/contracts/AAA/disputes/{dispute.reference}"
    client = login(world["public_manager"])
    notice = client.get(url + "/notice.pdf")
    assert notice.status_code == 200 and notice.mimetype == "application/pdf"
    text = _text(notice.data)
    assert "Notice of dispute" in text and "AAA-DSP-001" in text and "12,500.00" in text
    assert client.get(url + "/outcome.pdf").status_code == 404
    bad = client.post(url + "/close", data={"outcome": "settled", "reasons": "Agreed", "version": dispute.version})
    assert bad.status_code == 422
    good = client.post(url + "/close", data={"outcome": "settled", "amount": "6250", "reasons": HOSTILE,
                                             "version": dispute.version})
    assert good.status_code == 303
    pdf = client.get(url + "/outcome.pdf")
    text = _text(pdf.data)
    assert "Settlement record" in text and "6,250.00" in text and "<script>" not in text
    assert client.post(url + "/publish", data={"publish": "y", "version": dispute.version}).status_code == 303
    public = login(None).get("/contracts/AAA").text
    assert "Deductions for lift availability" in public and "Settled" in public


def test_community_reps_and_outsiders_never_see_disputes(world, login):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    for kind in ("community_rep", "operator_b", "community"):
        client = login(world[kind])
        assert client.get("/contracts/AAA/disputes").status_code == 404
        assert client.get(f"/contracts/AAA/disputes/{dispute.reference}").status_code == 404
    assert "disputes-panel-heading" not in login(world["community_rep"]).get("/contracts/AAA").text
    assert "disputes-panel-heading" in login(world["reviewer"]).get("/contracts/AAA").text


def test_ladder_page(world, login):
    db.session.commit()
    assert login(world["operator_staff"]).get("/contracts/AAA/disputes/ladder").status_code == 200
    client = login(world["public_manager"])
    bad = client.post("/contracts/AAA/disputes/ladder", data={"ladder": "Notice", "version": 0})
    assert bad.status_code == 422 and "Notice" in bad.text
    good = client.post("/contracts/AAA/disputes/ladder", data={"ladder": "Notice of dispute: 5\nAdjudication: 28",
                                                                "version": 0})
    assert good.status_code == 303
    assert [s["label"] for s in services.ladder_of(world.contract_a)] == ["Notice of dispute", "Adjudication"]
