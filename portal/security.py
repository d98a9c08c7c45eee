"""Response headers and sign-in plumbing that every request shares."""

from __future__ import annotations

from flask import Flask, Request, flash, g, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from portal.auth import sessions
from portal.auth.models import User
from portal.extensions import db, htmx, login_manager

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class PortalRequest(Request):
    """Form fields lose NUL characters: no person types one, and PostgreSQL text refuses them
    (a hostile NUL would otherwise turn a save into a server error)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any("\x00" in value for value in form.values()):
            self.__dict__["form"] = ImmutableMultiDict(
                [(key, value.replace("\x00", "")) for key, value in form.items(multi=True)])


def init_app(app: Flask) -> None:
    app.request_class = PortalRequest
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = app.config.get("SESSION_PROTECTION", "strong")

    @login_manager.user_loader
    def load_user(user_id: str):

        # Sessions carry "id:token"; a token that no longer matches (password changed) ends them.
        number, _, token = (user_id or "").partition(":")
        user = db.session.get(User, int(number)) if number.isdigit() else None
        if user is None or not user.active or not token or token != user.session_token:
            return None
        # The session must also be live on the server (not signed out, idle or too old).
        if not sessions.is_valid(user):
            session.clear()
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        flash(login_manager.login_message, "info")
        target = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
        if htmx:
            # A login form swapped into a table cell helps nobody: send the whole page there.
            response = app.response_class("", status=401)
            response.headers["HX-Redirect"] = target
            return response
        return redirect(target)

    @app.before_request
    def forget_previous_request():
        # g belongs to the app context; when one outlives a request (tests, CLI), drop what the
        # previous request cached about who is signed in and their memberships.

        for key in [k for k in g if k == "_login_user" or k.startswith("_memberships_")]:
            g.pop(key, None)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("HSTS_SECONDS"):
            # Browsers then refuse plain HTTP to this host (production; the proxy terminates TLS).
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={int(app.config['HSTS_SECONDS'])}; includeSubDomains")
        if current_user and current_user.is_authenticated:
            # Member pages are personal: never keep them in shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
