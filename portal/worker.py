"""Background jobs as RQ runs them: each makes (or reuses) the application, then calls the
feature's own job function. Run a worker with `flask --app wsgi portal worker` (or
`rq worker reports` in the portal's environment)."""

from __future__ import annotations

from flask import current_app, has_app_context

from portal import create_app
from portal.reports import jobs as report_jobs


def _app():
    # A worker started inside the application (tests, a custom worker) already has one.
    return current_app._get_current_object() if has_app_context() else create_app()


def publish_report(report_id: int, user_id: int | None) -> str:
    return report_jobs.publish_job(report_id, user_id, app=_app())
