"""Sign in and out, registration, account settings, password reset and invitations."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import services
from portal.auth.forms import LoginForm, RegisterForm
from portal.extensions import db, limiter
from portal.web import done, invalid, render

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = "The e-mail address or password is not right."


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str:
    """Only local paths; never an absolute URL that would send the user elsewhere."""
    if not target:
        return url_for("contracts.my_contracts")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("contracts.my_contracts")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"],
               error_message="Too many sign-in attempts from your address. Wait 15 minutes, then try again.")
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            return done(_safe_next(request.args.get("next")), f"Welcome, {user.name}.")
        form.form_errors.append(SIGN_IN_FAILED)
    if request.method == "POST":
        return invalid("auth/login.html", form=form)
    return render("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    return done(url_for("public.home"), "You are signed out.")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("contracts.my_contracts"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(form.email.data, form.name.data, form.password.data)
        except services.AccountError as error:
            getattr(form, error.field or "email").errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)
            return done(url_for("contracts.my_contracts"), "Your account is ready.")
    if request.method == "POST":
        return invalid("auth/register.html", form=form)
    return render("auth/register.html", form=form)


@bp.route("/account")
@login_required
def account():
    return render("auth/account.html")
