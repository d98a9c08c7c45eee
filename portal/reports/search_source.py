"""Published and withdrawn reports in the public search index."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.panels import SearchSource, register_search_source
from portal.reports.models import Report
from portal.richtext import plain_text


def _document(report: Report) -> dict | None:
    if report.visibility != "public":
        return None
    if report.status == "published":
        summary = (report.snapshot or {}).get("summary", {})
        body = " ".join([report.contract.title, report.contract.code, report.period_label,
                         summary.get("public_summary", ""), plain_text(report.narrative or "")])
        return {"title": report.title, "body": body, "endpoint": "reports.report_pdf",
                "values": {"report_id": report.id}, "published_at": report.published_at}
    if report.status == "withdrawn":
        return {"title": f"{report.title} (withdrawn)", "body": f"Withdrawn: {report.withdrawn_reason}",
                "endpoint": "opendata.list_public_reports", "values": {"contract": report.contract.code},
                "published_at": report.withdrawn_at}
    return None


def _records(contract) -> list[Report]:
    return list(db.session.scalars(sa.select(Report).where(
        Report.contract_id == contract.id, Report.status.in_(("published", "withdrawn")))))


register_search_source(SearchSource(kind="report", model=Report, document=_document, records=_records))
