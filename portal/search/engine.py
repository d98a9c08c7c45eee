"""Querying the index: one interface over SQLite FTS5 and PostgreSQL full text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from portal.contracts.models import Contract
from portal.extensions import db
from portal.panels import search_sources
from portal.search.models import SearchDocument


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str
    contract_id: int | None


def dialect() -> str:
    return db.session.get_bind().dialect.name


def ensure_fts() -> None:
    """On SQLite, the FTS5 index over `search_documents` and the triggers that keep it in step
    (made at run time: Alembic does not manage virtual tables). Built when missing; one small
    catalogue query otherwise."""
    if dialect() != "sqlite":
        return
    present = db.session.scalar(sa.text(
        "SELECT count(*) FROM sqlite_master WHERE name = 'search_fts' "
        "OR (type = 'trigger' AND name IN ('search_fts_ai', 'search_fts_ad', 'search_fts_au'))"))
    if present == 4:
        return
    db.session.execute(sa.text(
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
        "title, body, content='search_documents', content_rowid='id', tokenize='porter unicode61')"))
    for statement in (
        "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_documents BEGIN "
        "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
        "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_documents BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
        "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON search_documents BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
        "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    ):
        db.session.execute(sa.text(statement))
    db.session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))


def _terms(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query or "", flags=re.UNICODE) if len(t) > 1][:12]


def _published_clause():
    return SearchDocument.contract_id.in_(sa.select(Contract.id).where(Contract.is_published.is_(True)))


def search(query: str, limit: int = 30) -> list[Hit]:
    """The published documents matching every word of `query`, best first."""
    terms = _terms(query)
    if not terms:
        return []
    if dialect() == "postgresql":
        tsquery = sa.func.plainto_tsquery("english", " ".join(terms))
        vector = sa.func.to_tsvector("english", SearchDocument.title + " " + SearchDocument.body)
        snippet = sa.func.ts_headline("english", SearchDocument.body, tsquery,
                                      "MaxWords=30, MinWords=12, StartSel=«, StopSel=»")
        rows = db.session.execute(
            sa.select(SearchDocument, snippet).where(vector.op("@@")(tsquery), _published_clause())
            .order_by(sa.func.ts_rank(vector, tsquery).desc(), SearchDocument.id).limit(limit)).all()
    else:
        ensure_fts()
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
    """Drop hits whose record stopped being public since it was indexed (an index not yet
    refreshed never shows what is no longer public)."""
    allowed: dict[str, set[int]] = {}
    for source in search_sources():
        if source.still_public is None:
            continue
        ids = [doc.ref_id for doc, _ in rows if doc.kind == source.kind]
        if ids:
            allowed[source.kind] = source.still_public(ids)
    return [(doc, text) for doc, text in rows
            if doc.kind not in allowed or doc.ref_id in allowed[doc.kind]]
