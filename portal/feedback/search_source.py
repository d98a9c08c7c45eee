"""Feedback moderated onto the public board, in the public search index."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.feedback.models import Feedback
from portal.panels import SearchSource, register_search_source


def _board_clause():
    """Moderated, public, not sensitive, not hidden, with a public text."""
    return sa.and_(Feedback.visibility == "public", Feedback.on_board.is_(True), Feedback.sensitive.is_(False),
                   Feedback.hidden_reason == "", Feedback.public_text != "")


def _on_board(item: Feedback) -> bool:
    return (item.visibility == "public" and item.on_board and not item.sensitive and not item.hidden_reason
            and bool(item.public_text))


def _document(item: Feedback) -> dict | None:
    if not _on_board(item):
        return None
    return {"title": f"{item.reference}: {item.kind_label} about {item.category_name.lower()}",
            "body": " ".join([item.public_text, item.public_response or ""]),
            "endpoint": "feedback.board", "values": {"code": item.contract.code},
            "published_at": item.moderated_at}


def _records(contract) -> list[Feedback]:
    return list(db.session.scalars(sa.select(Feedback).where(Feedback.contract_id == contract.id, _board_clause())
                                   .order_by(Feedback.received_at.desc())))


def _still_public(ids: list[int]) -> set[int]:
    return set(db.session.scalars(sa.select(Feedback.id).where(Feedback.id.in_(ids), _board_clause())))


register_search_source(SearchSource(kind="feedback", model=Feedback, document=_document, records=_records,
                                    still_public=_still_public))
