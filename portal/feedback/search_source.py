"""Feedback moderated onto the public board, in the public search index.

What is public is the access policy's board clause (`access.public_board_clause`, with its text
shown), asked of the database for a whole contract, a list of hits, or one record."""

from __future__ import annotations

import sqlalchemy as sa

from portal import access
from portal.extensions import db
from portal.feedback.models import Feedback
from portal.panels import SearchSource, register_search_source


def _board_clause():
    return access.public_board_clause(Feedback, text_shown=True)


def _document(item: Feedback) -> dict | None:
    if item.id is None or item.id not in _still_public([item.id]):
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
