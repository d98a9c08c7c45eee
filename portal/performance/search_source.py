"""Published KPIs in the public search index."""

from __future__ import annotations

import sqlalchemy as sa

from portal.contracts.models import Contract
from portal.extensions import db
from portal.panels import SearchSource, register_search_source
from portal.performance.models import Kpi


def _public(query):
    return query.where(Kpi.public.is_(True), Kpi.visibility == "public")


def _document(kpi: Kpi) -> dict | None:
    if not (kpi.public and kpi.visibility == "public"):
        return None
    contract = db.session.get(Contract, kpi.contract_id)
    return {"title": f"{contract.code} {kpi.code} {kpi.name}",
            "body": " ".join([kpi.category_label, kpi.description or "", kpi.objective or "",
                              f"target {kpi.target.normalize():f} {kpi.unit}", kpi.measurement_method or ""]),
            "endpoint": "contracts.overview", "values": {"code": contract.code}}


def _records(contract) -> list[Kpi]:
    return list(db.session.scalars(_public(sa.select(Kpi).where(Kpi.contract_id == contract.id))
                                   .order_by(Kpi.position, Kpi.code)))


def _still_public(ids: list[int]) -> set[int]:
    return set(db.session.scalars(_public(sa.select(Kpi.id).where(Kpi.id.in_(ids)))))


register_search_source(SearchSource(kind="kpi", model=Kpi, document=_document, records=_records,
                                    still_public=_still_public))
