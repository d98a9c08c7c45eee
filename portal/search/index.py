"""Keeping the index fresh: it follows the record by itself.

A session hook notes every flushed change to a model that a search source names (and to
contracts); just before the commit, each changed record's document is written again, or removed
when the record is no longer public. A change to a contract (published, unpublished, renamed)
re-indexes all its content. `reindex_all()` rebuilds everything (the `portal reindex` command).
Features never call this module: they register a `SearchSource` in `portal.panels`."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from sqlalchemy.orm import Session

from portal.contracts.models import Contract
from portal.extensions import db
from portal.panels import SearchSource, register_search_source, search_sources
from portal.search.engine import ensure_fts
from portal.search.models import SearchDocument


def _url(endpoint: str, values: dict) -> str:
    """url_for that also works outside a request (commands, jobs, session hooks)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _write(source: SearchSource, record, contract: Contract | None) -> None:
    document = source.document(record) if contract is not None and contract.is_published else None
    existing = db.session.scalar(sa.select(SearchDocument).where(
        SearchDocument.kind == source.kind, SearchDocument.ref_id == record.id))
    if document is None:
        if existing is not None:
            db.session.delete(existing)
        return
    row = existing or SearchDocument(kind=source.kind, ref_id=record.id)
    row.contract_id = contract.id
    row.title = document["title"][:300]
    row.body = document.get("body", "")
    row.url = _url(document["endpoint"], document.get("values", {}))
    row.published_at = document.get("published_at")
    if existing is None:
        db.session.add(row)


def _contract_of(record) -> Contract | None:
    if isinstance(record, Contract):
        return record
    return db.session.get(Contract, record.contract_id) if record.contract_id else None


def refresh_contract(contract: Contract) -> int:
    """Re-index one contract's public content from every source; returns its document count."""
    ensure_fts()
    db.session.execute(sa.delete(SearchDocument).where(SearchDocument.contract_id == contract.id))
    if contract.is_published:
        for source in search_sources():
            for record in source.records(contract):
                _write(source, record, contract)
    db.session.flush()
    return db.session.scalar(sa.select(sa.func.count(SearchDocument.id))
                             .where(SearchDocument.contract_id == contract.id)) or 0


def reindex_all() -> int:
    """Rebuild the whole index from the record; returns the number of documents."""
    ensure_fts()
    db.session.execute(sa.delete(SearchDocument))
    for contract in db.session.scalars(sa.select(Contract).where(Contract.is_published.is_(True))):
        for source in search_sources():
            for record in source.records(contract):
                _write(source, record, contract)
    db.session.flush()
    return db.session.scalar(sa.select(sa.func.count(SearchDocument.id))) or 0


def ensure_index() -> None:
    """Build the index the first time it is asked for (an empty index on a fresh database)."""
    if not db.session.scalar(sa.select(SearchDocument.id).limit(1)):
        reindex_all()


# ---- following the record ----------------------------------------------------------------------

_PENDING = "search_pending"


def _sources_by_model() -> dict[type, SearchSource]:
    return {source.model: source for source in search_sources()}


@sa.event.listens_for(Session, "after_flush")
def _note_changes(session, _context) -> None:
    sources = _sources_by_model()
    pending = session.info.setdefault(_PENDING, {"contracts": set(), "records": set(), "gone": set()})
    for record in (*session.new, *session.dirty, *session.deleted):
        if isinstance(record, Contract):
            if record.id is not None and (record in session.deleted or session.is_modified(record)
                                          or record in session.new):
                pending["contracts"].add(record.id)
            continue
        source = sources.get(type(record))
        if source is None or record.id is None:
            continue
        if record in session.deleted:
            pending["gone"].add((source.kind, record.id))
        else:
            pending["records"].add((source.kind, record.id))


@sa.event.listens_for(Session, "before_commit")
def _apply_changes(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending or not any(pending.values()):
        return
    by_kind = {source.kind: source for source in search_sources()}
    ensure_fts()
    for kind, ref_id in sorted(pending["gone"]):
        session.execute(sa.delete(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.ref_id == ref_id))
    for contract_id in sorted(pending["contracts"]):
        contract = session.get(Contract, contract_id)
        if contract is not None:
            refresh_contract(contract)
    for kind, ref_id in sorted(pending["records"]):
        source = by_kind[kind]
        record = session.get(source.model, ref_id)
        if record is None or record.contract_id in pending["contracts"]:
            continue
        _write(source, record, _contract_of(record))
    session.flush()
    session.info.pop(_PENDING, None)  # the flush above noted the index's own rows; nothing to do


@sa.event.listens_for(Session, "after_rollback")
def _forget_changes(session) -> None:
    session.info.pop(_PENDING, None)


# ---- the contract itself -------------------------------------------------------------------------


def _contract_document(contract: Contract) -> dict:
    return {"title": f"{contract.code} {contract.title}",
            "body": " ".join([contract.public_summary, contract.location, contract.sector_label,
                              contract.government_org.name, contract.operator_org.name]),
            "endpoint": "contracts.overview", "values": {"code": contract.code}}


register_search_source(SearchSource(kind="contract", model=Contract, document=_contract_document,
                                    records=lambda contract: [contract]))
