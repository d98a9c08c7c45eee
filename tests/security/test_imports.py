"""Finding 4: imports have limits: rows, unpacked workbook size and the length of the error list."""

from __future__ import annotations

import io
import time

import sqlalchemy as sa
from openpyxl import Workbook

from portal.extensions import db
from portal.performance.models import FailureEvent
from tests.performance import helpers

BASE = "/contracts/AAA/performance/2026-10"
HEADER = ["reference", "area", "criterion", "reported_at", "rectified_at", "used"]


def _xlsx(rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Failure events")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(login, world, content: bytes, name: str):
    return login(world["operator_staff"]).post(f"{BASE}/events/import",
                                               data={"events_file": (io.BytesIO(content), name)},
                                               content_type="multipart/form-data")


def _events(world) -> int:
    return db.session.scalar(sa.select(sa.func.count(FailureEvent.id)).where(
        FailureEvent.contract_id == world.contract_a.id))


def test_too_many_rows_in_a_small_file_are_refused(world, login):
    helpers.submission(world.contract_a, with_event=False)
    db.session.commit()
    row = ["HD", "Ward 3", "Heating", "2026-10-12 09:00", "2026-10-12 10:00", "no"]
    content = _xlsx(row for _ in range(5000))
    assert len(content) < 128 * 1024  # a small file that would have created 5,000 events
    started = time.perf_counter()
    response = _import(login, world, content, "log.xlsx")
    assert time.perf_counter() - started < 5
    assert response.status_code == 422
    assert b"more than 2,000 rows" in response.data
    assert _events(world) == 0
    csv_text = ",".join(HEADER) + "\n" + "\n".join(",".join(row) for _ in range(2001))
    response = _import(login, world, csv_text.encode(), "log.csv")
    assert response.status_code == 422 and b"more than 2,000 rows" in response.data
    assert _events(world) == 0


def test_the_row_limit_is_configurable(app, world, login, monkeypatch):
    helpers.submission(world.contract_a, with_event=False)
    db.session.commit()
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 3)
    row = "HD,Ward 3,Heating,2026-10-12 09:00,2026-10-12 10:00,no"
    response = _import(login, world, (",".join(HEADER) + "\n" + "\n".join([row] * 4)).encode(), "log.csv")
    assert response.status_code == 422 and b"more than 3 rows" in response.data
    response = _import(login, world, (",".join(HEADER) + "\n" + "\n".join([row] * 3)).encode(), "log.csv")
    assert response.status_code == 303 and _events(world) == 3


def test_a_workbook_that_unpacks_too_large_is_refused_before_parsing(app, world, login, monkeypatch):
    helpers.submission(world.contract_a, with_event=False)
    db.session.commit()
    monkeypatch.setitem(app.config, "IMPORT_MAX_UNPACKED_MB", 1)
    filler = "x" * 1000
    content = _xlsx(["HD", "Ward 3", filler + str(n), "2026-10-12 09:00", "", "no"] for n in range(1500))
    response = _import(login, world, content, "log.xlsx")
    assert response.status_code == 422
    assert b"unpacks to" in response.data and b"the limit is 1 MB" in response.data


def test_the_error_list_is_capped(world, login):
    helpers.submission(world.contract_a, with_event=False)
    db.session.commit()
    bad = "HD,Ward 9,Heating,2026-10-12 09:00,,maybe"
    response = _import(login, world, (",".join(HEADER) + "\n" + "\n".join([bad] * 1500)).encode(), "log.csv")
    assert response.status_code == 422
    assert response.data.count(b"unknown area") == 50
    assert "… and 1,450 more lines with problems".encode() in response.data
    assert len(response.data) < 200_000
