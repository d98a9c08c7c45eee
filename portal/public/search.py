"""Search across published content, behind one interface: SQLite FTS5 or PostgreSQL full text.

Published content is copied into `search_documents` (contracts that are published, published and
withdrawn reports; later features register their own sources). On SQLite an FTS5 index mirrors
that table; on PostgreSQL a GIN index on the tsvector expression serves the query."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from portal.extensions import db
from portal.reports.models import SearchDocument

# Extra sources: fn(contract) -> list of dicts with kind, ref_id, title, body, url, published_at.
_SOURCES: list[Callable] = []


def register_search_source(fn: Callable) -> None:
    _SOURCES.append(fn)


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str
    contract_id: int | None


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _ensure_fts() -> None:
    if _dialect() != "sqlite":
        return
    db.session.execute(sa.text(
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
        "title, body, content='search_documents', content_rowid='id', tokenize='porter unicode61')"))


def _rebuild_fts() -> None:
    if _dialect() == "sqlite":
        _ensure_fts()
        db.session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES('rebuild')"))


def _upsert(kind: str, ref_id: int, **values) -> None:
    row = db.session.scalar(sa.select(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.ref_id == ref_id))
    if row is None:
        row = SearchDocument(kind=kind, ref_id=ref_id)
        db.session.add(row)
    for key, value in values.items():
        setattr(row, key, value)


def _remove(kind: str, ref_id: int) -> None:
    db.session.execute(sa.delete(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.ref_id == ref_id))


def _report_text(report) -> str:
    from portal.reports.sections import markdown_html

    text = re.sub(r"<[^>]+>", " ", str(markdown_html(report.narrative or "")))
    summary = (report.snapshot or {}).get("summary", {})
    return " ".join([report.contract.title, report.contract.code, report.period_label,
                     summary.get("public_summary", ""), text])


def index_report(report, rebuild: bool = True) -> None:
    from flask import url_for

    if report.status == "published" and report.contract.is_published:
        _upsert("report", report.id, contract_id=report.contract_id, title=report.title,
                body=_report_text(report), url=url_for("reports.report_pdf", report_id=report.id),
                published_at=report.published_at)
    elif report.status == "withdrawn" and report.contract.is_published:
        _upsert("report", report.id, contract_id=report.contract_id, title=f"{report.title} (withdrawn)",
                body=f"Withdrawn: {report.withdrawn_reason}", url=url_for("opendata.list_public_reports",
                                                                           contract=report.contract.code),
                published_at=report.withdrawn_at)
    else:
        _remove("report", report.id)
    db.session.flush()
    if rebuild:
        _rebuild_fts()


def reindex_all() -> int:
    """Rebuild the whole index from the record; returns the number of documents."""
    from flask import url_for

    from portal.contracts.services import published_contracts
    from portal.reports.models import Report

    db.session.execute(sa.delete(SearchDocument))
    for contract in published_contracts():
        _upsert("contract", contract.id, contract_id=contract.id, title=f"{contract.code} {contract.title}",
                body=" ".join([contract.public_summary, contract.location, contract.sector_label,
                               contract.government_org.name, contract.operator_org.name]),
                url=url_for("contracts.overview", code=contract.code), published_at=None)
        for source in _SOURCES:
            for doc in source(contract) or []:
                _upsert(doc["kind"], doc["ref_id"], contract_id=contract.id, title=doc["title"], body=doc["body"],
                        url=doc["url"], published_at=doc.get("published_at"))
    for report in db.session.scalars(sa.select(Report).where(Report.status.in_(("published", "withdrawn")))):
        index_report(report, rebuild=False)
    db.session.flush()
    _rebuild_fts()
    return db.session.scalar(sa.select(sa.func.count(SearchDocument.id)))


def _terms(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query or "", flags=re.UNICODE) if len(t) > 1][:12]


def _published_clause():
    from portal.contracts.models import Contract

    return SearchDocument.contract_id.in_(sa.select(Contract.id).where(Contract.is_published.is_(True)))


def ensure_index() -> None:
    """Build the index the first time it is asked for (an empty index on a fresh database)."""
    if not db.session.scalar(sa.select(SearchDocument.id).limit(1)):
        reindex_all()


def search(query: str, limit: int = 30) -> list[Hit]:
    """The published documents matching every word of `query`, best first."""
    terms = _terms(query)
    if not terms:
        return []
    if _dialect() == "postgresql":
        tsquery = sa.func.plainto_tsquery("english", " ".join(terms))
        vector = sa.func.to_tsvector("english", SearchDocument.title + " " + SearchDocument.body)
        snippet = sa.func.ts_headline("english", SearchDocument.body, tsquery,
                                      "MaxWords=30, MinWords=12, StartSel=«, StopSel=»")
        rows = db.session.execute(
            sa.select(SearchDocument, snippet).where(vector.op("@@")(tsquery), _published_clause())
            .order_by(sa.func.ts_rank(vector, tsquery).desc(), SearchDocument.id).limit(limit)).all()
    else:
        _ensure_fts()
        match = " ".join('"' + t.replace('"', "") + '"*' for t in terms)
        rows = db.session.execute(sa.text(
            "SELECT d.id, snippet(search_fts, 1, '«', '»', '…', 16) FROM search_fts "
            "JOIN search_documents d ON d.id = search_fts.rowid WHERE search_fts MATCH :q "
            "AND d.contract_id IN (SELECT id FROM contracts WHERE is_published) "
            "ORDER BY bm25(search_fts) LIMIT :n"), {"q": match, "n": limit}).all()
        docs = {d.id: d for d in db.session.scalars(
            sa.select(SearchDocument).where(SearchDocument.id.in_([r[0] for r in rows])))}
        rows = [(docs[r[0]], r[1]) for r in rows if r[0] in docs]
    return [Hit(doc.kind, doc.title, doc.url, text or "", doc.contract_id) for doc, text in rows]
