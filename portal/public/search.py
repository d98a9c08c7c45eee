"""Search across published content, behind one interface: SQLite FTS5 or PostgreSQL full text.

Published content is copied into `search_documents`: published contracts' summaries, their public
KPIs, moderated feedback on the public board, published and withdrawn reports; later features
register their own sources. On SQLite an FTS5 index mirrors that table; on PostgreSQL a GIN index
on the tsvector expression serves the query.

Keeping it fresh: `refresh_search(contract)` re-indexes one contract (call it after making
something public or private); `flask --app wsgi portal reindex` and the demo rebuild everything.
Whatever the index holds, a hit on a KPI or feedback that is no longer public is never shown."""

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
    url_for = _url

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


def _url(endpoint: str, **values) -> str:
    """url_for that also works outside a request (commands, jobs, session hooks)."""
    from flask import current_app, has_request_context, url_for

    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _public_kpis(contract) -> list:
    try:
        from portal.performance.models import Kpi
    except ImportError:  # the performance feature is not installed
        return []
    return list(db.session.scalars(sa.select(Kpi).where(Kpi.contract_id == contract.id, Kpi.public.is_(True),
                                                        Kpi.visibility == "public").order_by(Kpi.position, Kpi.code)))


def _board_clause(Feedback):
    """The feedback shown on the public board with its text: moderated, public, not sensitive, not hidden."""
    return sa.and_(Feedback.visibility == "public", Feedback.on_board.is_(True), Feedback.sensitive.is_(False),
                   Feedback.hidden_reason == "", Feedback.public_text != "")


def _board_items(contract) -> list:
    try:
        from portal.feedback.models import Feedback
    except ImportError:
        return []
    return list(db.session.scalars(sa.select(Feedback).where(Feedback.contract_id == contract.id,
                                                             _board_clause(Feedback))
                                   .order_by(Feedback.received_at.desc()).limit(2000)))


def _index_contract_content(contract) -> None:
    _upsert("contract", contract.id, contract_id=contract.id, title=f"{contract.code} {contract.title}",
            body=" ".join([contract.public_summary, contract.location, contract.sector_label,
                           contract.government_org.name, contract.operator_org.name]),
            url=_url("contracts.overview", code=contract.code), published_at=None)
    page = _url("contracts.overview", code=contract.code)
    for kpi in _public_kpis(contract):
        _upsert("kpi", kpi.id, contract_id=contract.id, title=f"{contract.code} {kpi.code} {kpi.name}",
                body=" ".join([kpi.category_label, kpi.description or "", kpi.objective or "",
                               f"target {kpi.target.normalize():f} {kpi.unit}", kpi.measurement_method or ""]),
                url=page, published_at=None)
    board = _url("feedback.board", code=contract.code) if "feedback.board" in _endpoints() else page
    for item in _board_items(contract):
        _upsert("feedback", item.id, contract_id=contract.id,
                title=f"{item.reference}: {item.kind_label} about {item.category_name.lower()}",
                body=" ".join([item.public_text, item.public_response or ""]), url=board,
                published_at=item.moderated_at)
    for source in _SOURCES:
        for doc in source(contract) or []:
            _upsert(doc["kind"], doc["ref_id"], contract_id=contract.id, title=doc["title"], body=doc["body"],
                    url=doc["url"], published_at=doc.get("published_at"))


def _endpoints() -> set[str]:
    from flask import current_app

    return set(current_app.view_functions)


def refresh_search(contract) -> int:
    """Re-index one contract's public content (its summary, public KPIs, board feedback, reports
    and registered sources) after a change. Other features call this when something of theirs
    becomes public, changes, or stops being public. Returns the contract's document count."""
    from portal.reports.models import Report

    db.session.execute(sa.delete(SearchDocument).where(SearchDocument.contract_id == contract.id))
    if contract.is_published:
        _index_contract_content(contract)
        for report in db.session.scalars(sa.select(Report).where(Report.contract_id == contract.id,
                                                                 Report.status.in_(("published", "withdrawn")))):
            index_report(report, rebuild=False)
    db.session.flush()
    _rebuild_fts()
    return db.session.scalar(sa.select(sa.func.count(SearchDocument.id))
                             .where(SearchDocument.contract_id == contract.id)) or 0


def reindex_all() -> int:
    """Rebuild the whole index from the record; returns the number of documents."""
    from portal.contracts.services import published_contracts
    from portal.reports.models import Report

    db.session.execute(sa.delete(SearchDocument))
    for contract in published_contracts():
        _index_contract_content(contract)
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
    rows = _still_public(rows)
    return [Hit(doc.kind, doc.title, doc.url, text or "", doc.contract_id) for doc, text in rows]


def _still_public(rows: list) -> list:
    """Drop hits whose record stopped being public since it was indexed (an index not yet refreshed
    never shows what is no longer public)."""
    kpi_ids = [doc.ref_id for doc, _ in rows if doc.kind == "kpi"]
    feedback_ids = [doc.ref_id for doc, _ in rows if doc.kind == "feedback"]
    allowed: set[tuple[str, int]] = set()
    if kpi_ids:
        from portal.performance.models import Kpi

        allowed |= {("kpi", i) for i in db.session.scalars(sa.select(Kpi.id).where(
            Kpi.id.in_(kpi_ids), Kpi.public.is_(True), Kpi.visibility == "public"))}
    if feedback_ids:
        from portal.feedback.models import Feedback

        allowed |= {("feedback", i) for i in db.session.scalars(sa.select(Feedback.id).where(
            Feedback.id.in_(feedback_ids), _board_clause(Feedback)))}
    return [(doc, text) for doc, text in rows if doc.kind not in ("kpi", "feedback") or (doc.kind, doc.ref_id) in allowed]


# ---- keeping the index fresh ---------------------------------------------------------------


def mark_search_stale(contract_or_id) -> None:
    """Note that a contract's public content changed; it is re-indexed once, just before commit."""
    contract_id = getattr(contract_or_id, "id", contract_or_id)
    if contract_id is not None:
        db.session.info.setdefault("search_stale", set()).add(contract_id)


@sa.event.listens_for(sa.orm.Session, "before_commit")
def _refresh_stale(session) -> None:
    stale = session.info.pop("search_stale", None)
    if not stale:
        return
    from portal.contracts.models import Contract

    for contract_id in sorted(stale):
        contract = session.get(Contract, contract_id)
        if contract is not None:
            refresh_search(contract)
