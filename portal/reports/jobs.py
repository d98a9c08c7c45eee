"""The background job that publishes a report: on RQ when REDIS_URL is set (run
`rq worker reports` with the portal's environment), or in a thread of the web process for a large
report without Redis. The page polls the report's status until the PDF is ready."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def publish_job(report_id: int, user_id: int | None, app=None) -> str:
    from flask import current_app, has_app_context

    from portal.auth.models import User
    from portal.extensions import db
    from portal.reports import services
    from portal.reports.models import Report

    if app is None:
        if has_app_context():  # a worker started inside the application (tests, a custom worker)
            app = current_app._get_current_object()
        else:
            from portal import create_app

            app = create_app()
    with app.app_context(), app.test_request_context():
        report = db.session.get(Report, report_id)
        user = db.session.get(User, user_id) if user_id else None
        if report is None or report.status != "approved":
            return "nothing to do"
        report.render_state = "rendering"
        db.session.commit()
        try:
            services.publish(report, user)
        except services.ReportError as error:
            db.session.commit()  # keep the recorded error for the official
            return str(error)
        except Exception as error:
            db.session.rollback()
            log.exception("publishing report %s failed", report_id)
            report = db.session.get(Report, report_id)
            report.render_state = "failed"
            report.render_error = f"The PDF could not be stored: {type(error).__name__}: {error}"[:2000]
            db.session.commit()
            raise
        db.session.commit()
        return report.pdf_sha256
