"""Finding 3: an upload is accepted only when its content type and an allow-listed extension agree,
text "CSV" really is a table, and files are served under their real type's extension."""

from __future__ import annotations

import io

import pytest

from portal import storage
from portal.extensions import db
from tests.performance import helpers

BASE = "/contracts/AAA/performance/2026-10"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GOOD_CSV = b"area,criterion,reported_at\nWard 3,Heating,2026-10-10 08:00\nWard 4,Lighting,2026-10-11 09:00\n"

HOSTILE_FILES = [
    ("report.pdf", b"<html><body><h1>Report, October</h1><script>alert(document.cookie)</script>a,b\n1,2</body></html>"),
    ("chart.csv", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>a,b</text></svg>'),
    ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">a,b\n1,2</svg>'),
    ("run.bat", b"@echo off\r\nstart calc.exe,now\r\necho a,b\r\n"),
    ("update.hta", b'<hta:application id="x"/><script language="VBScript">CreateObject("WScript.Shell").Run "calc",0</script>,x'),
    ("data.csv", b"<!doctype html><p>a,b</p>\n<p>1,2</p>"),
    ("notes.csv", b"Dear team, the plant was down.\nIt came back at noon, after the repair.\nThanks!"),
    ("sheet.csv", b"a,b\n" + b"\x00\x01" * 10),
    ("evidence.csv", PDF),  # a PDF named .csv
    ("photo.pdf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"),
    ("noextension", GOOD_CSV),
    ("log.csv.exe", GOOD_CSV),
]


@pytest.mark.parametrize(("name", "content"), HOSTILE_FILES, ids=[n for n, _ in HOSTILE_FILES])
def test_evidence_upload_refuses_disguised_files(world, login, name, content):
    helpers.submission(world.contract_a)
    db.session.commit()
    response = login(world["operator_staff"]).post(
        f"{BASE}/evidence", data={"evidence_file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    assert response.status_code == 422, name
    assert "evidence" not in response.headers.get("Location", "")


@pytest.mark.parametrize(("name", "content", "served"), [
    ("October report.PDF", PDF, "October_report.PDF"), ("events.csv", GOOD_CSV, "events.csv"),
    ("semicolons.csv", b"a;b;c\n1;2;3\n4;5;6\n", "semicolons.csv")])
def test_genuine_files_are_kept_and_served_under_their_type(world, login, name, content, served):
    sub = helpers.submission(world.contract_a)
    db.session.commit()
    staff = login(world["operator_staff"])
    response = staff.post(f"{BASE}/evidence", data={"evidence_file": (io.BytesIO(content), name)},
                          content_type="multipart/form-data")
    assert response.status_code == 303
    db.session.refresh(sub)
    evidence = sub.evidence[-1]
    download = staff.get(f"/contracts/AAA/performance/evidence/{evidence.id}")
    assert download.status_code == 200 and download.data == content
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and served.replace(" ", "_") in disposition.replace(" ", "_")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_stored_before_the_check_is_served_with_its_real_extension():
    assert storage.served_name("update.hta", "application/pdf") == "update.pdf"
    assert storage.served_name("page.html", "text/csv") == "page.csv"
    assert storage.served_name("photo.jpeg", "image/jpeg") == "photo.jpeg"
    assert storage.served_name("photo", "image/png") == "photo.png"


def test_feedback_attachments_check_the_name_too(client, world):
    from tests.feedback.helpers import category

    data = {"kind": "complaint", "category": str(category(world.contract_a).id), "text": "Broken gate",
            "attachments": (io.BytesIO(PDF), "photo.png")}
    response = client.post("/feedback/new?contract=AAA", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and b"does not end in .pdf" in response.data
