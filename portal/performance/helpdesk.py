"""The helpdesk's failure-event log: the CSV and Excel templates, and the all-or-nothing import.

Times in the file are the contract's local time; every bad row is reported with its line number
and nothing is imported unless every row is good."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from portal import imports, tabular
from portal.extensions import db
from portal.performance import paymech as pm
from portal.performance import queries
from portal.performance.errors import PerformanceError
from portal.performance.models import FailureEvent, Submission

EVENT_COLUMNS = ["reference", "area", "kpi", "criterion", "reported_at", "rectified_at", "used", "excuse_claimed"]
REQUIRED_COLUMNS = ("area", "criterion", "reported_at")
TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}
EXAMPLE_AREA = "Operating theatre 1"
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


@dataclass
class ImportResult:
    created: int
    errors: list[str]


class _BadFile(Exception):
    pass


# ---- the templates ------------------------------------------------------------------------


def _example_row(areas) -> list[str]:
    return ["HD-10234", areas[0].name if areas else EXAMPLE_AREA, "", "Heating failure", "2026-11-03 08:15",
            "2026-11-03 12:40", "yes", ""]


def csv_template(contract) -> str:
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow(EVENT_COLUMNS)
    writer.writerow(_example_row(queries.areas_of(contract)))
    return out.getvalue()


def xlsx_template(contract) -> bytes:
    """The same template as an Excel workbook: header, one example row, a sheet of valid areas and KPIs."""
    areas, kpis = queries.areas_of(contract), queries.kpis_of(contract)
    book = Workbook()
    sheet = book.active
    sheet.title = "Failure events"
    tabular.append_row(sheet, EVENT_COLUMNS)
    tabular.append_row(sheet, _example_row(areas))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (12, 28, 8, 28, 18, 18, 6, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    lists = book.create_sheet("Valid values")
    tabular.append_row(lists, ["area", "kpi", "", "Times are local to the contract (" + (contract.time_zone or "UTC")
                  + "), as YYYY-MM-DD HH:MM; used is yes or no."])
    for index in range(max(len(areas), len(kpis))):
        tabular.append_row(lists, [areas[index].name if index < len(areas) else "",
                      kpis[index].code if index < len(kpis) else ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- reading a file -----------------------------------------------------------------------


def parse_when(text: str, zone) -> datetime:
    """A local date and time as typed or exported ('2026-10-03 08:15', ISO 8601) -> UTC."""
    text = (text or "").strip()
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone).astimezone(pm.UTC)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise PerformanceError(f"“{text}” is not a date and time (use YYYY-MM-DD HH:MM)") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(pm.UTC)


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")


def _csv_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _BadFile("The file is not UTF-8 text. Save it from the helpdesk system as CSV (UTF-8) "
                       "or as an Excel workbook (.xlsx).") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or [] if h]
    limit = imports.limits()
    rows = []
    for line, raw in enumerate(reader, start=2):
        if len(rows) >= limit.max_rows:
            raise _BadFile(str(imports.too_many_rows(limit)))
        rows.append((line, {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}))
    return header, rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel stores numbers as binary floats; show them as typed (e.g. a reference 10234).
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _xlsx_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    """The first worksheet: row 1 is the header, line numbers are the sheet's row numbers. The
    workbook's unpacked size, its rows and columns are capped; rows are streamed one by one."""
    limit = imports.limits()
    try:
        imports.check_workbook(data, limit)
    except imports.ImportTooLarge as error:
        raise _BadFile(str(error)) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _BadFile("The file is not a readable Excel workbook (.xlsx). Save it again from the helpdesk "
                       "system, or export it as CSV.") from None
    try:
        lines = book.worksheets[0].iter_rows(values_only=True, max_col=limit.max_columns)
        header = [_cell_text(v) for v in next(lines, None) or []]
        rows = []
        for line, values in enumerate(lines, start=2):
            if len(rows) >= limit.max_rows:
                raise _BadFile(str(imports.too_many_rows(limit)))
            rows.append((line, {name: _cell_text(value) for name, value in zip(header, values, strict=False) if name}))
    finally:
        book.close()
    return [h for h in header if h], rows


# ---- the import ---------------------------------------------------------------------------


@dataclass
class _Vocabulary:
    """What a row may name, and where its times must fall."""

    areas: dict
    kpis: dict
    zone: ZoneInfo
    start: datetime
    end: datetime
    label: str


def _vocabulary(contract, submission: Submission) -> _Vocabulary:
    start, end = pm.month_bounds(submission.month)
    return _Vocabulary(areas={a.name.lower(): a for a in queries.areas_of(contract)},
                       kpis={k.code.lower(): k for k in queries.kpis_of(contract)},
                       zone=ZoneInfo(contract.time_zone or "UTC"), start=start, end=end, label=submission.label)


def _read_row(row: dict, known: _Vocabulary) -> tuple[dict, list[str]]:
    """The event's values from one row, and what is wrong with it."""
    problems = []
    area = known.areas.get(row.get("area", "").lower()) if row.get("area") else None
    kpi = known.kpis.get(row.get("kpi", "").lower()) if row.get("kpi") else None
    if row.get("area") and area is None:
        problems.append(f"unknown area “{row['area']}”")
    if row.get("kpi") and kpi is None:
        problems.append(f"unknown KPI “{row['kpi']}”")
    if not row.get("area") and not row.get("kpi"):
        problems.append("give an area or a KPI")
    if not row.get("criterion"):
        problems.append("criterion is empty")
    reported = rectified = None
    try:
        reported = parse_when(row.get("reported_at", ""), known.zone)
        if not (known.start <= reported < known.end):
            problems.append(f"reported_at is not in {known.label}")
    except PerformanceError as error:
        problems.append(f"reported_at: {error}")
    if row.get("rectified_at"):
        try:
            rectified = parse_when(row["rectified_at"], known.zone)
            if reported and rectified < reported:
                problems.append("rectified_at is before reported_at")
        except PerformanceError as error:
            problems.append(f"rectified_at: {error}")
    used = row.get("used", "").lower()
    if used not in TRUE | FALSE:
        problems.append(f"used must be yes or no, not “{row['used']}”")
    values = dict(reference=row.get("reference", "")[:40], area_id=area.id if area else None,
                  kpi_id=kpi.id if kpi else None, criterion=row.get("criterion", "")[:120], reported_at=reported,
                  rectified_at=rectified, used=used in TRUE, excuse_claimed=row.get("excuse_claimed", ""))
    return values, problems


def import_events_file(submission: Submission, contract, data: bytes, filename: str = "") -> ImportResult:
    """Import the helpdesk's failure-event log from CSV or XLSX into a draft month."""
    if not submission.is_draft:
        raise PerformanceError("Events can only be imported into a draft submission.")
    try:
        header, raw_rows = _xlsx_rows(data) if is_xlsx(data, filename) else _csv_rows(data)
    except _BadFile as error:
        return ImportResult(0, [str(error)])
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return ImportResult(0, [f"Line 1: the header lacks {', '.join(missing)}. Use the template's columns: "
                                f"{', '.join(EVENT_COLUMNS)}."])
    known = _vocabulary(contract, submission)
    events, errors = [], []
    for line, row in raw_rows:
        if not any(row.values()):
            continue
        values, problems = _read_row(row, known)
        if problems:
            errors.append(f"Line {line}: " + "; ".join(problems) + ".")
        else:
            events.append(FailureEvent(contract_id=contract.id, submission_id=submission.id, **values))
    if errors:
        return ImportResult(0, imports.capped(errors, imports.limits()))
    if not events:
        return ImportResult(0, ["The file has no events after the header line."])
    db.session.add_all(events)
    db.session.flush()
    return ImportResult(len(events), [])
