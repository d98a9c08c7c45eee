"""Publishing a report in the background: an RQ job when REDIS_URL is set (`portal.worker`
runs it with the portal's environment), or a thread of the web process for a large report without
Redis. The page polls the report's status until the PDF is ready."""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app
from redis import Redis
from rq import Queue

from portal.auth.models import User
from portal.extensions import db
from portal.reports import services
from portal.reports.models import Report

log = logging.getLogger(__name__)

# The RQ job, named by path so that the web process need not import the worker's module.
RQ_JOB = "portal.worker.publish_report"


def start_background(mode: str, report_id: int, user_id: int | None) -> None:
    """Start the render after the commit that queued it (so the worker sees the queued report)."""
    if mode == "rq":
        Queue("reports", connection=Redis.from_url(current_app.config["REDIS_URL"])).enqueue(
            RQ_JOB, report_id, user_id, job_timeout=600)
    elif mode == "thread":
        app = current_app._get_current_object()
        threading.Thread(target=publish_job, args=(report_id, user_id), kwargs={"app": app},
                         name=f"report-{report_id}", daemon=True).start()
    else:
        raise ValueError(f"unknown background mode {mode!r}")


def publish_job(report_id: int, user_id: int | None, app: Flask | None = None) -> str:
    """Render and publish an approved report; returns its SHA-256, or why nothing was done."""
    app = app or current_app._get_current_object()
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
