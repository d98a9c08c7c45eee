"""Exports (XLSX with typed cells and a frozen header, CSV with formulas neutralised) and the
all-or-nothing import with per-line errors."""

import csv
import io
from datetime import date

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from portal.extensions import db
from portal.risks import spreadsheet
from portal.risks.models import Risk
from tests.risks.helpers import make_objective, make_risk


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["Title", "Kind", "Category", "Allocation", "Owning party", "Owner", "Inherent likelihood",
          "Inherent impact", "Residual likelihood", "Residual impact", "Response", "Controls", "Last review",
          "Objectives", "Visibility"]


def test_xlsx_export_reopens_with_typed_cells_and_a_frozen_header(world, login):
    risk = make_risk(world.contract_a, title="=HYPERLINK(\"http://evil\")", today=date(2026, 4, 2))
    make_risk(world.contract_a, title="Second", residual_likelihood=5, residual_impact=5)
    response = login(world["public_manager"]).get("/contracts/AAA/risks/register.xlsx?sort=reference&direction=asc")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Reference", "Title", "Kind"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    first = dict(zip(header, rows[0], strict=True))
    assert first["Reference"] == risk.reference
    assert first["Title"].startswith("'=")  # never a formula
    assert first["Residual score"] == 9 and isinstance(first["Inherent likelihood"], int)
    assert first["Next review"].date() == date(2026, 10, 2)  # a date cell, not text
    assert first["Band"] == "Medium"


def test_csv_export_follows_the_filter_and_neutralises_formulas(world, login):
    make_risk(world.contract_a, title="+cmd|' /C calc'!A0")
    make_risk(world.contract_a, title="An opportunity", kind="opportunity", response="enhance")
    response = login(world["public_officer"]).get("/contracts/AAA/risks/register.csv?kind=threat")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["Title"] for r in rows] == ["'+cmd|' /C calc'!A0"]


def test_the_operator_exports_only_what_it_may_read(world, login):
    make_risk(world.contract_a, title="Hidden")
    make_risk(world.contract_a, title="Shared", allocation="shared", visibility="partners")
    response = login(world["operator_staff"]).get("/contracts/AAA/risks/register.csv")
    assert "Shared" in response.get_data(as_text=True) and "Hidden" not in response.get_data(as_text=True)


def test_import_adds_every_line(world):
    objective = make_objective(world.contract_a)
    data = _xlsx([HEADER,
                  ["Lifecycle overrun", "Threat", "Financial", "Private", "Operator", "operator_manager@example.org",
                   4, 4, 3, 3, "Reduce", "Survey", date(2026, 9, 1), objective.reference, "partners"],
                  [None] * len(HEADER),
                  ["Solar canopy", "opportunity", "environmental", "shared", "government", "", "3", "3", "4", "3",
                   "exploit", "", None, "", ""]])
    result = spreadsheet.import_register(world.contract_a, data, "register.xlsx")
    assert result.errors == []
    first, second = result.created
    assert (first.reference, first.residual_score, first.owner, first.visibility) == (
        "AAA-RSK-001", 9, world["operator_manager"], "partners")
    assert first.objectives == [objective] and first.last_reviewed_on == date(2026, 9, 1)
    assert first.next_review_on == date(2027, 3, 1)  # medium: six months from the last review
    assert second.kind == "opportunity" and second.visibility == "government"


def test_import_is_all_or_nothing_with_per_line_errors(world):
    existing = make_risk(world.contract_a)
    data = _xlsx([["Reference", *HEADER],
                  ["", "Good line", "Threat", "Financial", "Private", "Operator", "", 4, 4, 3, 3, "Reduce"],
                  ["", "Bad rating", "Threat", "Financial", "Private", "Operator", "", 7, 4, 3, 3, "Reduce"],
                  ["", "Wrong response", "Opportunity", "Financial", "Shared", "Operator", "", 2, 2, 2, 2, "Avoid"],
                  [existing.reference, "Again", "Threat", "Financial", "Private", "Operator", "", 2, 2, 2, 2, "Accept"],
                  ["", "Stranger", "Threat", "Weather", "Private", "Operator", "nobody@example.org", 2, 2, 2, 2, "Accept"]])
    result = spreadsheet.import_register(world.contract_a, data, "register.xlsx")
    assert result.created == []
    assert result.errors[0].startswith("Line 3: inherent likelihood must be 1 to 5")
    assert result.errors[1].startswith("Line 4: response:")
    assert result.errors[2].startswith(f"Line 5: {existing.reference} is already in the register")
    assert result.errors[3].startswith("Line 6: category “Weather”")
    assert len(result.errors) == 4
    assert db.session.scalar(sa.select(sa.func.count(Risk.id))) == 1


def test_import_refuses_a_file_that_is_not_a_register(world):
    assert spreadsheet.import_register(world.contract_a, b"PK\x03\x04 not a zip", "x.xlsx").errors[0].startswith(
        "The file is not a readable Excel workbook")
    header_only = spreadsheet.import_register(world.contract_a, b"Title,Kind\nA,threat\n", "x.csv")
    assert header_only.errors[0].startswith("Line 1: the header lacks category")


def test_import_page(world, login):
    db.session.commit()  # a refused import rolls nothing back, but keep the world committed like other 422 tests
    client = login(world["public_manager"])
    assert client.get("/contracts/AAA/risks/import").status_code == 200
    template = client.get("/contracts/AAA/risks/import-template.xlsx")
    assert load_workbook(io.BytesIO(template.data)).active["A1"].value == "Title"
    bad = client.post("/contracts/AAA/risks/import", data={"register_file": (io.BytesIO(_xlsx([
        HEADER, ["Bad", "Threat", "Financial", "Private", "Operator", "", 9, 9, 3, 3, "Reduce"]])), "r.xlsx")},
        content_type="multipart/form-data")
    assert bad.status_code == 422 and b"Nothing was imported" in bad.data and b"Line 2:" in bad.data
    good = client.post("/contracts/AAA/risks/import", data={"register_file": (io.BytesIO(template.data), "t.xlsx")},
                       content_type="multipart/form-data")
    assert good.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(Risk.id)).where(Risk.contract_id == world.contract_a.id)) == 1
