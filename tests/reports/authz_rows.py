from datetime import date

from tests.authz.matrix import GOVERNMENT, Route, everyone, members_of_a, only

READERS = ("public_manager", "public_officer", "reviewer")  # drafts are at government visibility


def _report(status="draft"):
    def setup(world):
        from portal.extensions import db
        from portal.reports import services

        report = services.create_report(world.contract_a, world["public_officer"], kind="quarter",
                                        start=date(2026, 7, 1), end=date(2026, 9, 30),
                                        sections=["summary", "narrative", "methodology"], narrative="Text")
        if status != "draft":
            services.submit(report)
        if status in ("approved", "published"):
            services.approve(report, world["public_manager"])
        if status == "published":
            report.status = "published"
            report.visibility = "public"
            report.pdf_key = _stored_pdf()
            report.pdf_sha256 = "0" * 64
            report.pdf_size = 10
            report.pdf_pages = 1
            from portal.db import utcnow

            report.published_at = utcnow()
        db.session.flush()
        return {"report": report.id}
    return setup


def _stored_pdf():
    from portal.storage import store_bytes

    return store_bytes(b"%PDF-1.7\n%test\n%%EOF\n", "r.pdf", {"pdf"}).key


# A draft: government and reviewers read it; others in A get 404 (they may not read it).
def draft_only(roles, status="allowed"):
    table = {"default": 404, "anonymous": "login", "members": 404, "reviewer": 403}
    for role in GOVERNMENT:
        table[role] = 403
    for role in roles:
        table[role] = status
    return table


# A published report: every member of A reads it; only `roles` act.
def published_only(roles, status="allowed"):
    table = {"default": 404, "anonymous": "login", "members": 403}
    for role in roles:
        table[role] = status
    return table


ROWS = [
    Route("reports.list_reports", "GET", "/contracts/{a}/reports", members_of_a()),
    Route("reports.create_report", "GET", "/contracts/{a}/reports/new", only(GOVERNMENT, "ok")),
    Route("reports.create_report", "POST", "/contracts/{a}/reports/new", only(GOVERNMENT),
          data={"period_kind": "quarter", "year": "2026", "quarter": "3", "sections": ["summary"]}),
    Route("reports.show_report", "GET", "/contracts/{a}/reports/{report}",
          {"default": 404, "anonymous": "login", "members": 404, **{r: "ok" for r in READERS}}, setup=_report()),
    Route("reports.edit_report", "POST", "/contracts/{a}/reports/{report}", draft_only(GOVERNMENT),
          setup=_report(), data={"title": "New title", "sections": ["summary"], "narrative": "x", "methodology": "y",
                                 "version": "1"}),
    Route("reports.preview_report", "POST", "/contracts/{a}/reports/{report}/preview", draft_only(GOVERNMENT, "ok"),
          setup=_report(), data={"title": "T", "narrative": "*x*"}),
    Route("reports.refresh_report", "POST", "/contracts/{a}/reports/{report}/refresh", draft_only(GOVERNMENT),
          setup=_report()),
    Route("reports.submit_report", "POST", "/contracts/{a}/reports/{report}/submit", draft_only(GOVERNMENT),
          setup=_report()),
    Route("reports.send_back_report", "POST", "/contracts/{a}/reports/{report}/send-back",
          draft_only(["public_manager"]), setup=_report("submitted")),
    Route("reports.approve_report", "POST", "/contracts/{a}/reports/{report}/approve",
          draft_only(["public_manager"]), setup=_report("submitted")),
    Route("reports.publish_report", "POST", "/contracts/{a}/reports/{report}/publish",
          draft_only(["public_manager"]), setup=_report("approved")),
    Route("reports.choose_items", "POST", "/contracts/{a}/reports/{report}/items/feedback", draft_only(GOVERNMENT),
          setup=_report(), data={"version": "1", "chosen": []}),
    Route("reports.report_status", "GET", "/contracts/{a}/reports/{report}/status",
          {"default": 404, "anonymous": "login", "members": 404, **{r: "ok" for r in READERS}}, setup=_report()),
    Route("reports.correct_report", "POST", "/contracts/{a}/reports/{report}/correct",
          published_only(GOVERNMENT), setup=_report("published")),
    Route("reports.withdraw_report", "POST", "/contracts/{a}/reports/{report}/withdraw",
          published_only(["public_manager"]), setup=_report("published"), data={"reason": "Figures for March were wrong."}),
    Route("reports.report_pdf", "GET", "/reports/{report}.pdf", everyone(), setup=_report("published")),
]
