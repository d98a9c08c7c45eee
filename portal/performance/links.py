"""KPIs as records other features may link to (`portal.panels` link kind "kpi"), and their latest
results as an indicator (`portal.panels.indicator_results("kpi", ...)`): met or missed in the
contract's latest reported months, for many KPIs in one query."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from portal.extensions import db
from portal.panels import (
    IndicatorResult,
    LinkedRecord,
    LinkKind,
    register_indicator,
    register_link_kind,
)
from portal.performance.models import Kpi, Measurement, Submission
from portal.performance.paymech import kpi_met


def _resolve(contract, ref_id: int) -> LinkedRecord | None:
    kpi = db.session.get(Kpi, ref_id)
    if kpi is None or kpi.contract_id != contract.id:
        return None
    return LinkedRecord(kind="kpi", ref_id=kpi.id, contract_id=kpi.contract_id, title=f"{kpi.code} {kpi.name}",
                        url=url_for("performance.index", code=contract.code), visibility=kpi.visibility)


def _choices(user, contract) -> list[tuple[int, str]]:
    rows = db.session.execute(sa.select(Kpi.id, Kpi.code, Kpi.name).where(Kpi.contract_id == contract.id)
                              .order_by(Kpi.position, Kpi.code))
    return [(kpi_id, f"{code} {name}") for kpi_id, code, name in rows]


def _figure(value) -> str:
    return f"{value.normalize():f}" if value is not None else "–"


def _results(contract, kpi_ids: list[int], periods: int) -> dict[int, list[IndicatorResult]]:
    """The KPIs' results in the contract's latest `periods` months that the operator has
    submitted (drafts are not results yet), newest first."""
    months = (sa.select(Submission.month).where(Submission.contract_id == contract.id,
                                                  Submission.status != "draft")
              .order_by(Submission.month.desc()).limit(periods).subquery())
    rows = db.session.execute(
        sa.select(Measurement.kpi_id, Measurement.value, Kpi.code, Kpi.name, Kpi.unit, Kpi.target,
                  Kpi.direction, Kpi.visibility, Submission.month)
        .join(Kpi, Kpi.id == Measurement.kpi_id)
        .join(Submission, Submission.id == Measurement.submission_id)
        .where(Measurement.contract_id == contract.id, Measurement.kpi_id.in_(kpi_ids),
               Submission.month.in_(sa.select(months.c.month)))
        .order_by(Submission.month.desc(), Kpi.position, Kpi.code))
    results: dict[int, list[IndicatorResult]] = {}
    for kpi_id, value, code, name, unit, target, direction, visibility, month in rows:
        results.setdefault(kpi_id, []).append(IndicatorResult(
            kind="kpi", ref_id=kpi_id, contract_id=contract.id, label=f"{code} {name}",
            period=month.strftime("%B %Y"), value=f"{_figure(value)} {unit} (target {_figure(target)})",
            ok=kpi_met(value, target, direction), visibility=visibility))
    return results


register_link_kind(LinkKind(kind="kpi", label="KPI", resolve=_resolve, choices=_choices))
register_indicator("kpi", _results)
