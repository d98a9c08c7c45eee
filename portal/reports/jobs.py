"""The RQ job that publishes a report when REDIS_URL is set (run `rq worker reports`)."""

from __future__ import annotations


def publish_job(report_id: int, user_id: int | None) -> str:
    from portal import create_app
    from portal.auth.models import User
    from portal.extensions import db
    from portal.reports import services
    from portal.reports.models import Report

    app = create_app()
    with app.app_context(), app.test_request_context():
        report = db.session.get(Report, report_id)
        user = db.session.get(User, user_id) if user_id else None
        if report is None or report.status != "approved":
            return "nothing to do"
        try:
            services.publish(report, user)
        except services.ReportError as error:
            db.session.commit()  # keep the recorded error for the official
            return str(error)
        db.session.commit()
        return report.pdf_sha256
