"""Sign in and out, registration, account settings, password reset and invitations."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.auth import security_views, services, sessions
from portal.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    PreferencesForm,
    RegisterForm,
    ResetRequestForm,
    SetPasswordForm,
)
from portal.extensions import db, limiter
from portal.mail import send_mail
from portal.web import after_response, done, invalid, render

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = "The e-mail address or password is not right."
TOO_MANY_REGISTER = "Too many new accounts from your address. Wait an hour, then try again."


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


def _account_limit() -> str:
    return current_app.config["ACCOUNT_LOGIN_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _account_key() -> str:
    """Per account, whatever the address: a botnet or a shared proxy address does not matter."""
    return f"account:{request.endpoint}:{services.normalise_email(request.form.get('email', ''))}"


def _log_sign_in(user, email: str) -> None:
    """Every password check in the log: who (an id, or a hash of the address tried), from where."""
    if user is not None:
        current_app.logger.info("auth.password_ok user=%s addr=%s", user.id, request.remote_addr)
    else:
        tried = hashlib.sha256(services.normalise_email(email).encode()).hexdigest()[:16]
        current_app.logger.warning("auth.password_failed email_sha256=%s addr=%s", tried, request.remote_addr)


def _refused(response) -> bool:
    return response.status_code == 422


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"],
               error_message="Too many sign-in attempts from your address. Wait 15 minutes, then try again.")
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_refused,
               error_message="Too many failed sign-ins for this account. Wait an hour, or reset your password.")
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        _log_sign_in(user, form.email.data)
        if user is not None and user.two_factor_enabled:
            security_views.start_pending(user, _safe_next(request.args.get("next")))
            db.session.commit()
            return done(url_for("security.pending_code"))
        if user is not None:
            sessions.sign_in(user)
            db.session.commit()
            return done(_safe_next(request.args.get("next")), f"Welcome, {user.name}.")
        form.form_errors.append(SIGN_IN_FAILED)
    if request.method == "POST":
        return invalid("auth/login.html", form=form)
    return render("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    sessions.end_current("signed out")
    db.session.commit()
    response = done(url_for("public.home"), "You are signed out.")
    response.headers["Clear-Site-Data"] = '"cache", "storage"'  # the flash rides in the cookie
    return response


REGISTER_SENT = ("We have sent a link to {email}. Open it within {hours} hours to choose your password "
                 "and finish creating your account.")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"], error_message=TOO_MANY_REGISTER)
def register():
    """The same answer, at the same speed, whether or not the address has an account: the mail
    (a link to choose a password, or a note to the owner of an existing account) goes out after
    the response."""
    if current_user.is_authenticated:
        return redirect(url_for("contracts.my_contracts"))
    form = RegisterForm()
    if form.validate_on_submit():
        email, name = services.normalise_email(form.email.data), form.name.data
        hours = current_app.config["RESET_TOKEN_HOURS"]
        response = done(url_for("public.home"), REGISTER_SENT.format(email=email, hours=hours))
        after_response(response, lambda: _finish_registration(email, name, hours))
        return response
    if request.method == "POST":
        return invalid("auth/register.html", form=form)
    return render("auth/register.html", form=form)


def _finish_registration(email: str, name: str, hours: int) -> None:
    outcome, user, secret = services.request_registration(email, name, timedelta(hours=hours))
    db.session.commit()
    if outcome == "exists":
        send_mail(user.email, "You already have a Partnership Portal account",
                  render_template("auth/mail/already_registered.txt", user=user,
                                  login=_base_link("/login"), reset=_base_link("/reset")))
    else:
        send_mail(user.email, "Finish creating your Partnership Portal account",
                  render_template("auth/mail/register.txt", user=user, hours=hours,
                                  link=_base_link(f"/register/{secret}")))


RESET_REQUESTED = ("If an account uses that address, we have sent it a link to choose a new password. "
                   "The link works once, within {hours} hours.")
LINK_EXPIRED = "This link has expired or has already been used."
TOO_MANY = "Too many attempts from your address. Wait 15 minutes, then try again."


def _base_link(path: str) -> str:
    """A link for mail sent after the response (no request to build URLs from): BASE_URL + path."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail: the configured BASE_URL, not whatever Host the request named."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


# ---- account page --------------------------------------------------------------------------


def _account_page(status: int = 200, prefs: PreferencesForm | None = None,
                  password_form: ChangePasswordForm | None = None):
    prefs = prefs or PreferencesForm(formdata=None, obj=current_user)
    password_form = password_form or ChangePasswordForm(formdata=None)
    return render("auth/account.html", status=status, prefs=prefs, password_form=password_form)


@bp.get("/account")
@login_required
def account():
    return _account_page()


@bp.post("/account")
@login_required
def update_account():
    form = PreferencesForm()
    if form.validate_on_submit():
        try:
            services.update_account(current_user, form.name.data, form.email_preference.data)
        except services.AccountError as error:
            getattr(form, error.field or "name").errors.append(str(error))
        else:
            db.session.commit()
            return done(url_for("auth.account"), "Your settings are saved.")
    return _account_page(422, prefs=form)


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except services.AccountError as error:
            getattr(form, error.field or "password").errors.append(str(error))
        else:
            sessions.sign_in(current_user._get_current_object())  # a new session here; the others ended
            db.session.commit()
            return done(url_for("auth.account"), "Your password is changed. Other devices have been signed out.")
    return _account_page(422, password_form=form)


# ---- password reset --------------------------------------------------------------------------


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message=TOO_MANY)
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], error_message=TOO_MANY)
def request_reset():
    form = ResetRequestForm()
    hours = current_app.config["RESET_TOKEN_HOURS"]
    if form.validate_on_submit():
        email = form.email.data
        response = done(url_for("auth.login"), RESET_REQUESTED.format(hours=hours))
        after_response(response, lambda: _send_reset(email, hours))  # same answer, same time
        return response
    if request.method == "POST":
        return invalid("auth/reset_request.html", form=form)
    return render("auth/reset_request.html", form=form)


def _send_reset(email: str, hours: int) -> None:
    found = services.start_password_reset(email, timedelta(hours=hours))
    if found is None:
        return
    user, secret = found
    db.session.commit()
    send_mail(user.email, "Choose a new password for the Partnership Portal",
              render_template("auth/mail/reset.txt", user=user, hours=hours,
                              link=_base_link(f"/reset/{secret}")))


def _set_password_page(purpose: str, token: str, template: str, success: str):
    """Shared by the reset and invitation links: a valid token lets its owner set a password."""
    record = services.peek_token(token, purpose)
    if record is None:
        return render("auth/link_expired.html", status=410, purpose=purpose)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.consume_token(token, purpose, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            sessions.sign_in(user)
            db.session.commit()
            return done(url_for("contracts.my_contracts"), success.format(name=user.name))
    if request.method == "POST":
        return invalid(template, form=form, invitee=record.user)
    return render(template, form=form, invitee=record.user)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    return _set_password_page("reset", token, "auth/reset_password.html",
                              "Your new password is set, and you are signed in.")


@bp.route("/register/<token>", methods=["GET", "POST"])
def finish_registration(token):
    return _set_password_page("register", token, "auth/finish_registration.html",
                              "Welcome, {name}. Your account is ready.")


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token):
    return _set_password_page("invite", token, "auth/accept_invite.html",
                              "Welcome, {name}. Your account is ready.")
