"""The dispute's letters as PDF/UA documents through the one `render_pdf`: the notice of dispute
and the record of its outcome (a settlement record, a determination or a withdrawal)."""

from __future__ import annotations

from flask import render_template

from portal.db import utcnow
from portal.disputes.models import Dispute
from portal.pdf import PdfMetadata, render_pdf
from portal.richtext import markdown_html

OUTCOME_TITLES = {"settled": "Settlement record", "determined": "Record of determination",
                  "withdrawn": "Record of withdrawal"}


def _pdf(dispute: Dispute, template: str, title: str, **context) -> bytes:
    contract = dispute.contract
    html = render_template(template, dispute=dispute, contract=contract, title=title, markdown=markdown_html,
                           issued_at=utcnow(), **context)
    meta = PdfMetadata(title=f"{title}: {dispute.reference}", author=contract.government_org.name,
                       subject=f"{dispute.subject} ({contract.code} {contract.title})",
                       keywords=["PPP", "dispute", contract.code, dispute.reference])
    return render_pdf(html, meta)


def notice_pdf(dispute: Dispute) -> bytes:
    """The notice of dispute: who raises it, under which clause, about what and for how much."""
    first = dispute.stages[0]
    return _pdf(dispute, "disputes/pdf/notice.html", "Notice of dispute", first=first)


def outcome_pdf(dispute: Dispute) -> bytes:
    """The record of a closed dispute's outcome, with its reasons and the stages it went through."""
    return _pdf(dispute, "disputes/pdf/outcome.html", OUTCOME_TITLES[dispute.outcome])
