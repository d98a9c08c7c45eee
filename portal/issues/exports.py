"""The issue list as CSV or XLSX. Every text cell goes through `safe_cell`, so that a title such
as `=HYPERLINK(...)` is shown as text by a spreadsheet, never run as a formula.

(When portal/tabular.py reaches main, `safe_cell` here gives way to it.)"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

from portal import tabular
from portal.workdays import zone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
HEADER = ["reference", "title", "category", "priority", "status", "routed_to", "visibility", "raised_by",
          "assignee", "raised_at", "respond_due_at", "responded_at", "resolve_due_at", "resolved_at",
          "closed_at", "overdue", "service_failure", "disputed", "description"]


def safe_cell(value):
    """A cell no spreadsheet runs: text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool | int):
        return value
    text = str(value)
    if text.lstrip(" \u00a0").startswith(FORMULA_START):
        return "'" + text
    return text


def _when(value: datetime | None, zone) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(issues, contract, now: datetime) -> list[list]:
    local = zone(contract.time_zone)
    return [[
        i.reference, i.title, i.category, i.priority, i.status, i.routed_to, i.visibility,
        i.raised_by.name if i.raised_by else "", i.assignee.name if i.assignee else "",
        _when(i.raised_at, local), _when(i.respond_due_at, local), _when(i.responded_at, local),
        _when(i.resolve_due_at, local), _when(i.resolved_at, local), _when(i.closed_at, local),
        "yes" if i.is_overdue(now) else "no", "yes" if i.is_service_failure else "no",
        "yes" if i.dispute_id else "no",
        (i.description or "")[:5000],
    ] for i in issues]


def csv_bytes(table: list[list]) -> bytes:
    out = io.StringIO()
    writer = tabular.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in table:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: list[list], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    tabular.append_row(sheet, HEADER)
    for row in table:
        tabular.append_row(sheet, [safe_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
