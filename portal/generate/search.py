"""The public search index over what the other modules made, written in bulk.

Every registered search source is asked for its records of each published contract, as
`portal reindex` does, but the documents are inserted in batches rather than one by one."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, url_for

from portal.contracts.models import Contract
from portal.extensions import db
from portal.panels import search_sources
from portal.search.engine import ensure_fts
from portal.search.models import SearchDocument

ORDER = 95


def estimate(plan) -> int:
    return plan.contracts * (plan.feedback_per_contract // 5 + 10)


def _documents(ctx, contract: Contract) -> int:
    count = 0
    for source in search_sources():
        for record in source.records(contract):
            document = source.document(record)
            if document is None:
                continue
            ctx.writer.add(SearchDocument, {
                "kind": source.kind, "ref_id": record.id, "contract_id": contract.id,
                "title": document["title"][:300], "body": document.get("body", ""),
                "url": url_for(document["endpoint"], **document.get("values", {})),
                "published_at": document.get("published_at")})
            count += 1
    return count


def generate(ctx) -> str:
    ctx.writer.flush()  # the records must be readable before they are indexed
    ensure_fts()
    ids = db.session.scalars(sa.select(Contract.id).where(Contract.is_published.is_(True))
                             .order_by(Contract.id)).all()
    total = 0
    with current_app.test_request_context():
        for contract_id in ids:
            total += _documents(ctx, db.session.get(Contract, contract_id))
            ctx.writer.flush()
            db.session.expunge_all()
    return f"Generated: {total} documents in the public search index."
