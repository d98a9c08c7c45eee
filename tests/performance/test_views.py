"""The whole monthly cycle through the web pages, and the rules that guard it."""

from __future__ import annotations

import io
import json
from datetime import date

from portal import clock
from portal.extensions import db
from portal.performance import queries, services
from portal.performance.figures import kpi_trend_svg, performance_figures
from portal.performance.months import previous_month
from portal.storage import store_bytes
from tests.performance import helpers

BASE = "/contracts/AAA/performance/2026-10"


def test_whole_cycle(world, login):
    sub = helpers.submission(world.contract_a)
    db.session.commit()
    staff, om, pm, po = (login(world[k]) for k in ("operator_staff", "operator_manager", "public_manager", "public_officer"))
    av, hd = sub.measurements

    # draft: save values, upload evidence, import events
    r = staff.post(BASE, data={f"value-{av.kpi_id}": "99.2", f"note-{av.kpi_id}": "BMS", f"value-{hd.kpi_id}": "12"})
    assert r.status_code == 303
    r = staff.post(BASE, data={f"value-{av.kpi_id}": "ninety"})
    assert r.status_code == 422 and b"is not a number" in r.data and b"ninety" in r.data
    r = staff.post(f"{BASE}/evidence", data={"evidence_file": (io.BytesIO(b"%PDF-1.4\nmonthly report\n"), "report.pdf")},
                   content_type="multipart/form-data")
    assert r.status_code == 303
    r = staff.post(f"{BASE}/evidence", data={"evidence_file": (io.BytesIO(b"MZ\x00\x00binary"), "virus.pdf")},
                   content_type="multipart/form-data")
    assert r.status_code == 422 and b"not a file type we accept" in r.data
    bad_csv = "area,criterion,reported_at,rectified_at,used\nWard 3,Lighting,2026-10-12 09:00,2026-10-12 15:00,yes\nWard 9,Heat,2026-10-12 09:00,,maybe\n"
    r = staff.post(f"{BASE}/events/import", data={"events_file": (io.BytesIO(bad_csv.encode()), "log.csv")},
                   content_type="multipart/form-data")
    assert r.status_code == 422
    assert b"Line 3: unknown area" in r.data and b"used must be yes or no" in r.data
    db.session.refresh(sub)
    assert len(sub.events) == 1  # nothing half-imported
    good_csv = bad_csv.splitlines()[0] + "\n" + bad_csv.splitlines()[1] + "\n"
    r = staff.post(f"{BASE}/events/import", data={"events_file": (io.BytesIO(good_csv.encode()), "log.csv")},
                   content_type="multipart/form-data")
    assert r.status_code == 303
    page = staff.get(BASE)
    evidence = sub.evidence[0]
    assert evidence.sha256.encode() in page.data

    # staff cannot submit; the manager can; then it is locked
    assert staff.post(f"{BASE}/submit").status_code == 403
    assert om.post(f"{BASE}/submit").status_code == 303
    db.session.refresh(sub)
    assert sub.status == "submitted" and sub.submitted_by_id == world["operator_manager"].id
    assert sub.late is True  # test runs after the October deadline
    r = staff.post(BASE, data={f"value-{av.kpi_id}": "100"})
    assert r.status_code == 422 and b"cannot be changed" in r.data

    # the officer queries the availability KPI; a stale second decision is detected
    version = av.version
    r = po.post(f"{BASE}/review/measurement/{av.id}", data={"decision": "query", "comment": "Attach the BMS export", "version": version})
    assert r.status_code == 303
    r = pm.post(f"{BASE}/review/measurement/{av.id}", data={"decision": "accept", "comment": "Looks fine", "version": version})
    assert r.status_code == 422 and b"Someone else decided" in r.data and b"Looks fine" in r.data
    assert po.post(f"{BASE}/review/measurement/{av.id}", data={"decision": "accept", "version": av.version}).status_code == 403
    db.session.refresh(sub)
    assert sub.status == "queried"

    # the operator answers only the queried line and resubmits
    r = staff.post(BASE, data={f"value-{av.kpi_id}": "99.3"})
    assert r.status_code == 303
    r = staff.post(BASE, data={f"value-{hd.kpi_id}": "5"})
    assert r.status_code == 422  # not queried: locked
    assert om.post(f"{BASE}/submit", data={"comment": "BMS export attached"}).status_code == 303
    db.session.refresh(sub)
    assert sub.status == "submitted" and sub.resubmissions == 1

    # the manager settles everything, waiving one event
    for line, kind in services.lines_of(sub):
        decision, comment = ("waive", "Planned works agreed") if kind == "event" and line.criterion == "Lighting" else ("accept", "")
        r = pm.post(f"{BASE}/review/{kind}/{line.id}", data={"decision": decision, "comment": comment, "version": line.version})
        assert r.status_code == 303, r.data
    db.session.refresh(sub)
    assert sub.status == "accepted"
    assert om.post(f"{BASE}/approve").status_code == 403
    assert pm.post(f"{BASE}/approve").status_code == 303
    assert pm.post(f"{BASE}/countersign").status_code == 403
    assert om.post(f"{BASE}/countersign").status_code == 303

    data = json.loads(pm.get(f"{BASE}/statement.json").data)
    assert data["frozen"] is True and data["currency"] == "EUR"
    assert data["availability_deduction"] == "180.00"  # heating event, 3 periods; lighting waived
    assert data["points"] == 0
    assert data["monthly_unitary_charge"] == "416666.67"
    assert data["net_payment"] == "416486.67"
    csv_text = om.get(f"{BASE}/statement.csv").data.decode()
    assert "net_payment" in csv_text and "416486.67" in csv_text
    assert b"Payment statement" in om.get(f"{BASE}/statement").data
    history = [h.decision for h in queries.history(sub)]
    assert history[:3] == ["submit", "query", "answer"] and history[-2:] == ["approve", "countersign"]


def test_evidence_of_a_never_reaches_operator_b(world, login):
    sub = helpers.submission(world.contract_a)
    evidence = services.add_evidence(sub, store_bytes(b"%PDF-1.4\n", "a.pdf", {"pdf"}), world["operator_staff"])
    db.session.commit()
    b = login(world["operator_b"])
    assert b.get(f"/contracts/AAA/performance/evidence/{evidence.id}").status_code == 404
    assert b.get(f"/contracts/BBB/performance/evidence/{evidence.id}").status_code == 404
    r = login(world["operator_staff"]).get(f"/contracts/AAA/performance/evidence/{evidence.id}")
    assert r.status_code == 200 and r.headers["Content-Disposition"].startswith("attachment")


def test_performance_page_and_panels(world, login):
    last_month = previous_month(clock.today())  # within the 13 months the page shows, whatever the date
    helpers.submission(world.contract_a, month=last_month, with_event=False)
    db.session.commit()
    page = login(world["public_manager"]).get("/contracts/AAA/performance")
    assert page.status_code == 200
    assert b"<svg" in page.data and b"Missed" in page.data and b"style=" not in page.data.split(b"<svg", 1)[1]
    overview = login(world["public_manager"]).get("/contracts/AAA")
    assert b"Performance" in overview.data
    assert login(world["community_rep"]).get("/contracts/AAA/performance").status_code == 404  # a refused read is not found


def test_figures_public_only_hides_unapproved_and_private(world):
    helpers.submission(world.contract_a)
    figures = performance_figures(world.contract_a, date(2026, 1, 1), date(2026, 11, 1))
    assert len(figures["months"]) == 11 and figures["months"][9]["kpis"][1]["met"] is False
    public = performance_figures(world.contract_a, date(2026, 1, 1), date(2026, 11, 1), public_only=True)
    assert public["months"] == [] and [k["code"] for k in public["kpis"]] == ["AV1"]
    svg = kpi_trend_svg([("Oct", None, None)], figures["kpis"][0]["target"], title="AV1")
    assert svg.startswith("<svg") and "style=" not in svg


def test_a_new_months_empty_values_stay_empty_and_the_draft_saves(world, login):
    """The `num` filter was defined twice; the later one ("–" for no value) pre-filled a dash into
    every empty KPI input of a new month, and saving the untouched draft answered 422."""
    helpers.framework(world.contract_a)
    sub = services.open_submission(world.contract_a, date(2026, 10, 1))
    db.session.commit()
    staff = login(world["operator_staff"])
    page = staff.get(BASE).get_data(as_text=True)
    ids = [m.kpi_id for m in sub.measurements]
    for kpi_id in ids:
        assert f'name="value-{kpi_id}" inputmode="decimal" value=""' in page
    saved = staff.post(BASE, data={f"value-{kpi_id}": "" for kpi_id in ids})
    assert saved.status_code == 303
