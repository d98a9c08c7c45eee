"""Obligation pages: the calendar, an obligation, evidence and its check, handback, the due list,
and the dashboard tile."""

from __future__ import annotations

import io
from datetime import date, timedelta

from portal import clock
from portal.extensions import db
from tests.obligations.helpers import INSURANCE, obligation

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_calendar_page_and_fragment(world, login):
    today = clock.today()
    obligation(world, first_due_on=today - timedelta(days=250), title="Old overdue return")
    obligation(world, first_due_on=today.replace(day=28), title="This month's certificate")
    client = login(world["reviewer"])
    page = client.get("/contracts/AAA/obligations")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Overdue from earlier months" in text and "This month&#39;s certificate" in text
    assert "(this month)" in text
    fragment = client.get("/contracts/AAA/obligations", headers=HX)
    assert b"<html" not in fragment.data and b"Old overdue return" in fragment.data
    assert b"Add an obligation" not in page.data


def test_add_and_edit_with_422_and_stale_version(world, login):
    db.session.commit()
    client = login(world["public_manager"])
    form = {**INSURANCE, "first_due_on": "2050-01-01"}
    bad = client.post("/contracts/AAA/obligations/new", data=form, headers=HX)
    assert bad.status_code == 422 and "must fall within the contract" in bad.get_data(as_text=True)
    assert INSURANCE["title"] in bad.get_data(as_text=True)
    created = client.post("/contracts/AAA/obligations/new", data={**form, "first_due_on": "2026-12-31"})
    assert created.status_code == 303
    url = created.headers["Location"]
    assert client.get(url.replace("/obligations/", "/obligations/", 1) + "/edit").status_code == 200
    edit = {**form, "first_due_on": "2027-01-15", "active": "y", "version": "1", "title": "Insurance renewal"}
    assert client.post(url + "/edit", data=edit).status_code == 303
    stale = client.post(url + "/edit", data={**edit, "title": "Someone else's title"})
    assert stale.status_code == 422 and "Someone else saved this obligation" in stale.get_data(as_text=True)
    assert "Someone else&#39;s title" in stale.get_data(as_text=True)
    assert b"15 Jan 2027" in client.get(url).data


def test_evidence_is_sent_checked_and_downloaded(world, login):
    item = obligation(world)
    db.session.commit()
    due = item.next_due
    url = f"/contracts/AAA/obligations/{item.id}"
    operator, manager = login(world["operator_staff"]), login(world["public_manager"])
    assert "Send the evidence" in operator.get(url).get_data(as_text=True)
    assert "Send the evidence" not in manager.get(url).get_data(as_text=True)
    none = operator.post(f"/contracts/AAA/obligations/dues/{due.id}/evidence", data={"evidence-version": due.version})
    assert none.status_code == 422 and "Attach the file" in none.get_data(as_text=True)
    fake = operator.post(f"/contracts/AAA/obligations/dues/{due.id}/evidence",
                         data={"evidence-version": due.version, "evidence-files": (io.BytesIO(b"MZ\x90 not a pdf"), "x.pdf")},
                         content_type="multipart/form-data")
    assert fake.status_code == 422
    sent = operator.post(f"/contracts/AAA/obligations/dues/{due.id}/evidence",
                         data={"evidence-version": due.version, "evidence-description": "Certificates",
                               "evidence-files": (io.BytesIO(PDF), "certificates.pdf")},
                         content_type="multipart/form-data")
    assert sent.status_code == 303
    db.session.refresh(due)
    evidence = due.evidence[0]
    download = manager.get(f"/contracts/AAA/obligations/evidence/{evidence.id}")
    assert download.data == PDF and download.headers["X-Content-Type-Options"] == "nosniff"
    assert "Record the check" in manager.get(url).get_data(as_text=True)
    checked = manager.post(f"/contracts/AAA/obligations/dues/{due.id}/check",
                           data={"check-version": due.version, "check-decision": "accept"})
    assert checked.status_code == 303 and due.status == "discharged"


def test_handback_page_lists_surveys_with_the_condition_required(world, login):
    obligation(world, title="Condition survey of the wards", category="handback_survey",
               first_due_on=date(2043, 6, 30), condition_required="Category B or better for every element.")
    client = login(world["operator_manager"])
    text = client.get("/contracts/AAA/obligations/handback").get_data(as_text=True)
    assert "Condition survey of the wards" in text and "Category B or better" in text
    assert b"<html" not in client.get("/contracts/AAA/obligations/handback", headers=HX).data


def test_due_list_across_contracts_and_dashboard_tile(world, login):
    obligation(world, first_due_on=clock.today() - timedelta(days=5), title="Overdue accounts")
    client = login(world["public_officer"])
    text = client.get("/obligations/due").get_data(as_text=True)
    assert "Overdue accounts" in text and "AAA" in text
    assert b"<html" not in client.get("/obligations/due", headers=HX).data
    overview = client.get("/contracts/AAA").get_data(as_text=True)
    assert "Compliance" in overview and "Obligations due this month" in overview
    assert "Variations' effect on the annual charge" in overview
    assert "Compliance" not in login(world["community_rep"]).get("/contracts/AAA").get_data(as_text=True)
    assert b"Overdue accounts" not in login(world["community"]).get("/obligations/due").data
