"""Report rules: periods, snapshots, the workflow, publication, corrections and withdrawal.

Plain functions (no request); they flush, the view commits."""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app, render_template, url_for

from portal import access
from portal.audit.services import head
from portal.contracts.models import Contract
from portal.contracts.services import followed_contracts, followers_of
from portal.db import utcnow
from portal.extensions import db
from portal.notifications.services import notify_many
from portal.pdf import PdfMetadata, render_pdf_pages
from portal.reports import sections as registry
from portal.reports.models import PERIOD_KINDS, Report, ReportItem
from portal.richtext import markdown_html
from portal.storage import store_bytes

log = logging.getLogger(__name__)

DEFAULT_METHODOLOGY = (
    "Figures are taken from the portal's record on the date shown on the cover: performance results "
    "accepted by the public authority, payment statements approved for each period, and feedback "
    "received through every channel. Only information marked for publication is included; "
    "records restricted to the partners or to the government are left out. Money is shown in the "
    "contract's currency, before tax."
)


class ReportError(Exception):
    """A workflow rule was broken; the message is for the official."""


# ---- Periods -------------------------------------------------------------------------------


def quarter_period(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise ReportError("The quarter must be 1, 2, 3 or 4.")
    start = date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = (date(year + (end_month == 12), 1 if end_month == 12 else end_month + 1, 1) - timedelta(days=1))
    return start, end


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def default_title(contract, kind: str, start: date, end: date) -> str:
    if kind == "quarter":
        return f"{contract.title}: accountability report, Q{(start.month - 1) // 3 + 1} {start.year}"
    if kind == "year":
        return f"{contract.title}: annual accountability report {start.year}"
    return f"{contract.title}: report for {start:%d %b %Y} to {end:%d %b %Y}"


# ---- Snapshots -----------------------------------------------------------------------------


def take_snapshot(contract, start: date, end: date, keys: list[str], report: Report | None = None) -> dict:
    """Each chosen section's data, frozen as JSON. Sections of absent features are skipped.
    Sections with chosen items get the report's choices (or their defaults without a report)."""
    data = {}
    for key in keys:
        kind = registry.get_section(key)
        if kind is None:
            continue
        if kind.candidates is not None:
            items = chosen_items(report, key) if report is not None else None
            section = kind.snapshot(contract, start, end, items=items)
        else:
            section = kind.snapshot(contract, start, end)
        if section is not None:
            data[key] = registry.freeze(section)
    return data


def create_report(contract, user, *, kind: str, start: date, end: date, sections: list[str],
                  title: str = "", narrative: str = "", methodology: str | None = None,
                  impact_narrative: str = "") -> Report:
    if kind not in PERIOD_KINDS:
        raise ReportError("Choose a quarter, a year or custom dates.")
    if end < start:
        raise ReportError("The period must end on or after its first day.")
    keys = [k.key for k in registry.available_sections() if k.key in sections]
    if not keys:
        raise ReportError("Choose at least one section.")
    report = Report(
        contract_id=contract.id, title=title.strip() or default_title(contract, kind, start, end),
        period_kind=kind, period_start=start, period_end=end, sections=keys, narrative=narrative,
        methodology=DEFAULT_METHODOLOGY if methodology is None else methodology,
        impact_narrative=impact_narrative, created_by_id=getattr(user, "id", None), visibility="government",
    )
    db.session.add(report)
    db.session.flush()
    for key in keys:  # the initial choice of items (public ones only), recorded like any other
        kind_ = registry.get_section(key)
        if kind_ is not None and kind_.default_items is not None:
            for item in kind_.default_items(contract, start, end):
                _add_item(report, key, item, user, release=False)
    db.session.flush()
    report.snapshot = take_snapshot(contract, start, end, keys, report)
    report.snapshot_at = utcnow()
    db.session.flush()
    return report


# ---- Chosen items --------------------------------------------------------------------------------


def chosen_items(report: Report, section: str) -> list[dict]:
    rows = db.session.scalars(sa.select(ReportItem).where(ReportItem.report_id == report.id,
                                                          ReportItem.section == section)
                              .order_by(ReportItem.id))
    return [{"kind": r.kind, "ref_id": r.ref_id, "release": r.release} for r in rows]


def item_candidates(report: Report, section: str) -> list[dict]:
    """What an official may choose for `section`, each marked `chosen` and `released`."""
    kind = registry.get_section(section)
    if kind is None or kind.candidates is None:
        return []
    chosen = {(i["kind"], i["ref_id"]): i for i in chosen_items(report, section)}
    out = []
    for c in kind.candidates(report.contract, report.period_start, report.period_end):
        mine = chosen.get((c["kind"], c["ref_id"]))
        out.append({**c, "chosen": mine is not None, "released": bool(mine and mine["release"])})
    return out


def _add_item(report: Report, section: str, candidate: dict, user, release: bool) -> ReportItem:
    item = ReportItem(report_id=report.id, contract_id=report.contract_id, section=section,
                      kind=candidate["kind"], ref_id=candidate["ref_id"], label=candidate["label"][:200],
                      source_visibility=candidate["visibility"], release=release,
                      chosen_by_id=getattr(user, "id", None), chosen_at=utcnow())
    db.session.add(item)
    return item


def set_items(report: Report, user, section: str, chosen: set[int], released: set[int]) -> list[ReportItem]:
    """Record an official's choice of items for a section of a draft, then take that section again.

    `chosen` and `released` are candidate ref_ids. A restricted item (partners or government
    visibility, or hidden from the public board) goes in only when it is also in `released`:
    the explicit decision to publish it, recorded with who and when."""
    _require(report, "draft", action="edited")
    kind = registry.get_section(section)
    if kind is None or kind.candidates is None or section not in (report.sections or []):
        raise ReportError("This section has no items to choose.")
    candidates = {c["ref_id"]: c for c in kind.candidates(report.contract, report.period_start, report.period_end)}
    unknown = (chosen | released) - set(candidates)
    if unknown:
        raise ReportError("Some of the chosen items are not in this report's period or contract.")
    existing = {r.ref_id: r for r in db.session.scalars(
        sa.select(ReportItem).where(ReportItem.report_id == report.id, ReportItem.section == section))}
    for ref_id, row in existing.items():
        if ref_id not in chosen:
            db.session.delete(row)
    for ref_id in sorted(chosen):
        candidate = candidates[ref_id]
        release = candidate["restricted"] and ref_id in released
        row = existing.get(ref_id)
        if row is None:
            _add_item(report, section, candidate, user, release)
        elif row.release != release:
            row.release = release
            row.source_visibility = candidate["visibility"]
            row.chosen_by_id = getattr(user, "id", None)
            row.chosen_at = utcnow()
    db.session.flush()
    snapshot = dict(report.snapshot or {})
    snapshot.pop(section, None)
    snapshot.update(take_snapshot(report.contract, report.period_start, report.period_end, [section], report))
    report.snapshot = snapshot
    db.session.flush()
    return list(db.session.scalars(sa.select(ReportItem).where(ReportItem.report_id == report.id,
                                                               ReportItem.section == section)))


def _require(report: Report, *statuses: str, action: str) -> None:
    if report.status not in statuses:
        raise ReportError(f"A report that is {report.status_label.lower()} cannot be {action}.")


def update_draft(report: Report, *, title: str, sections: list[str], narrative: str, methodology: str,
                 impact_narrative: str | None = None) -> Report:
    _require(report, "draft", action="edited")
    keys = [k.key for k in registry.available_sections() if k.key in sections]
    if not keys:
        raise ReportError("Choose at least one section.")
    added = [k for k in keys if k not in (report.snapshot or {})]
    report.title = title.strip() or report.title
    report.sections = keys
    report.narrative = narrative
    report.methodology = methodology
    if impact_narrative is not None:
        report.impact_narrative = impact_narrative
    if added:  # a newly chosen section gets data from the same kind of snapshot
        snapshot = dict(report.snapshot or {})
        snapshot.update(take_snapshot(report.contract, report.period_start, report.period_end, added, report))
        report.snapshot = snapshot
    db.session.flush()
    return report


def refresh_snapshot(report: Report) -> Report:
    _require(report, "draft", action="refreshed")
    report.snapshot = take_snapshot(report.contract, report.period_start, report.period_end, report.sections, report)
    report.snapshot_at = utcnow()
    db.session.flush()
    return report


# Sections whose body is the officials' own text, and the field that holds it.
WRITTEN_SECTIONS = {"narrative": "narrative", "impact": "impact_narrative", "methodology": "methodology"}


def empty_written_sections(report: Report) -> list[str]:
    """Titles of chosen sections whose text nobody has written."""
    empty = []
    for key in report.sections or []:
        attribute = WRITTEN_SECTIONS.get(key)
        kind = registry.get_section(key)
        if attribute and kind and not (getattr(report, attribute) or "").strip():
            empty.append(kind.title)
    return empty


def _require_written(report: Report, action: str) -> None:
    empty = empty_written_sections(report)
    if empty:
        names = ", ".join(f"“{title}”" for title in empty)
        raise ReportError(f"The report cannot be {action} with empty sections: write {names}, or take "
                          "the section out of the report (the contents list and the methodology then "
                          "simply do not have it).")


def submit(report: Report, user=None) -> Report:
    _require(report, "draft", action="submitted")
    _require_written(report, "submitted")
    report.status = "submitted"
    report.submitted_by_id = getattr(user, "id", None)
    report.submitted_at = utcnow()
    report.render_error = ""
    db.session.flush()
    return report


def send_back(report: Report) -> Report:
    _require(report, "submitted", "approved", action="sent back")
    report.status = "draft"
    report.approved_at = None
    report.approved_by_id = None
    db.session.flush()
    return report


def approve(report: Report, user) -> Report:
    _require(report, "submitted", action="approved")
    reason = access.why_not(user, "report.approve", report)
    if reason and report.contract.four_eyes and user.id in report.prepared_by_ids:
        raise ReportError(reason)
    report.status = "approved"
    report.approved_by_id = user.id
    report.approved_at = utcnow()
    db.session.flush()
    return report


# ---- Rendering -------------------------------------------------------------------------------


def document_context(report: Report, publishing_on=None) -> dict:
    chosen = []
    for key in report.sections or []:
        kind = registry.get_section(key)
        data = (report.snapshot or {}).get(key)
        if kind is None or data is None:
            continue
        chosen.append({"key": key, "title": kind.title, "template": kind.template, "data": data,
                       "anchor": f"section-{key}"})

    audit_event, audit_hash = head()
    return {"report": report, "contract": report.contract, "sections": chosen,
            "markdown": markdown_html, "publishing_on": publishing_on,
            "audit_event": audit_event, "audit_hash": audit_hash}


def report_html(report: Report, publishing_on=None) -> str:
    return render_template("reports/document.html", **document_context(report, publishing_on))


def report_metadata(report: Report) -> PdfMetadata:
    contract = report.contract
    return PdfMetadata(
        title=report.title, author=contract.government_org.name,
        subject=f"Accountability report on the {contract.title} public-private partnership, "
                f"{report.period_label}",
        keywords=["PPP", "accountability", "transparency", contract.code, contract.sector_label,
                  PERIOD_KINDS.get(report.period_kind, "")],
    )


def render_report_pdf(report: Report, publishing_on=None) -> bytes:
    return render_report(report, publishing_on)[0]


def render_report(report: Report, publishing_on=None) -> tuple[bytes, int]:
    return render_pdf_pages(report_html(report, publishing_on), report_metadata(report))


def publish(report: Report, user, now=None) -> Report:
    """Render the PDF, store it with its SHA-256 and list it publicly. On a failed render the
    report stays approved with the error recorded (raised as ReportError)."""
    _require(report, "approved", action="published")
    _require_written(report, "published")
    report.render_state = "rendering"
    now = now or utcnow()
    try:
        pdf, pages = render_report(report, publishing_on=now)
    except Exception as error:  # WeasyPrint can fail in many ways; keep the draft and say why
        log.exception("rendering report %s failed", report.id)
        report.render_state = "failed"
        report.render_error = f"The PDF could not be produced: {type(error).__name__}: {error}"[:2000]
        db.session.flush()
        raise ReportError(report.render_error) from error
    stored = store_bytes(pdf, f"report-{report.id}.pdf", {"pdf"}, max_bytes=100 * 1024 * 1024)
    report.pdf_key = stored.key
    report.pdf_sha256 = stored.sha256
    report.pdf_size = stored.size
    report.pdf_pages = pages
    report.render_state = "done"
    report.render_error = ""
    report.status = "published"
    report.visibility = "public"
    report.published_at = now
    report.published_by_id = user.id if user is not None else None
    if report.supersedes_id:
        previous = db.session.get(Report, report.supersedes_id)
        if previous is not None and previous.superseded_at is None:
            previous.superseded_at = report.published_at
    db.session.flush()
    _tell_followers(report)
    return report


def _tell_followers(report: Report) -> int:
    """People who follow a published contract hear of each new report (and each corrected edition)."""
    if not report.contract.is_published:
        return 0
    edition = f" (corrected edition {report.edition})" if report.edition > 1 else ""
    return notify_many(followers_of(report.contract), f"New report on {report.contract.code}: {report.title}{edition}",
                       "Published on the portal; the PDF is open to everyone.",
                       url_for("reports.report_pdf", report_id=report.id), report.contract)


def latest_public_reports(user, limit: int = 6) -> list[Report]:
    """For a person's home: the newest published reports, those of contracts they follow first."""
    followed = {c.id for c in followed_contracts(user)}
    reports = [r for r in public_reports() if r.status == "published" and r.superseded_at is None]
    reports.sort(key=lambda r: (r.contract_id not in followed, -(r.published_at.timestamp() if r.published_at else 0)))
    return reports[:limit]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Above this many table rows and list entries (the demo annual report has 38, a quarterly about 15;
# config REPORT_BACKGROUND_ROWS) a report is published in the background (RQ when
# REDIS_URL is set, else a thread of the web process); with REDIS_URL it always is.
DEFAULT_BACKGROUND_ROWS = 30


def report_size(report: Report) -> int:
    """What layout costs: the entries of every list in the snapshot, counted deeply, plus the
    paragraphs of the officials' text."""
    def count(value) -> int:
        if isinstance(value, list):
            return len(value) + sum(count(v) for v in value)
        if isinstance(value, dict):
            return sum(count(v) for v in value.values())
        return 0

    text = "\n\n".join([report.narrative or "", report.impact_narrative or "", report.methodology or ""])
    return count(report.snapshot or {}) + len([p for p in text.split("\n\n") if p.strip()])


def publish_mode(report: Report) -> str:
    """"rq" (REDIS_URL set), "thread" (a large report without Redis) or "inline" (render now)."""
    config = current_app.config
    if config.get("REDIS_URL"):
        return "rq"
    threshold = config.get("REPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)
    if threshold is not None and report_size(report) > int(threshold):
        return "thread"
    return "inline"


def queue_publication(report: Report) -> None:
    """Mark an approved report as waiting for its PDF; the caller commits, then `start_background`."""
    _require(report, "approved", action="published")
    report.render_state = "queued"
    report.render_error = ""
    db.session.flush()


# ---- Corrections and withdrawal ----------------------------------------------------------------


def correct(report: Report, user) -> Report:
    """A new draft edition that will supersede `report` when it is published."""
    _require(report, "published", action="corrected")
    if report.superseded_at is not None:
        raise ReportError("This edition has already been superseded; correct the latest edition.")
    pending = db.session.scalar(sa.select(Report.id).where(Report.supersedes_id == report.id))
    if pending is not None:
        raise ReportError("A correction of this report is already in progress.")
    draft = Report(
        contract_id=report.contract_id, title=report.title, period_kind=report.period_kind,
        period_start=report.period_start, period_end=report.period_end, sections=list(report.sections),
        narrative=report.narrative, methodology=report.methodology, impact_narrative=report.impact_narrative,
        snapshot=dict(report.snapshot),
        snapshot_at=report.snapshot_at, edition=report.edition + 1, supersedes_id=report.id,
        created_by_id=getattr(user, "id", None), visibility="government",
    )
    db.session.add(draft)
    db.session.flush()
    for row in db.session.scalars(sa.select(ReportItem).where(ReportItem.report_id == report.id)):
        db.session.add(ReportItem(report_id=draft.id, contract_id=row.contract_id, section=row.section,
                                  kind=row.kind, ref_id=row.ref_id, label=row.label,
                                  source_visibility=row.source_visibility, release=row.release,
                                  chosen_by_id=row.chosen_by_id, chosen_at=row.chosen_at))
    db.session.flush()
    return draft


def withdraw(report: Report, reason: str) -> Report:
    _require(report, "published", action="withdrawn")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ReportError("Say why the report is withdrawn (at least 10 characters); the reason is public.")
    report.status = "withdrawn"
    report.withdrawn_at = utcnow()
    report.withdrawn_reason = reason
    db.session.flush()
    return report


# ---- Queries -------------------------------------------------------------------------------------


def reports_of(contract, user) -> list[Report]:
    return list(db.session.scalars(
        sa.select(Report).where(access.visible_clause(user, Report, contract))
        .order_by(Report.period_end.desc(), Report.edition.desc(), Report.id.desc())))


def public_reports(contract=None) -> list[Report]:
    """Published and withdrawn reports of published contracts (withdrawn ones keep their notice)."""
    query = (sa.select(Report).join(Contract, Contract.id == Report.contract_id)
             .where(Report.status.in_(("published", "withdrawn")), Report.visibility == "public",
                    Contract.is_published.is_(True))
             .options(sa.orm.selectinload(Report.contract))
             .order_by(Report.published_at.desc(), Report.id.desc()))
    if contract is not None:
        query = query.where(Report.contract_id == contract.id)
    return list(db.session.scalars(query))
