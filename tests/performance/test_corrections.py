"""The recorded correction of a settled period, XLSX import, and periods that open themselves."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from portal import clock
from portal.extensions import db
from portal.notifications.models import Notification
from portal.performance import corrections, helpdesk, queries, services
from portal.performance.errors import PerformanceError
from portal.performance.models import FailureEvent, Submission
from portal.performance.months import month_start
from tests.performance import helpers

BASE = "/contracts/AAA/performance/2026-10"


def _countersigned(world):
    sub = helpers.advance(world, helpers.submission(world.contract_a), "countersigned")
    db.session.commit()
    return sub


def _notes(user):
    return list(db.session.scalars(sa.select(Notification.title).where(Notification.user_id == user.id)))


def test_correction_supersedes_the_statement_and_asks_for_countersignature(world, login):
    sub = _countersigned(world)
    event = sub.events[0]
    av, hd = sub.measurements
    pm, om = login(world["public_manager"]), login(world["operator_manager"])
    first = json.loads(pm.get(f"{BASE}/statement.json").data)
    assert first["availability_deduction"] == "180.00" and first["revision"] == 1

    # editing the settled period directly is refused
    assert login(world["operator_staff"]).post(BASE, data={f"value-{av.kpi_id}": "100"}).status_code == 422
    page = pm.get(f"{BASE}/correction")
    assert page.status_code == 200 and b"Record the correction" in page.data
    assert om.get(f"{BASE}/correction").status_code == 404  # a refused read is not found

    form = {"reason": "Helpdesk log: HD-1 was fixed at 10:30 (e-mail of 11 Oct).", "revision": "1",
            f"value-{av.id}": "99.5", f"mstatus-{av.id}": "accepted",
            f"value-{hd.id}": "18", f"mstatus-{hd.id}": "accepted",
            f"rectified-{event.id}": "2026-10-10T10:30", f"estatus-{event.id}": "accepted"}
    r = pm.post(f"{BASE}/correction", data=form)
    assert r.status_code == 303, r.data
    db.session.refresh(sub)
    assert sub.status == "approved" and sub.countersigned_at is None
    revisions = queries.statement_revisions(sub)
    assert [s.revision for s in revisions] == [2, 1] and revisions[1].superseded and not revisions[0].superseded
    assert revisions[1].data["availability_deduction"] == "180.00"  # the old revision is kept as it was
    data = json.loads(pm.get(f"{BASE}/statement.json").data)
    assert data["revision"] == 2 and data["frozen"] is False
    assert data["availability_deduction"] == "0.00"  # 08:00 + 2 h rectification: fixed within it
    assert data["correction"]["previous_net_payment"] == first["net_payment"]
    assert any("HD-1: rectified" in line for line in data["correction"]["lines"])
    statement_page = pm.get(f"{BASE}/statement")
    assert b"Correction recorded by" in statement_page.data and b"Revision 1" in statement_page.data
    old = pm.get(f"{BASE}/statement/revision-1")
    assert old.status_code == 200 and b"Superseded" in old.data and b"open the current statement" in old.data
    assert pm.get(f"{BASE}/statement/revision-9").status_code == 404
    assert any("corrected (revision 2)" in title for title in _notes(world["operator_manager"]))
    assert [h.decision for h in queries.history(sub)][-2:] == ["correct", "correct"]
    # the operator manager countersigns the corrected statement
    assert om.post(f"{BASE}/countersign").status_code == 303
    assert json.loads(pm.get(f"{BASE}/statement.json").data)["frozen"] is True


def test_correction_errors_are_422_and_keep_what_was_typed(world, login):
    sub = _countersigned(world)
    av = sub.measurements[0]
    event = sub.events[0]
    pm = login(world["public_manager"])
    base = {"revision": "1", f"value-{av.id}": "99.5", f"mstatus-{av.id}": "accepted"}
    r = pm.post(f"{BASE}/correction", data={**base, "reason": ""})
    assert r.status_code == 422 and b"Say why the statement is corrected" in r.data
    r = pm.post(f"{BASE}/correction", data={**base, "reason": "Typo", f"value-{av.id}": "ninety-nine"})
    assert r.status_code == 422 and b"is not a number" in r.data and b"ninety-nine" in r.data
    r = pm.post(f"{BASE}/correction", data={**base, "reason": "Typo", f"rectified-{event.id}": "2026-10-09T08:00",
                                            f"estatus-{event.id}": "accepted"})
    assert r.status_code == 422 and b"before the event was reported" in r.data
    r = pm.post(f"{BASE}/correction", data={**base, "reason": "Nothing really"})
    assert r.status_code == 422 and b"Nothing was corrected" in r.data
    # two managers correcting at once: the second is told, nothing overwritten
    ok = {**base, "reason": "Value was 99.6", f"value-{av.id}": "99.6"}
    assert pm.post(f"{BASE}/correction", data=ok).status_code == 303
    r = pm.post(f"{BASE}/correction", data={**ok, f"value-{av.id}": "99.7", "reason": "Or 99.7"})
    assert r.status_code == 422 and b"Another correction was recorded" in r.data and b"Or 99.7" in r.data
    assert len(queries.statement_revisions(sub)) == 2


def test_draft_cannot_be_corrected(world):
    sub = helpers.submission(world.contract_a)
    assert sub.settled is False
    try:
        corrections.record_correction(world.contract_a, sub, world["public_manager"], "x",
                                      corrections.CorrectedLines(), "1")
    except PerformanceError as error:
        assert "only an approved or countersigned" in str(error)
    else:
        raise AssertionError("a draft was corrected")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_reports_each_line_and_is_all_or_nothing(world, login):
    sub = helpers.submission(world.contract_a, with_event=False)
    db.session.commit()
    staff = login(world["operator_staff"])
    header = ["reference", "area", "kpi", "criterion", "reported_at", "rectified_at", "used", "excuse_claimed"]
    bad = _xlsx([header, [10234, "Ward 3", None, "Heating", datetime(2026, 10, 3, 8, 15), datetime(2026, 10, 3, 12, 40), True, None],
                 ["HD-2", "Ward 9", None, "Lighting", "2026-10-04 09:00", None, "maybe", None],
                 ["HD-3", "Ward 3", None, "", datetime(2026, 11, 4, 9, 0), None, "no", None]])
    r = staff.post(f"{BASE}/events/import", data={"events_file": (io.BytesIO(bad), "helpdesk.xlsx")},
                   content_type="multipart/form-data")
    assert r.status_code == 422
    assert b"Line 3: unknown area" in r.data and b"used must be yes or no" in r.data
    assert b"Line 4: criterion is empty; reported_at is not in October 2026" in r.data
    assert db.session.scalar(sa.select(sa.func.count(FailureEvent.id))) == 0
    good = _xlsx([header, [10234, "Ward 3", None, "Heating", datetime(2026, 10, 3, 8, 15), datetime(2026, 10, 3, 12, 40), True, None],
                  ["HD-2", "ward 3", None, "Lighting", "2026-10-04 09:00", None, "no", "Power cut"]])
    r = staff.post(f"{BASE}/events/import", data={"events_file": (io.BytesIO(good), "helpdesk.xlsx")},
                   content_type="multipart/form-data")
    assert r.status_code == 303
    db.session.refresh(sub)
    assert [(e.reference, e.used, e.excuse_claimed) for e in sub.events] == [("10234", True, ""), ("HD-2", False, "Power cut")]
    local = sub.events[0].reported_at.astimezone(ZoneInfo(world.contract_a.time_zone))
    assert (local.hour, local.minute) == (8, 15)  # Excel times are read as the contract's local time
    r = staff.post(f"{BASE}/events/import", data={"events_file": (io.BytesIO(b"PK\x03\x04broken"), "log.xlsx")},
                   content_type="multipart/form-data")
    assert r.status_code == 422 and b"not a readable Excel workbook" in r.data


def test_xlsx_template_opens_with_the_columns(world, login):
    helpers.framework(world.contract_a)
    db.session.commit()
    r = login(world["operator_staff"]).get("/contracts/AAA/performance/events-template.xlsx")
    assert r.status_code == 200 and r.headers["Content-Disposition"].endswith(".xlsx")
    book = load_workbook(io.BytesIO(r.data), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0] == tuple(helpdesk.EVENT_COLUMNS) and rows[1][1] == "Ward 3"
    # the template's example row imports as it is (in its month)
    sub = helpers.submission(world.contract_b, month=date(2026, 11, 1), with_event=False)
    template = helpdesk.xlsx_template(world.contract_b)
    assert helpdesk.import_events_file(sub, world.contract_b, template, "t.xlsx").created == 1


def test_open_periods_is_idempotent_and_tells_operator_managers(app, world):
    helpers.framework(world.contract_a)
    late = services.open_submission(world.contract_a, date(2026, 9, 1))  # due 10 Oct, never submitted
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "open-periods", "--date", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "Opened 1 period(s): AAA 2026-11" in result.output and "AAA 2026-09" in result.output
    assert "No payment terms in force (nothing opened): BBB" in result.output
    again = runner.invoke(args=["portal", "open-periods", "--date", "2026-11-23"])
    assert "Opened 0 period(s)." in again.output and "Late" not in again.output
    nov = queries.get_submission(world.contract_a, date(2026, 11, 1))
    assert nov.status == "draft" and len(nov.measurements) == 2 and nov.due_on == date(2026, 12, 10)
    assert db.session.scalar(sa.select(sa.func.count(Submission.id)).where(
        Submission.contract_id == world.contract_a.id)) == 2
    titles = _notes(world["operator_manager"])
    assert titles.count("AAA performance for November 2026 is open") == 1
    assert titles.count("AAA performance for September 2026 is late") == 1
    assert _notes(world["operator_staff"]) == []
    assert late.late_notified_at is not None


def test_a_member_opens_the_month_and_a_visit_changes_nothing(world, login):
    helpers.framework(world.contract_a)
    db.session.commit()
    month = month_start(clock.today())
    staff = login(world["operator_staff"])
    page = staff.get("/contracts/AAA/performance")
    assert page.status_code == 200 and f"Open {month:%B %Y}".encode() in page.data
    assert queries.get_submission(world.contract_a, month) is None  # a GET writes nothing
    r = staff.post("/contracts/AAA/performance/open")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/performance/{month:%Y-%m}")
    assert queries.get_submission(world.contract_a, month) is not None
    assert f"Open {month:%B %Y}".encode() not in staff.get("/contracts/AAA/performance").data
    assert staff.post("/contracts/AAA/performance/open").status_code == 303  # already open: nothing new
    assert len([t for t in _notes(world["operator_manager"]) if t.endswith("is open")]) == 1
    assert login(world["reviewer"]).post("/contracts/AAA/performance/open").status_code == 403
