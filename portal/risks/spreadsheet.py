"""The register as CSV and XLSX (typed cells, frozen header), and the import of a contract's
existing register from XLSX or CSV: all or nothing, every bad line reported with its number.

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) are written with a leading apostrophe."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from portal import tabular
from portal.auth.models import User
from portal.contracts.models import Membership
from portal.extensions import db
from portal.risks import scoring, services
from portal.risks.models import ALLOCATIONS, CATEGORIES, KINDS, PARTIES, RESPONSES, Objective, Risk

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# (header, type) of the export; the import reads the columns it knows and ignores the others.
COLUMNS = [
    ("Reference", str), ("Title", str), ("Kind", str), ("Category", str), ("Allocation", str),
    ("Owning party", str), ("Owner", str), ("Inherent likelihood", int), ("Inherent impact", int),
    ("Inherent score", int), ("Residual likelihood", int), ("Residual impact", int), ("Residual score", int),
    ("Band", str), ("Movement", str), ("Response", str), ("Controls", str), ("Status", str),
    ("Last review", date), ("Next review", date), ("Objectives", str), ("Visibility", str), ("Description", str),
]
REQUIRED = ("title", "kind", "category", "allocation", "inherent_likelihood", "inherent_impact",
            "residual_likelihood", "residual_impact", "response")
MAX_ROWS = 2000


def safe_text(value: str) -> str:
    text = value or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(risk: Risk) -> list:
    return [
        risk.reference, risk.title, risk.kind_label, risk.category_label, risk.allocation_label,
        risk.owner_party_label, risk.owner.name if risk.owner else "", risk.inherent_likelihood,
        risk.inherent_impact, risk.inherent_score, risk.residual_likelihood, risk.residual_impact,
        risk.residual_score, risk.band_label, risk.movement_symbol, risk.response_label, risk.controls,
        risk.status_label, risk.last_reviewed_on, risk.next_review_on,
        ", ".join(o.reference for o in risk.objectives), risk.visibility, risk.description,
    ]


def register_csv(risks: list[Risk]) -> str:
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow([name for name, _type in COLUMNS])
    for risk in risks:
        writer.writerow([safe_text(v) if isinstance(v, str) else ("" if v is None else v) for v in _row(risk)])
    return out.getvalue()


def register_xlsx(risks: list[Risk], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Risk register"
    tabular.append_row(sheet, [name for name, _type in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for risk in risks:
        tabular.append_row(sheet, [safe_text(v) if isinstance(v, str) else v for v in _row(risk)])
    for index, (_name, kind) in enumerate(COLUMNS, start=1):
        if kind is date:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
    widths = {"Title": 40, "Description": 60, "Controls": 50, "Objectives": 18, "Category": 20}
    for index, (name, _kind) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = widths.get(name, 14)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_xlsx(contract) -> bytes:
    """An empty register to fill in: the columns the import reads, an example, the valid values."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Risk register"
    headers = ["Title", "Kind", "Category", "Allocation", "Owning party", "Owner", "Inherent likelihood",
               "Inherent impact", "Residual likelihood", "Residual impact", "Response", "Controls",
               "Last review", "Objectives", "Visibility", "Description"]
    tabular.append_row(sheet, headers)
    tabular.append_row(sheet, ["Lifecycle costs exceed the operator's model", "Threat", "Financial", "Private", "Operator",
                  "", 4, 4, 3, 3, "Reduce", "Annual lifecycle survey; sinking fund reviewed quarterly",
                  date(2026, 1, 15), "", "government", "Ageing plant costs more to replace than modelled."])
    sheet.cell(2, 13).number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    lists = book.create_sheet("Valid values")
    tabular.append_row(lists, ["Kind", "Category", "Allocation", "Owning party", "Response", "Visibility", "Ratings"])
    columns = [list(KINDS.values()), list(CATEGORIES.values()), [a.split(" ")[0] for a in ALLOCATIONS.values()],
               list(PARTIES.values()), list(RESPONSES.values()), ["government", "partners"],
               [f"{k} {v} / {scoring.IMPACTS[k]}" for k, v in scoring.LIKELIHOODS.items()]]
    for index in range(max(len(c) for c in columns)):
        tabular.append_row(lists, [c[index] if index < len(c) else "" for c in columns])
    tabular.append_row(lists, [])
    tabular.append_row(lists, [f"Owner: the e-mail of a person with a role on {contract.code}. Objectives: references such "
                  f"as {contract.code}-OBJ-01, separated by commas. Last review: a date (YYYY-MM-DD)."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- import ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list[Risk] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _BadFile(Exception):
    pass


def _key(header) -> str:
    return "_".join(str(header or "").strip().lower().replace("-", " ").split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_rows(data: bytes) -> list[tuple[int, dict]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _BadFile("The file is not a readable Excel workbook (.xlsx). Save it again, or as CSV (UTF-8).") from None
    try:
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = [_key(v) for v in next(lines, None) or []]
        rows = []
        for line, values in enumerate(lines, start=2):
            if line > MAX_ROWS + 1:
                raise _BadFile(f"The register has more than {MAX_ROWS} lines; import it in parts.")
            rows.append((line, {name: _text(v) for name, v in zip(header, values, strict=False) if name}))
    finally:
        book.close()
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, dict]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _BadFile("The file is not UTF-8 text. Save it as an Excel workbook (.xlsx) or CSV (UTF-8).") from None
    reader = csv.reader(io.StringIO(text))
    header = [_key(h) for h in next(reader, [])]
    return [(line, {name: (v or "").strip() for name, v in zip(header, values, strict=False) if name})
            for line, values in enumerate(reader, start=2)]


def _choice(value: str, allowed: dict, what: str) -> str:
    wanted = value.strip().lower()
    for key, label in allowed.items():
        if wanted in (key, label.lower(), label.split(" ")[0].lower()):
            return key
    raise ValueError(f"{what} “{value}” is not one of {', '.join(allowed.values())}")


def _rating(value: str, what: str) -> int:
    text = value.strip().split(" ")[0]
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise ValueError(f"{what} must be 1 to 5, not “{value}”")
    return int(text)


def _parse(row: dict, contract, context: dict) -> tuple[services.RiskData, date | None]:
    """One line as RiskData (and its last review date); ValueError lists what is wrong."""
    problems = [f"{name.replace('_', ' ')} is empty" for name in REQUIRED if not row.get(name)]
    if problems:
        raise ValueError("; ".join(problems))
    kind = _choice(row["kind"], KINDS, "kind")
    data = services.RiskData(
        title=row["title"][:200], kind=kind, category=_choice(row["category"], CATEGORIES, "category"),
        allocation=_choice(row["allocation"], ALLOCATIONS, "allocation"),
        owner_party=_choice(row.get("owning_party") or "government", PARTIES, "owning party"),
        inherent_likelihood=_rating(row["inherent_likelihood"], "inherent likelihood"),
        inherent_impact=_rating(row["inherent_impact"], "inherent impact"),
        residual_likelihood=_rating(row["residual_likelihood"], "residual likelihood"),
        residual_impact=_rating(row["residual_impact"], "residual impact"),
        response=_choice(row["response"], RESPONSES, "response"), description=row.get("description", ""),
        controls=row.get("controls", ""), visibility=(row.get("visibility") or "government").lower())
    if row.get("owner"):
        data.owner_id = context["members"].get(row["owner"].lower())
        if data.owner_id is None:
            raise ValueError(f"owner “{row['owner']}” is not the e-mail of a member of {contract.code}")
    for ref in filter(None, (r.strip().upper() for r in row.get("objectives", "").split(","))):
        if ref not in context["objectives"]:
            raise ValueError(f"objective {ref} is not one of {contract.code}'s")
        data.objective_ids.append(context["objectives"][ref])
    last = None
    if row.get("last_review"):
        try:
            last = date.fromisoformat(row["last_review"][:10])
        except ValueError:
            raise ValueError(f"last review “{row['last_review']}” is not a date (YYYY-MM-DD)") from None
        if last > context["today"]:
            raise ValueError("last review is in the future")
    if row.get("reference", "").upper() in context["references"]:
        raise ValueError(f"{row['reference'].upper()} is already in the register (the import adds new risks; "
                         "change existing ones in the portal)")
    services.check(contract, data)
    return data, last


def _context(contract) -> dict:
    members = db.session.execute(sa.select(User.email, User.id).join(Membership, Membership.user_id == User.id)
                                 .where(Membership.contract_id == contract.id))
    return {
        "members": {email.lower(): user_id for email, user_id in members},
        "objectives": {ref: oid for ref, oid in db.session.execute(
            sa.select(Objective.reference, Objective.id)
            .where(Objective.contract_id == contract.id))},
        "references": set(db.session.scalars(sa.select(Risk.reference).where(Risk.contract_id == contract.id))),
        "today": services.local_today(contract),
    }


def import_register(contract, data: bytes, filename: str = "") -> ImportResult:
    """Add every line of the file to the register, or none of them."""
    try:
        is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")
        raw = _sheet_rows(data) if is_xlsx else _csv_rows(data)
    except _BadFile as error:
        return ImportResult(errors=[str(error)])
    header = set().union(*(row.keys() for _line, row in raw)) if raw else set()
    missing = [name for name in REQUIRED if name not in header]
    if raw and missing:
        return ImportResult(errors=["Line 1: the header lacks " + ", ".join(m.replace("_", " ") for m in missing)
                                    + ". Start from the template."])
    context = _context(contract)
    parsed, errors = [], []
    for line, row in raw:
        if not any(row.values()):
            continue
        try:
            parsed.append(_parse(row, contract, context))
        except ValueError as error:
            errors.append(f"Line {line}: {error}.")
        except services.RiskError as error:
            where = f"{error.field.replace('_', ' ')}: " if error.field else ""
            errors.append(f"Line {line}: {where}{error}")
    if errors:
        return ImportResult(errors=errors)
    if not parsed:
        return ImportResult(errors=["The file has no risks after the header line."])
    result = ImportResult()
    for data, last in parsed:
        risk = services.create_risk(contract, data, today=last or context["today"])
        risk.last_reviewed_on = last
        result.created.append(risk)
    db.session.flush()
    return result
