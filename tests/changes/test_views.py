"""Change pages through the test client: full pages and htmx fragments, 422s that keep the input,
stale edits, visibility, exports and documents."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

from openpyxl import load_workbook

from portal.changes import variations
from portal.extensions import db
from portal.performance import services as perf
from tests.changes.helpers import priced, proposed, relief_event
from tests.performance.helpers import framework, submission

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_register_page_and_fragment_show_the_totals(world, login):
    framework(world.contract_a)
    variation = priced(world)
    variations.approve(variation, world["public_manager"], date(2027, 1, 1))
    client = login(world["public_manager"])
    page = client.get("/contracts/AAA/changes")
    assert page.status_code == 200 and b"<html" in page.data
    text = page.get_data(as_text=True)
    assert "AAA-VAR-001" in text and "Totals by year" in text and "€150,000.00" in text  # 12,500 × 12
    fragment = client.get("/contracts/AAA/changes?status=approved", headers=HX)
    assert fragment.status_code == 200 and b"<html" not in fragment.data and b"AAA-VAR-001" in fragment.data
    assert b"AAA-VAR-001" not in client.get("/contracts/AAA/changes?status=rejected", headers=HX).data


def test_propose_422_keeps_the_text_then_303(world, login):
    db.session.commit()  # a refused form rolls the session back: keep the world
    client = login(world["operator_manager"])
    assert client.get("/contracts/AAA/changes/variations/new").status_code == 200
    assert b"<html" not in client.get("/contracts/AAA/changes/variations/new", headers=HX).data
    form = {"kind": "extra_hours", "title": "Open the café until 21:00", "description": "Two more hours a day.",
            "estimated_charge_change": "12.345", "visibility": "public"}
    bad = client.post("/contracts/AAA/changes/variations/new", data=form, headers=HX)
    assert bad.status_code == 422 and "at most two decimal places" in bad.get_data(as_text=True)
    assert "Open the café until 21:00" in bad.get_data(as_text=True)
    response = client.post("/contracts/AAA/changes/variations/new", data={**form, "estimated_charge_change": "-1,250.50"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/AAA-VAR-001")
    variation = variations.find(world.contract_a, "AAA-VAR-001")
    assert variation.proposed_by_side == "operator" and variation.visibility == "partners"  # not the operator's call
    assert variation.estimated_charge_change == D("-1250.50")


def test_workflow_through_the_pages_with_a_document(world, login):
    variation = proposed(world)
    db.session.commit()
    url = f"/contracts/AAA/changes/variations/{variation.reference}"
    manager, operator = login(world["public_manager"]), login(world["operator_manager"])
    assert manager.post(url + "/request-estimate", data={"request-version": variation.version,
                                                         "request-note": "Please price it."}).status_code == 303
    assert operator.post(url + "/estimate", data={"estimate-version": variation.version, "estimate-cost": "",
                                                  "estimate-charge_change": ""}).status_code == 422
    data = {"estimate-version": variation.version, "estimate-cost": "240,000", "estimate-charge_change": "9800",
            "estimate-note": "Timber barrier, 25-year maintenance.",
            "estimate-documents": (io.BytesIO(PDF), "estimate.pdf")}
    assert operator.post(url + "/estimate", data=data, content_type="multipart/form-data").status_code == 303
    assert variation.status == "estimate_received" and variation.priced_charge_change == D("9800")
    document = variation.documents[0]
    download = manager.get(f"{url}/documents/{document.id}")
    assert download.status_code == 200 and download.data == PDF and download.headers["X-Content-Type-Options"] == "nosniff"
    page = manager.get(url)
    assert "Approve the variation" in page.get_data(as_text=True) and b"estimate.pdf" in page.data
    assert b"Approve the variation" not in operator.get(url).data


def test_approving_a_settled_month_is_422_on_the_field(world, login):
    sub = submission(world.contract_a)
    perf.submit(sub, world["operator_manager"])
    for line, kind in perf.lines_of(sub):
        perf.review(sub, line, kind, "accept", "", world["public_manager"], line.version)
    perf.approve(world.contract_a, sub, world["public_manager"])
    variation = priced(world)
    db.session.commit()
    url = f"/contracts/AAA/changes/variations/{variation.reference}/approve"
    response = login(world["public_manager"]).post(url, data={"approve-version": variation.version,
                                                               "approve-effective_month": "2026-10",
                                                               "approve-note": "Board minute 14"})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "October 2026 is already settled" in text and "Board minute 14" in text
    db.session.refresh(variation)
    assert variation.status == "estimate_received"
    ok = login(world["public_manager"]).post(url, data={"approve-version": variation.version,
                                                         "approve-effective_month": "2026-11"})
    assert ok.status_code == 303 and variation.status == "approved" and "429,166.67" in variation.terms_note


def test_a_stale_step_is_refused_with_the_text_kept(world, login):
    variation = proposed(world)
    stale = variation.version
    variations.request_estimate(variation, world["public_manager"])
    response = login(world["public_manager"]).post(
        f"/contracts/AAA/changes/variations/{variation.reference}/reject",
        data={"reject-version": stale, "reject-note": "Too expensive for this year's budget."})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Someone else saved this variation" in text
    assert "Too expensive for this year&#39;s budget." in text and variation.status == "estimate_requested"


def test_exports_neutralise_formulas(world, login):
    proposed(world, title="=HYPERLINK(\"http://evil.example\")", estimated_charge_change=D("-500.00"))
    client = login(world["reviewer"])
    csv_text = client.get("/contracts/AAA/changes/variations.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in csv_text and ",-500.00," in csv_text
    book = load_workbook(io.BytesIO(client.get("/contracts/AAA/changes/variations.xlsx").data))
    row = [cell.value for cell in book.active[2]]
    assert row[1].startswith("'=") and row[8] == -500


def test_community_reps_see_only_what_is_shared_with_them(world, login):
    proposed(world, title="Shared with residents", visibility="community")
    proposed(world, title="Partners only")
    text = login(world["community_rep"]).get("/contracts/AAA/changes").get_data(as_text=True)
    assert "Shared with residents" in text and "Partners only" not in text
    assert login(world["community_rep"]).get("/contracts/AAA/changes/variations/AAA-VAR-002").status_code == 404


def test_event_pages_notify_respond_and_excuse(world, login):
    db.session.commit()
    operator, manager = login(world["operator_manager"]), login(world["public_manager"])
    form = {"kind": "relief", "title": "Storm Éowyn", "description": "Trees across both carriageways.",
            "services": "Ward 3", "started_at": "2026-11-10T04:00", "clause": "Clause 29"}
    bad = operator.post("/contracts/AAA/changes/events/new", data={**form, "started_at": ""}, headers=HX)
    assert bad.status_code == 422 and "Storm Éowyn" in bad.get_data(as_text=True)
    created = operator.post("/contracts/AAA/changes/events/new", data=form)
    assert created.status_code == 303
    url = created.headers["Location"]
    assert url.endswith("/AAA-REL-001")
    page = manager.get(url)
    assert "Respond to the notice" in page.get_data(as_text=True)
    assert b"<html" not in manager.get(url, headers=HX).data
    assert b"Respond to the notice" not in operator.get(url).data
    assert manager.post(url + "/respond", data={"respond-version": 1, "respond-decision": "agree",
                                                "respond-response": ""}).status_code == 422
    assert manager.post(url + "/respond", data={"respond-version": 1, "respond-decision": "agree",
                                                "respond-response": "Agreed."}).status_code == 303
    assert "are excused in the payment mechanism" in manager.get(url).get_data(as_text=True)
    listing = manager.get("/contracts/AAA/changes/events?kind=relief")
    assert b"AAA-REL-001" in listing.data and b"AAA-REL-001" not in manager.get(
        "/contracts/AAA/changes/events?kind=step_in").data


def test_settings_page_saves_limits_and_refuses_zero(world, login):
    db.session.commit()
    client = login(world["public_manager"])
    assert client.get("/contracts/AAA/changes/settings").status_code == 200
    values = {"decide_days": 5, "estimate_days": 15, "approve_days": 20, "implement_days": 40, "notice_days": 5,
              "response_days": 10}
    assert client.post("/contracts/AAA/changes/settings", data={**values, "estimate_days": 0}).status_code == 422
    assert client.post("/contracts/AAA/changes/settings", data=values).status_code == 303
    assert client.post("/contracts/AAA/changes/settings", data={**values, "notice_days": 7, "version": 1}).status_code == 303
    stale = client.post("/contracts/AAA/changes/settings", data={**values, "version": 1})
    assert stale.status_code == 422


def test_review_shows_the_covering_event(world, login):
    sub = submission(world.contract_a)
    perf_url = f"/contracts/AAA/performance/{sub.key}"
    event = relief_event(world)
    text = login(world["public_manager"]).get(perf_url).get_data(as_text=True)
    assert f"/contracts/AAA/changes/events/{event.reference}" in text
