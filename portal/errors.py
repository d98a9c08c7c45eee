"""Error pages for the statuses users meet, as full pages or htmx fragments."""

from __future__ import annotations

from flask import Flask, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db
from portal.web import render

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back, reload the page and try again."),
    401: ("Please sign in", "You need to sign in to see this page."),
    403: ("Not allowed", "You can see this record, but your role does not allow this change."),
    404: ("Page not found", "There is no page here, or you do not have access to it."),
    405: ("Not allowed", "That action is not possible on this page."),
    413: ("File too large", "What you sent is larger than the portal accepts. Use a smaller file."),
    422: ("Check your input", "Some of what you sent could not be accepted."),
    429: ("Too many attempts", "You have tried too many times. Wait a few minutes, then try again."),
    500: ("Something went wrong", "The portal hit an error. Nothing you typed was saved; try again, and tell the administrator if it keeps happening."),
}


def _page(status: int, detail: str | None = None):
    title, text = MESSAGES.get(status, (f"Error {status}", ""))
    return render("errors/error.html", "errors/_error.html", status=status,
                  title=title, text=text, detail=detail, code=status)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        app.logger.warning("security.csrf_failed path=%s addr=%s", request.path, request.remote_addr)
        return _page(400, "Your form expired or was sent from elsewhere. Reload the page and send it again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 429:
            app.logger.warning("security.rate_limited path=%s addr=%s", request.path, request.remote_addr)
        if error.code in (403, 429) and error.description != type(error).description:
            return _page(error.code, error.description)  # the policy's or the limiter's own words
        return _page(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error):

        db.session.rollback()
        return _page(500)
