"""Open data and the public reading room: published reports (HTML, CSV, JSON, Atom), the
public contract list (CSV, JSON), search across published content, and each contract's OCDS
release package."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, abort, request

from portal import tabular
from portal.contracts.services import get_contract, published_contracts
from portal.opendata.ocds import release_package
from portal.reports.services import public_reports
from portal.search import engine as search_engine
from portal.search.index import ensure_index
from portal.web import external_url, render

ATOM = "http://www.w3.org/2005/Atom"

bp = Blueprint("opendata", __name__)


def _filtered_reports():
    code = (request.args.get("contract") or "").strip()
    contract = None
    if code:
        contract = get_contract(code)
        if contract is None or not contract.is_published:
            abort(404)
    return contract, public_reports(contract)


def report_rows(reports) -> list[dict]:
    return [{
        "id": r.id,
        "contract": r.contract.code,
        "title": r.title,
        "period_start": r.period_start.isoformat(),
        "period_end": r.period_end.isoformat(),
        "edition": r.edition,
        "status": "superseded" if r.superseded_at else r.status,
        "published_at": r.published_at.isoformat() if r.published_at else None,
        "withdrawn_at": r.withdrawn_at.isoformat() if r.withdrawn_at else None,
        "withdrawn_reason": r.withdrawn_reason or None,
        "pdf_url": external_url("reports.report_pdf", report_id=r.id) if r.status == "published" else None,
        "pdf_sha256": r.pdf_sha256 if r.status == "published" else None,
        "pdf_pages": r.pdf_pages if r.status == "published" else None,
    } for r in reports]


def contract_rows(contracts) -> list[dict]:
    return [{
        "code": c.code, "title": c.title, "sector": c.sector_label, "location": c.location,
        "status": c.status_label, "public_authority": c.government_org.name, "operator": c.operator_org.name,
        "start_date": c.start_date.isoformat(), "end_date": c.end_date.isoformat(), "currency": c.currency,
        "monthly_unitary_charge": f"{c.monthly_unitary_charge_minor / 100:.2f}",
        "url": external_url("contracts.overview", code=c.code),
        "ocds_url": external_url("opendata.contract_ocds", code=c.code),
    } for c in contracts]


def _csv(rows: list[dict], name: str, fields: list[str]) -> Response:
    response = Response(tabular.dict_csv_text(rows, fields), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _json(payload, name: str) -> Response:
    response = Response(json.dumps(payload, ensure_ascii=False, indent=1), mimetype="application/json")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.json"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


REPORT_FIELDS = ["id", "contract", "title", "period_start", "period_end", "edition", "status", "published_at",
                 "withdrawn_at", "withdrawn_reason", "pdf_url", "pdf_sha256", "pdf_pages"]
CONTRACT_FIELDS = ["code", "title", "sector", "location", "status", "public_authority", "operator", "start_date",
                   "end_date", "currency", "monthly_unitary_charge", "url", "ocds_url"]


@bp.get("/reports")
def list_public_reports():
    contract, reports = _filtered_reports()
    return render("opendata/reports.html", reports=reports, filter_contract=contract,
                  contracts=published_contracts())


@bp.get("/reports.csv")
def reports_csv():
    _contract, reports = _filtered_reports()
    return _csv(report_rows(reports), "published-reports", REPORT_FIELDS)


@bp.get("/reports.json")
def reports_json():
    _contract, reports = _filtered_reports()
    return _json({"reports": report_rows(reports)}, "published-reports")


@bp.get("/reports.atom")
def reports_feed():
    """The Atom feed, built as an XML tree (every text and attribute escaped by the serialiser)."""
    _contract, reports = _filtered_reports()
    updated = max((r.withdrawn_at or r.published_at for r in reports), default=datetime(2026, 1, 1, tzinfo=UTC))
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "id").text = external_url("opendata.reports_feed")
    ET.SubElement(feed, "title").text = "Partnership Portal: published accountability reports"
    ET.SubElement(feed, "updated").text = updated.astimezone(UTC).isoformat()
    code = (request.args.get("contract") or "").strip()
    self_url = external_url("opendata.reports_feed", **({"contract": code} if code else {}))
    ET.SubElement(feed, "link", rel="self", href=self_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html",
                  href=external_url("opendata.list_public_reports"))
    for r in reports:
        when = (r.withdrawn_at or r.published_at).astimezone(UTC).isoformat()
        published = r.status == "published"
        link = (external_url("reports.report_pdf", report_id=r.id) if published
                else external_url("opendata.list_public_reports", contract=r.contract.code))
        if r.status == "withdrawn":
            summary = f"Withdrawn: {r.withdrawn_reason}"
        else:
            summary = f"{r.contract.code}, {r.period_label}, edition {r.edition}. SHA-256 {r.pdf_sha256}."
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = (f"{external_url('reports.report_pdf', report_id=r.id)}"
                                           f"#edition-{r.edition}-{r.status}")
        ET.SubElement(entry, "title").text = r.title + (" (withdrawn)" if r.status == "withdrawn" else "")
        ET.SubElement(entry, "updated").text = when
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = r.contract.government_org.name
        ET.SubElement(entry, "link", rel="alternate", type="application/pdf" if published else "text/html",
                      href=link)
        ET.SubElement(entry, "summary").text = summary
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/contracts.csv")
def contracts_csv():
    return _csv(contract_rows(published_contracts()), "contracts", CONTRACT_FIELDS)


@bp.get("/contracts.json")
def contracts_json():
    return _json({"contracts": contract_rows(published_contracts())}, "contracts")


@bp.get("/contracts/<code>/ocds.json")
def contract_ocds(code):
    contract = get_contract(code)
    if contract is None or not contract.is_published:
        abort(404)
    return _json(release_package(contract), f"{contract.code}-ocds")


@bp.get("/search")
def search():
    query = (request.args.get("q") or "").strip()[:200]
    hits = []
    if query:
        ensure_index()
        hits = search_engine.search(query)
    return render("opendata/search.html", query=query, hits=hits)
