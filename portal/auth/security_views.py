"""Account security: two-factor sign-in (enrol, sign in with a code, recovery codes), the list of
signed-in browsers and "sign out everywhere".

Accounts that must use two-factor sign-in (access.is_privileged) and have not enrolled are led
to enrolment after their password and can do nothing else until it is done (TWO_FACTOR_REQUIRED).
Changing two-factor settings asks for the password again."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from flask_login import current_user, login_required

from portal import access
from portal.auth import services, sessions, two_factor
from portal.auth.forms import ConfirmPasswordForm, EnrolForm, TwoFactorCodeForm
from portal.auth.models import User
from portal.db import utcnow
from portal.extensions import db, htmx, limiter
from portal.web import done, invalid, render

bp = Blueprint("security", __name__)

PENDING_USER, PENDING_AT, PENDING_NEXT = "_2fa_user", "_2fa_at", "_2fa_next"
ENROL_SECRET = "_2fa_enrol_secret"
PENDING_MINUTES = 5
# What an account that must enrol may still reach before it has.
_OPEN_DURING_ENROLMENT = {"security.enrol", "auth.logout", "static", "security.pending_code"}
WRONG_CODE = "That code is not right, or it was already used. Enter the code your app shows now, or a recovery code."


def two_factor_required() -> bool:
    return bool(current_app.config.get("TWO_FACTOR_REQUIRED", True))


def must_enrol(user) -> bool:
    return two_factor_required() and access.is_privileged(user) and not user.two_factor_enabled


@bp.before_app_request
def _lead_to_enrolment():
    if request.endpoint in _OPEN_DURING_ENROLMENT or request.endpoint is None:
        return None
    if not current_user.is_authenticated or not must_enrol(current_user):
        return None
    target = url_for("security.enrol")
    if htmx:  # a boosted page: htmx follows HX-Redirect to a full page load
        response = current_app.response_class("", status=200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, code=303 if request.method != "GET" else 302)


# ---- signing in with a second factor ----------------------------------------------------------


def start_pending(user: User, next_url: str) -> None:
    """The password was right and the account uses two-factor sign-in: ask for a code next."""
    session.clear()
    session[PENDING_USER] = user.id
    session[PENDING_AT] = int(utcnow().timestamp())
    session[PENDING_NEXT] = next_url


def _pending_user() -> User | None:
    user_id, at = session.get(PENDING_USER), session.get(PENDING_AT)
    if not isinstance(user_id, int) or not isinstance(at, int):
        return None
    if utcnow().timestamp() - at > PENDING_MINUTES * 60:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active and user.two_factor_enabled else None


def _pending_key() -> str:
    return f"2fa-user:{session.get(PENDING_USER)}"


def _code_limit() -> str:
    return current_app.config["TWO_FACTOR_RATE_LIMIT"]


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(_code_limit, key_func=_pending_key, methods=["POST"],
               error_message="Too many codes tried for this account. Wait 15 minutes, then sign in again.")
def pending_code():
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        now = utcnow()
        code = form.code.data or ""
        used_recovery = False
        ok = two_factor.verify(user, code, now)
        if not ok and two_factor.use_recovery_code(user, code, now):
            ok = used_recovery = True
        current_app.logger.log(20 if ok else 30, "auth.second_factor_%s user=%s method=%s addr=%s",
                               "ok" if ok else "failed", user.id, "recovery" if used_recovery else "totp",
                               request.remote_addr)
        if ok:
            next_url = session.get(PENDING_NEXT) or url_for("contracts.my_contracts")
            sessions.sign_in(user)
            db.session.commit()
            message = f"Welcome, {user.name}."
            if used_recovery:
                left = two_factor.recovery_codes_left(user)
                message += (f" You used a recovery code; {left} left. If you lost your phone, set up "
                            f"two-factor sign-in again from Account security.")
            return done(next_url, message)
        db.session.rollback()
        form.code.errors.append(WRONG_CODE)
    if request.method == "POST":
        return invalid("auth/two_factor_code.html", form=form)
    return render("auth/two_factor_code.html", form=form)


# ---- account security page --------------------------------------------------------------------


def _page(status: int = 200, **forms):
    user = current_user._get_current_object()
    return render("auth/security.html", status=status,
                  sessions_open=sessions.open_sessions(user), current=sessions.current_record(),
                  required=access.is_privileged(user), codes_left=two_factor.recovery_codes_left(user),
                  codes_form=forms.get("codes_form") or ConfirmPasswordForm(formdata=None, prefix="codes"),
                  disable_form=forms.get("disable_form") or ConfirmPasswordForm(formdata=None, prefix="disable"))


@bp.get("/account/security")
@login_required
def overview():
    return _page()


@bp.post("/account/sessions/end-all")
@login_required
def end_everywhere():
    user = current_user._get_current_object()
    sessions.end_all(user, "signed out everywhere")
    user.end_other_sessions()  # and any cookie from before server-side sessions
    sessions.end_current("signed out everywhere")
    db.session.commit()
    return done(url_for("public.home"), "You are signed out on every device, this one included.")


def _reauthenticated(form) -> bool:
    """The password again, before a change to how the account signs in."""
    if not form.validate_on_submit():
        return False
    try:
        services.verify_password(current_user._get_current_object(), form.password.data)
    except services.AccountError as error:
        form.password.errors.append(str(error))
        return False
    sessions.mark_authenticated()
    return True


@bp.route("/account/two-factor/enrol", methods=["GET", "POST"])
@login_required
def enrol():
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        return redirect(url_for("security.overview"))
    secret = session.get(ENROL_SECRET)
    if not isinstance(secret, str) or request.method == "GET" and not request.args.get("keep"):
        secret = two_factor.new_secret()  # kept in the signed cookie until the code proves it
        session[ENROL_SECRET] = secret
    form = EnrolForm()
    if _reauthenticated(form):
        try:
            codes = two_factor.enrol(user, secret, form.code.data, utcnow())
        except two_factor.TwoFactorError as error:
            form.code.errors.append(str(error))
        else:
            session.pop(ENROL_SECRET, None)
            sessions.end_all(user, "two-factor turned on", keep=sessions.current_record())
            db.session.commit()
            # Shown once, in the answer to this POST: never stored anywhere readable.
            return render("auth/recovery_codes.html", codes=codes, first=True)
    uri = two_factor.provisioning_uri(user, secret)
    context = {"form": form, "qr": two_factor.qr_data_uri(uri), "secret": two_factor.grouped(secret),
               "required": must_enrol(user)}
    if request.method == "POST":
        return invalid("auth/two_factor_enrol.html", **context)
    return render("auth/two_factor_enrol.html", **context)


@bp.post("/account/two-factor/recovery-codes")
@login_required
def new_codes():
    user = current_user._get_current_object()
    if not user.two_factor_enabled:
        abort(404)
    form = ConfirmPasswordForm(prefix="codes")
    if not _reauthenticated(form):
        return _page(422, codes_form=form)
    codes = two_factor.new_recovery_codes(user)
    db.session.commit()
    return render("auth/recovery_codes.html", codes=codes, first=False)


@bp.post("/account/two-factor/disable")
@login_required
def disable():
    user = current_user._get_current_object()
    if not user.two_factor_enabled:
        abort(404)
    if not access.may_disable_two_factor(user):
        abort(403)
    form = ConfirmPasswordForm(prefix="disable")
    if not _reauthenticated(form):
        return _page(422, disable_form=form)
    two_factor.disable(user)
    db.session.commit()
    return done(url_for("security.overview"), "Two-factor sign-in is off.")
