"""The search index's one table: a copy of each piece of published content."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime
from portal.extensions import db


class SearchDocument(db.Model):
    """One piece of published content in the public search index (kept fresh from the record at each commit)."""

    __tablename__ = "search_documents"
    __table_args__ = (
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_documents_kind_ref_id"),
        sa.Index("ix_search_documents_fts",
                 sa.text("to_tsvector('english', title || ' ' || body)"),
                 postgresql_using="gin").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # contract | report | (later: minutes, ...)
    ref_id: Mapped[int] = mapped_column()
    contract_id: Mapped[int | None] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    url: Mapped[str] = mapped_column(sa.String(300))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
