"""Administration: users and invitations, organisations, contracts and their memberships.

Administrators manage who is who; they are not members of contracts, so nothing here shows a
contract's records (issues, evidence, feedback...): only its settings and its people."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

import portal.audit.services  # noqa: F401  (registers the audit flush hooks: contract edits here are audited)
from portal import access
from portal.access import require_admin
from portal.admin import services
from portal.admin.forms import ContractForm, InviteForm, MembershipForm, OrganisationForm, UserForm
from portal.auth import services as accounts
from portal.auth import sessions, two_factor
from portal.auth.models import User
from portal.auth.views import absolute_url
from portal.contracts import services as contracts
from portal.contracts.models import DEFAULT_DISPUTE_LADDER, Contract, Membership, Organisation
from portal.extensions import db
from portal.mail import send_mail
from portal.web import done, invalid, not_modified_since, record_of, render, run_and_redirect

bp = Blueprint("admin", __name__, url_prefix="/admin")

CONFLICT = ("Someone else saved this contract while you were editing it. Your changes are below and were "
            "NOT saved. Open the contract in another tab to see the current values; saving this form again "
            "will replace them with yours.")


@bp.before_request
def only_administrators():
    require_admin()


def _blame(form, error: services.AdminError | accounts.AccountError, default: str) -> None:
    field = getattr(form, error.field or default, None) or getattr(form, default)
    if field.type == "BooleanField":  # check boxes show no message of their own: say it on top
        form.form_errors.append(str(error))
    field.errors = [*field.errors, str(error)]


@bp.get("/")
def index():
    counts = {
        "users": db.session.scalar(sa.select(sa.func.count(User.id))),
        "organisations": db.session.scalar(sa.select(sa.func.count(Organisation.id))),
        "contracts": db.session.scalar(sa.select(sa.func.count(Contract.id))),
        "pending": db.session.scalar(sa.select(sa.func.count(User.id)).where(User.password_hash.is_(None))),
    }
    return render("admin/index.html", counts=counts)


# ---- users ---------------------------------------------------------------------------------


@bp.get("/users")
def users():
    search = request.args.get("q", "").strip()[:200]
    page = db.paginate(services.users_query(search), page=request.args.get("page", 1, type=int),
                       per_page=30, error_out=False)
    return render("admin/users.html", "admin/_users_table.html", page=page, search=search)


@bp.route("/users/invite", methods=["GET", "POST"])
def invite_user():
    form = InviteForm()
    if form.validate_on_submit():
        days = current_app.config["INVITE_TOKEN_DAYS"]
        try:
            user, secret = accounts.invite_user(form.email.data, form.name.data, timedelta(days=days),
                                                admin=form.is_admin.data)
        except accounts.AccountError as error:
            _blame(form, error, "email")
        else:
            db.session.commit()
            send_mail(user.email, "You are invited to the Partnership Portal",
                      render_template("admin/mail/invite.txt", user=user, inviter=current_user, days=days,
                                      link=absolute_url("auth.accept_invite", token=secret)))
            return done(url_for("admin.users"),
                        f"Invitation sent to {user.email}. The link works for {days} days.")
    if request.method == "POST":
        return invalid("admin/invite.html", form=form)
    return render("admin/invite.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(current_user, user, name=form.name.data, active=form.active.data,
                                 is_admin=form.is_admin.data)
        except services.AdminError as error:
            _blame(form, error, "name")
        else:
            db.session.commit()
            return done(url_for("admin.users"), f"{user.name} is saved.")
    memberships = contracts_of(user)
    open_sessions = len(sessions.open_sessions(user))
    if request.method == "POST":
        return invalid("admin/user.html", form=form, user=user, memberships=memberships,
                       open_sessions=open_sessions)
    return render("admin/user.html", form=form, user=user, memberships=memberships, open_sessions=open_sessions)


@bp.post("/users/<int:user_id>/sessions/end")
def end_user_sessions(user_id):
    """Sign a person out everywhere (a lost laptop, a suspected takeover)."""
    user = db.session.get(User, user_id) or abort(404)
    count = sessions.end_all(user, "ended by an administrator")
    user.end_other_sessions()
    db.session.commit()
    return done(url_for("admin.edit_user", user_id=user.id),
                f"{user.name} is signed out everywhere ({count} session{'s' if count != 1 else ''} ended).")


@bp.post("/users/<int:user_id>/two-factor/reset")
def reset_two_factor(user_id):
    """A person lost their phone and their recovery codes: after checking who they are (out of
    band, as at enrolment), turn two-factor sign-in off so that they enrol again at their next
    sign-in. Not for one's own account."""
    user = db.session.get(User, user_id) or abort(404)
    if user.id == current_user.id:
        abort(403)
    two_factor.disable(user)
    sessions.end_all(user, "two-factor reset by an administrator")
    user.end_other_sessions()
    db.session.commit()
    return done(url_for("admin.edit_user", user_id=user.id),
                f"Two-factor sign-in of {user.name} is reset; they set it up again at their next sign-in.")


def contracts_of(user: User) -> list[Membership]:
    return list(db.session.scalars(
        sa.select(Membership).join(Contract, Contract.id == Membership.contract_id)
        .where(Membership.user_id == user.id).order_by(Contract.code)
        .options(sa.orm.selectinload(Membership.contract), sa.orm.selectinload(Membership.organisation))))


# ---- organisations -----------------------------------------------------------------------


@bp.get("/organisations")
def organisations():
    rows = db.session.scalars(sa.select(Organisation).order_by(Organisation.kind, Organisation.name)).all()
    return render("admin/organisations.html", organisations=rows)


def _organisation_form(org: Organisation | None):
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            org = services.save_organisation(org, name=form.name.data, kind=form.kind.data,
                                             website=form.website.data, description=form.description.data)
        except services.AdminError as error:
            _blame(form, error, "name")
        else:
            db.session.commit()
            return done(url_for("admin.organisations"), f"{org.name} is saved.")
    if request.method == "POST":
        return invalid("admin/organisation.html", form=form, org=org)
    return render("admin/organisation.html", form=form, org=org)


@bp.route("/organisations/new", methods=["GET", "POST"])
def create_organisation():
    return _organisation_form(None)


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
def edit_organisation(org_id):
    return _organisation_form(db.session.get(Organisation, org_id) or abort(404))


# ---- contracts -----------------------------------------------------------------------------


@bp.get("/contracts")
def contracts_list():
    rows = db.session.scalars(
        sa.select(Contract).order_by(Contract.code)
        .options(sa.orm.selectinload(Contract.government_org), sa.orm.selectinload(Contract.operator_org))).all()
    return render("admin/contracts.html", contracts=rows)


def _contract_choices(form: ContractForm) -> None:
    form.government_org_id.choices = [(0, "Choose…")] + [
        (o.id, o.name) for o in services.organisations_of_kind("government")]
    form.operator_org_id.choices = [(0, "Choose…")] + [
        (o.id, o.name) for o in services.organisations_of_kind("operator")]


def _contract_page(form, contract, status=200, conflict=False):
    return render("admin/contract.html", status=status, form=form, record=contract, conflict=conflict)


def _save_contract(form: ContractForm, contract: Contract | None):
    """Validate and save; returns (contract, None) on success or (None, response) for the form."""
    if contract is not None and not not_modified_since(contract, form.version.data):
        form.version.data = contract.version  # the next save knowingly replaces the other edit
        return None, _contract_page(form, contract, 422, conflict=True)
    try:
        saved = services.save_contract(contract, form.data)
        db.session.commit()
    except services.AdminError as error:  # raised before anything changed: nothing to undo
        _blame(form, error, "code")
        return None, _contract_page(form, contract, 422)
    except StaleDataError:
        db.session.rollback()
        form.version.data = db.session.get(Contract, contract.id).version
        return None, _contract_page(form, contract, 422, conflict=True)
    return saved, None


@bp.route("/contracts/new", methods=["GET", "POST"])
def create_contract():
    form = ContractForm(data=None if request.method == "POST" else {
        "dispute_ladder": services.format_ladder(DEFAULT_DISPUTE_LADDER),
        "currency": "EUR", "time_zone": "UTC", "ack_working_days": 5, "response_working_days": 20,
        "deduction_cap_percent": 0, "status": "operating"})
    _contract_choices(form)
    if form.validate_on_submit():
        saved, response = _save_contract(form, None)
        if saved is not None:
            return done(url_for("admin.contracts_list"), f"Contract {saved.code} is created. Give it a public manager.")
        return response
    return _contract_page(form, None, 422 if request.method == "POST" else 200)


@bp.route("/contracts/<code>/edit", methods=["GET", "POST"])
def edit_contract(code):
    contract = contracts.contract_or_404(code)
    form = ContractForm(data=None if request.method == "POST" else services.contract_form_data(contract))
    _contract_choices(form)
    if form.validate_on_submit():
        saved, response = _save_contract(form, contract)
        if saved is not None:
            return done(url_for("admin.contracts_list"), f"Contract {saved.code} is saved.")
        return response
    return _contract_page(form, contract, 422 if request.method == "POST" else 200)


# ---- memberships ---------------------------------------------------------------------------


def _membership_form() -> MembershipForm:
    form = MembershipForm()
    form.organisation_id.choices = [(0, "The contract's own party for that role")] + [
        (o.id, f"{o.name} ({o.kind_label})")
        for o in db.session.scalars(sa.select(Organisation).order_by(Organisation.name))]
    return form


def _members_page(contract, form, status=200):
    return render("admin/members.html", status=status, record=contract, form=form,
                  members=contracts.members_of(contract))


@bp.route("/contracts/<code>/members", methods=["GET", "POST"])
def contract_members(code):
    contract = contracts.contract_or_404(code)
    form = _membership_form()
    if form.validate_on_submit():
        try:
            membership = contracts.add_member_by_email(contract, form.email.data, form.role.data,
                                                       form.organisation_id.data, actor=current_user)
        except contracts.MembershipError as error:
            hint = " Invite the person first." if error.field == "email" else ""
            getattr(form, error.field).errors.append(str(error) + hint)
        else:
            db.session.commit()
            return done(url_for("admin.contract_members", code=contract.code),
                        f"{membership.user.name} is now {access.role_label(form.role.data)} on {contract.code}.")
    if request.method == "POST":
        return _members_page(contract, form, 422)
    return _members_page(contract, form)


@bp.post("/contracts/<code>/members/<int:membership_id>/remove")
def remove_member(code, membership_id):
    contract = contracts.contract_or_404(code)
    membership = record_of(contract, Membership, membership_id)
    name = membership.user.name
    return run_and_redirect(lambda: contracts.remove_member(membership, actor=current_user), contracts.MembershipError,
                            url_for("admin.contract_members", code=contract.code),
                            f"{name} no longer has a role on {contract.code}.")
