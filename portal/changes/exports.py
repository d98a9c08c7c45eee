"""The variations register as CSV and Excel. Cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) get a leading apostrophe."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from portal import tabular
from portal.changes.models import Variation

COLUMNS = ["Reference", "Title", "Kind", "Proposed by", "Proposed on", "Status", "Estimated cost",
           "Priced cost", "Monthly charge change", "Annual charge effect", "Effective from", "Decided on",
           "Implemented on", "Step due", "Overdue", "Clauses"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def neutral(value):
    """A cell value a spreadsheet shows as text, never runs (a plain negative number stays one)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def rows(contract, variations: list[Variation], now) -> list[list]:
    zone = contract.time_zone
    out = []
    for v in variations:
        change = v.agreed_charge_change
        out.append([
            v.reference, v.title, v.kind_label, v.proposer_label, _day(v.proposed_at, zone), v.status_label,
            _amount(v.estimated_cost), _amount(v.priced_cost), _amount(change),
            _amount(change * 12 if change is not None else None),
            v.effective_month.strftime("%Y-%m") if v.effective_month else "", _day(v.decided_at, zone),
            v.implemented_on.isoformat() if v.implemented_on else "",
            _day(v.step_due_at, zone) if v.is_open else "", "yes" if v.is_overdue(now) else "", v.clauses,
        ])
    return out


def _day(value, zone) -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(zone or "UTC")).date().isoformat()


def as_csv(contract, variations, now) -> str:
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow(COLUMNS)
    for row in rows(contract, variations, now):
        writer.writerow([neutral(cell) for cell in row])
    return out.getvalue()


def as_xlsx(contract, variations, now) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Variations"
    tabular.append_row(sheet, COLUMNS)
    for row in rows(contract, variations, now):
        tabular.append_row(sheet, [Decimal(cell) if isinstance(cell, str) and _PLAIN_NUMBER.match(cell) else neutral(cell)
                      for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
