"""Rules of the monthly cycle: open, save, import, submit, review, approve, countersign."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from portal import imports, tabular
from portal.db import utcnow
from portal.extensions import db
from portal.performance import paymech as pm
from portal.performance.models import (
    DECISIONS,
    EvidenceFile,
    FailureEvent,
    FunctionalArea,
    Kpi,
    Measurement,
    PaymentStatement,
    PaymentTerms,
    ReviewDecision,
    Submission,
)
from portal.public.search import mark_search_stale


class PerformanceError(Exception):
    """A rule was broken; the message is for the user."""


class StaleLine(PerformanceError):
    """Someone else decided on this line since the page was loaded."""


@dataclass
class ImportResult:
    created: int
    errors: list[str]


def month_start(value: date) -> date:
    return value.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def parse_month(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except (TypeError, ValueError):
        return None


# ---- framework ----------------------------------------------------------------------------


def terms_for(contract, month: date) -> PaymentTerms | None:
    """The payment terms in force for `month` (the latest effective on or before its first day)."""
    return db.session.scalar(
        sa.select(PaymentTerms)
        .where(PaymentTerms.contract_id == contract.id, PaymentTerms.effective_from <= month_start(month))
        .order_by(PaymentTerms.effective_from.desc())
        .limit(1)
    )


def areas_of(contract) -> list[FunctionalArea]:
    return list(db.session.scalars(
        sa.select(FunctionalArea).where(FunctionalArea.contract_id == contract.id).order_by(FunctionalArea.name)))


def kpis_of(contract, public_only: bool = False) -> list[Kpi]:
    query = sa.select(Kpi).where(Kpi.contract_id == contract.id)
    if public_only:
        query = query.where(Kpi.public.is_(True))
    return list(db.session.scalars(query.order_by(Kpi.position, Kpi.code)))


def set_kpi_public(kpi: Kpi, public: bool) -> None:
    kpi.public = public
    kpi.visibility = "public" if public else "partners"
    mark_search_stale(kpi.contract_id)


def engine_terms(contract, month: date) -> pm.Terms:
    terms = terms_for(contract, month)
    if terms is None:
        raise PerformanceError(f"No payment terms are in force for {month:%B %Y}.")
    areas = {a.name: pm.Area(a.name, pm.plain(a.weighting), pm.plain(a.rectification_hours),
                             pm.plain(a.deduction_period_hours)) for a in areas_of(contract)}
    charge = terms.monthly_unitary_charge
    if terms.area_rate is not None:
        rate = pm.plain(terms.area_rate)
    else:
        rate = pm.derive_area_rate(Decimal(terms.annual_unitary_charge), list(areas.values()), Decimal("8760"),
                                   Decimal(terms.calibration_factor))
    return pm.Terms(
        monthly_unitary_charge=charge, area_rate=rate, areas=areas, used_factor=pm.plain(terms.used_factor),
        repetition=tuple(pm.Ratchet(int(r["after"]), Decimal(str(r["multiplier"]))) for r in terms.repetition),
        points_threshold=terms.points_threshold, point_value=Decimal(terms.point_value),
        bands=tuple(pm.Band(int(b["from"]), None if b.get("to") is None else int(b["to"]),
                            Decimal(str(b["multiplier"]))) for b in terms.bands),
        cap_percent=None if terms.cap_percent is None else Decimal(terms.cap_percent),
        currency=contract.currency,
    )


# ---- submissions --------------------------------------------------------------------------


def get_submission(contract, month: date) -> Submission | None:
    return db.session.scalar(sa.select(Submission).where(
        Submission.contract_id == contract.id, Submission.month == month_start(month)))


def open_submission(contract, month: date) -> Submission:
    """The submission for `month`, opened (with a blank measurement per KPI) if not there yet."""
    month = month_start(month)
    submission = get_submission(contract, month)
    if submission is None:
        terms = terms_for(contract, month)
        days = terms.submission_deadline_days if terms else 10
        submission = Submission(contract_id=contract.id, month=month, status="draft",
                                due_on=next_month(month) + timedelta(days=days - 1))
        db.session.add(submission)
        db.session.flush()
    have = {m.kpi_id for m in submission.measurements}
    for kpi in kpis_of(contract):
        if kpi.id not in have:
            db.session.add(Measurement(contract_id=contract.id, submission_id=submission.id, kpi_id=kpi.id))
    db.session.flush()
    db.session.refresh(submission)
    return submission


def submissions_of(contract, limit: int = 13) -> list[Submission]:
    return list(db.session.scalars(sa.select(Submission).where(Submission.contract_id == contract.id)
                                   .order_by(Submission.month.desc()).limit(limit)))


def submissions_between(contract, first: date, last: date) -> list[Submission]:
    """The months from `first` to `last`, with their measurements and events loaded in bulk."""
    return list(db.session.scalars(
        sa.select(Submission)
        .where(Submission.contract_id == contract.id, Submission.month >= first, Submission.month <= last)
        .options(sa.orm.selectinload(Submission.measurements),
                 sa.orm.selectinload(Submission.events).selectinload(FailureEvent.area))
        .order_by(Submission.month)))


def current_statements(submissions) -> dict[int, PaymentStatement]:
    """submission id -> its current statement (as `statement_of`), for many months in one query."""
    ids = [s.id for s in submissions]
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(PaymentStatement).where(
        PaymentStatement.submission_id.in_(ids), PaymentStatement.superseded_at.is_(None))
        .order_by(PaymentStatement.revision))
    return {row.submission_id: row for row in rows}  # the highest revision wins


def _can_edit_line(submission: Submission, line) -> bool:
    return submission.status == "draft" or (submission.status == "queried" and line.status == "queried")


def parse_decimal(text) -> Decimal | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise PerformanceError(f"“{text}” is not a number.") from None
    if not value.is_finite():
        raise PerformanceError(f"“{text}” is not a number.")
    return value


def save_measurements(submission: Submission, values: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Save typed values and notes (kpi id -> (value text, note)); returns errors by KPI id.

    Only a draft, or the queried lines of a queried submission, can change."""
    errors: dict[int, str] = {}
    parsed = {}
    for measurement in submission.measurements:
        if measurement.kpi_id not in values:
            continue
        text, note = values[measurement.kpi_id]
        try:
            parsed[measurement.id] = (measurement, parse_decimal(text), (note or "").strip())
        except PerformanceError as error:
            errors[measurement.kpi_id] = str(error)
    if errors:
        return errors
    for measurement, value, note in parsed.values():
        if measurement.value == value and measurement.note == note:
            continue
        if not _can_edit_line(submission, measurement):
            raise PerformanceError(f"{submission.label} is {submission.status_label.lower()}; "
                                   f"{measurement.kpi.code} cannot be changed.")
        measurement.value = value
        measurement.note = note
    db.session.flush()
    return {}


EVENT_COLUMNS = ["reference", "area", "kpi", "criterion", "reported_at", "rectified_at", "used", "excuse_claimed"]
TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}


def csv_template(contract) -> str:
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow(EVENT_COLUMNS)
    areas = areas_of(contract)
    example_area = areas[0].name if areas else "Operating theatre 1"
    writer.writerow(["HD-10234", example_area, "", "Heating failure", "2026-11-03 08:15", "2026-11-03 12:40",
                     "yes", ""])
    return out.getvalue()


def xlsx_template(contract) -> bytes:
    """The same template as an Excel workbook: header, one example row, a sheet of valid areas and KPIs."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Failure events"
    tabular.append_row(sheet, EVENT_COLUMNS)
    areas = areas_of(contract)
    example_area = areas[0].name if areas else "Operating theatre 1"
    tabular.append_row(sheet, ["HD-10234", example_area, "", "Heating failure", "2026-11-03 08:15", "2026-11-03 12:40",
                  "yes", ""])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (12, 28, 8, 28, 18, 18, 6, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    lists = book.create_sheet("Valid values")
    tabular.append_row(lists, ["area", "kpi", "", "Times are local to the contract (" + (contract.time_zone or "UTC")
                  + "), as YYYY-MM-DD HH:MM; used is yes or no."])
    kpis = kpis_of(contract)
    for index in range(max(len(areas), len(kpis))):
        tabular.append_row(lists, [areas[index].name if index < len(areas) else "",
                      kpis[index].code if index < len(kpis) else ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _parse_when(text: str, zone) -> datetime:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone).astimezone(pm.UTC)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise PerformanceError(f"“{text}” is not a date and time (use YYYY-MM-DD HH:MM)") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(pm.UTC)


class _BadFile(Exception):
    pass


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
    """The first worksheet: row 1 is the header, line numbers are the sheet's row numbers."""
    import warnings
    import zipfile

    from openpyxl import load_workbook

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
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True, max_col=limit.max_columns)  # streamed, row by row
        first = next(lines, None)
        header = [_cell_text(v) for v in first or []]
        rows = []
        for line, values in enumerate(lines, start=2):
            if len(rows) >= limit.max_rows:
                raise _BadFile(str(imports.too_many_rows(limit)))
            row = {name: _cell_text(value) for name, value in zip(header, values, strict=False) if name}
            rows.append((line, row))
    finally:
        book.close()
    return [h for h in header if h], rows


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")


def import_events_file(submission: Submission, contract, data: bytes, filename: str = "") -> ImportResult:
    """Import the helpdesk's failure-event log from CSV or XLSX. Every bad row is reported with its
    line number and nothing is imported unless every row is good."""
    from zoneinfo import ZoneInfo

    if submission.status != "draft":
        raise PerformanceError("Events can only be imported into a draft submission.")
    try:
        header, raw_rows = _xlsx_rows(data) if is_xlsx(data, filename) else _csv_rows(data)
    except _BadFile as error:
        return ImportResult(0, [str(error)])
    missing = [c for c in ("area", "criterion", "reported_at") if c not in header]
    if missing:
        return ImportResult(0, [f"Line 1: the header lacks {', '.join(missing)}. Use the template's columns: "
                                f"{', '.join(EVENT_COLUMNS)}."])
    zone = ZoneInfo(contract.time_zone or "UTC")
    areas = {a.name.lower(): a for a in areas_of(contract)}
    kpis = {k.code.lower(): k for k in kpis_of(contract)}
    start, end = pm.month_bounds(submission.month)
    rows, errors = [], []
    for line, row in raw_rows:
        if not any(row.values()):
            continue
        problems = []
        area = areas.get(row.get("area", "").lower()) if row.get("area") else None
        kpi = kpis.get(row.get("kpi", "").lower()) if row.get("kpi") else None
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
            reported = _parse_when(row.get("reported_at", ""), zone)
            if not (start <= reported < end):
                problems.append(f"reported_at is not in {submission.label}")
        except PerformanceError as error:
            problems.append(f"reported_at: {error}")
        if row.get("rectified_at"):
            try:
                rectified = _parse_when(row["rectified_at"], zone)
                if reported and rectified < reported:
                    problems.append("rectified_at is before reported_at")
            except PerformanceError as error:
                problems.append(f"rectified_at: {error}")
        used = row.get("used", "").lower()
        if used not in TRUE | FALSE:
            problems.append(f"used must be yes or no, not “{row['used']}”")
        if problems:
            errors.append(f"Line {line}: " + "; ".join(problems) + ".")
            continue
        rows.append(FailureEvent(contract_id=contract.id, submission_id=submission.id,
                                 reference=row.get("reference", "")[:40], area_id=area.id if area else None,
                                 kpi_id=kpi.id if kpi else None, criterion=row["criterion"][:120],
                                 reported_at=reported, rectified_at=rectified, used=used in TRUE,
                                 excuse_claimed=row.get("excuse_claimed", "")))
    if errors:
        return ImportResult(0, imports.capped(errors, imports.limits()))
    if not rows:
        return ImportResult(0, ["The file has no events after the header line."])
    db.session.add_all(rows)
    db.session.flush()
    return ImportResult(len(rows), [])


def import_events_csv(submission: Submission, contract, data: bytes) -> ImportResult:
    return import_events_file(submission, contract, data, "events.csv")


def add_event(submission: Submission, contract, **values) -> FailureEvent:
    if submission.status != "draft":
        raise PerformanceError("Events can only be added to a draft submission.")
    event = FailureEvent(contract_id=contract.id, submission_id=submission.id, **values)
    db.session.add(event)
    db.session.flush()
    return event


def add_evidence(submission: Submission, stored, user, description: str = "") -> EvidenceFile:
    if submission.status not in ("draft", "queried"):
        raise PerformanceError("Evidence can be added while the submission is a draft or queried.")
    evidence = EvidenceFile(contract_id=submission.contract_id, submission_id=submission.id,
                            storage_key=stored.key, original_name=stored.original_name, size=stored.size,
                            content_type=stored.content_type, sha256=stored.sha256,
                            description=description[:300], uploaded_by_id=user.id if user else None)
    db.session.add(evidence)
    db.session.flush()
    return evidence


def _record(submission, line_type, line_id, decision, comment, user, when=None):
    db.session.add(ReviewDecision(contract_id=submission.contract_id, submission_id=submission.id,
                                  line_type=line_type, line_id=line_id, decision=decision, comment=comment or "",
                                  actor_id=user.id if user else None, created_at=when or utcnow()))


def submit(submission: Submission, user, now: datetime | None = None) -> None:
    if submission.status != "draft":
        raise PerformanceError(f"{submission.label} has already been submitted.")
    blank = [m.kpi.code for m in submission.measurements if m.value is None]
    if blank:
        raise PerformanceError("Give a measured value for every KPI before submitting: " + ", ".join(blank) + ".")
    now = now or utcnow()
    submission.status = "submitted"
    submission.submitted_at = now
    submission.submitted_by_id = user.id
    submission.late = now.date() > submission.due_on
    _record(submission, "submission", submission.id, "submit", "Late" if submission.late else "", user, now)
    db.session.flush()


def resubmit(submission: Submission, user, comment: str = "", now: datetime | None = None) -> int:
    """Send back the answers to queried lines; they go back to the reviewers."""
    if submission.status != "queried":
        raise PerformanceError("Only a queried submission can be resubmitted.")
    count = 0
    for line, kind in _lines(submission):
        if line.status == "queried":
            line.status = "pending"
            _record(submission, kind, line.id, "answer", comment, user, now)
            count += 1
    submission.resubmissions += 1
    submission.status = "submitted"
    db.session.flush()
    return count


def _lines(submission: Submission):
    for m in submission.measurements:
        yield m, "measurement"
    for e in submission.events:
        yield e, "event"


def refresh_status(submission: Submission) -> None:
    if submission.status not in ("submitted", "queried", "accepted"):
        return
    statuses = [line.status for line, _ in _lines(submission)]
    if "queried" in statuses:
        submission.status = "queried"
    elif all(line.settled for line, _ in _lines(submission)):
        submission.status = "accepted"
    else:
        submission.status = "submitted"


def review(submission: Submission, line, kind: str, decision: str, comment: str, user,
           expected_version, now: datetime | None = None) -> None:
    if decision not in DECISIONS:
        raise PerformanceError("Choose a decision.")
    if submission.status not in ("submitted", "queried", "accepted"):
        raise PerformanceError(f"{submission.label} is {submission.status_label.lower()}; it cannot be reviewed now.")
    if decision != "accept" and not (comment or "").strip():
        raise PerformanceError("Give a comment or reason for this decision.")
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    if expected != line.version:
        raise StaleLine("Someone else decided on this line while you were looking at it. "
                        f"It is now “{line.status_label}”{': ' + line.review_comment if line.review_comment else ''}. "
                        "Your comment is kept below; check and decide again.")
    line.status = DECISIONS[decision]
    line.review_comment = (comment or "").strip()
    _record(submission, kind, line.id, decision, comment, user, now)
    refresh_status(submission)
    db.session.flush()


# ---- the statement ------------------------------------------------------------------------


def month_points(submission: Submission) -> int:
    points = 0
    for m in submission.measurements:
        if m.status in ("excused", "waived"):
            continue
        if m.met is False or m.status == "rejected":
            points += m.kpi.failure_points
    for e in submission.events:
        if e.area_id is None and e.kpi_id is not None and e.status not in ("excused", "waived"):
            points += e.kpi.failure_points
    return points


def _engine_event(event: FailureEvent) -> pm.Event:
    reasons = {"excused": "Excusing cause accepted", "waived": "Deduction waived"}
    return pm.Event(area=event.area.name, criterion=event.criterion, reported_at=event.reported_at,
                    rectified_at=event.rectified_at, used=event.used,
                    deductible=event.status not in reasons,
                    reason=(f"{reasons[event.status]}: {event.review_comment}" if event.status in reasons else ""),
                    ref=event.reference or f"E{event.id}")


def calculate_statement(contract, submission: Submission) -> dict:
    """The statement of a month from its reviewed lines (also used as a preview before approval)."""
    terms = engine_terms(contract, submission.month)
    previous = get_submission(contract, previous_month(submission.month))
    events = [e for e in submission.events if e.area is not None]
    if previous is not None:
        events = [e for e in previous.events if e.area is not None] + events
    result = pm.calculate(terms, [_engine_event(e) for e in events], month_points(submission), submission.month)
    result["contract"] = contract.code
    result["kpis"] = [{
        "code": m.kpi.code, "name": m.kpi.name, "unit": m.kpi.unit, "target": str(m.kpi.target),
        "direction": m.kpi.direction, "value": None if m.value is None else str(m.value),
        "met": m.met, "status": m.status, "failure_points": m.kpi.failure_points,
    } for m in submission.measurements]
    return result


def statement_of(submission: Submission) -> PaymentStatement | None:
    """The current statement of the month (the latest revision, never a superseded one)."""
    return db.session.scalar(sa.select(PaymentStatement).where(
        PaymentStatement.submission_id == submission.id, PaymentStatement.superseded_at.is_(None))
        .order_by(PaymentStatement.revision.desc()).limit(1))


def statement_revisions(submission: Submission) -> list[PaymentStatement]:
    """Every statement of the month, newest first (superseded ones included)."""
    return list(db.session.scalars(sa.select(PaymentStatement).where(
        PaymentStatement.submission_id == submission.id).order_by(PaymentStatement.revision.desc())))


def approve(contract, submission: Submission, user, now: datetime | None = None) -> PaymentStatement:
    if submission.status != "accepted":
        raise PerformanceError("Every KPI and event must be settled (accepted, rejected, excused or waived) "
                               "before the period is approved.")
    now = now or utcnow()
    data = calculate_statement(contract, submission)
    data["approved_by"] = user.name
    data["approved_at"] = now.isoformat()
    data["revision"] = 1
    statement = PaymentStatement(contract_id=contract.id, submission_id=submission.id, month=submission.month,
                                 data=data, net_payment=Decimal(data["net_payment"]),
                                 total_deduction=Decimal(data["total_deduction"]), created_at=now)
    db.session.add(statement)
    submission.status = "approved"
    submission.approved_at = now
    submission.approved_by_id = user.id
    _record(submission, "submission", submission.id, "approve", "", user, now)
    db.session.flush()
    return statement


def countersign(submission: Submission, user, now: datetime | None = None) -> PaymentStatement:
    if submission.status != "approved":
        raise PerformanceError("Only an approved period can be countersigned.")
    now = now or utcnow()
    statement = statement_of(submission)
    data = dict(statement.data)
    data["countersigned_by"] = user.name
    data["countersigned_at"] = now.isoformat()
    statement.data = data
    statement.frozen = True
    submission.status = "countersigned"
    submission.countersigned_at = now
    submission.countersigned_by_id = user.id
    _record(submission, "submission", submission.id, "countersign", "", user, now)
    db.session.flush()
    return statement


def history(submission: Submission) -> list[ReviewDecision]:
    return list(db.session.scalars(sa.select(ReviewDecision).where(ReviewDecision.submission_id == submission.id)
                                   .order_by(ReviewDecision.created_at, ReviewDecision.id)))


def review_queue(contract) -> list[Submission]:
    return list(db.session.scalars(sa.select(Submission).where(
        Submission.contract_id == contract.id,
        Submission.status.in_(["submitted", "queried", "accepted", "approved"])).order_by(Submission.month)))
