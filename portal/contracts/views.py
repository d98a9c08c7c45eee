"""A contract's pages: the public or member overview, members, and the member's contract list."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.audit.services import data_version
from portal.auth.models import User
from portal.contracts import services
from portal.contracts.dashboard import overview_context
from portal.contracts.forms import AddMemberForm
from portal.contracts.models import Membership, Organisation
from portal.contracts.portfolio import portfolio as build_portfolio
from portal.extensions import db
from portal.navigation import register_section
from portal.panels import home_panels, public_panels
from portal.web import done, invalid, public_page, record_of, render, run_and_redirect

bp = Blueprint("contracts", __name__)

register_section("Overview", "contracts.overview", order=0)
register_section("Members", "contracts.members", "members.view", order=90)


@bp.get("/my/contracts")
@login_required
def my_contracts():
    """A signed-in person's home: contracts they work on, contracts they follow, what features
    offer them (their feedback...), the latest published reports and search."""
    return render("contracts/my_contracts.html", rows=services.my_contracts(current_user),
                  followed=services.followed_contracts(current_user), panels=home_panels(current_user))


@bp.post("/contracts/<code>/follow")
@login_required
def follow(code):
    contract = _followable(code)
    return run_and_redirect(lambda: services.follow(current_user, contract), services.MembershipError,
                            url_for("contracts.overview", code=contract.code),
                            f"You follow {contract.code}: new reports will appear in your notifications.")


@bp.post("/contracts/<code>/unfollow")
@login_required
def unfollow(code):
    contract = _followable(code)
    return run_and_redirect(lambda: services.unfollow(current_user, contract), services.MembershipError,
                            url_for("contracts.overview", code=contract.code), f"You no longer follow {contract.code}.")


def _followable(code):
    contract = services.get_contract(code)
    if contract is None or not access.can(current_user, "view", contract):
        access.deny_read()
    return contract


@bp.get("/my/portfolio")
@login_required
def portfolio():
    table = build_portfolio(current_user, request.args.get("sort", "contract"), request.args.get("direction", "asc"))
    return render("contracts/portfolio.html", table=table)


@bp.get("/contracts/<code>")
def overview(code):
    contract = services.get_contract(code)
    if contract is None:
        abort(404)
    role = access.role_in(current_user, contract)
    if role is None:
        if not contract.is_published:
            abort(404)  # the same answer as for a code that does not exist
        if current_user.is_authenticated:  # the follow button is the person's own
            return render("public/contract.html", contract=contract, panels=public_panels(contract),
                          following=services.is_following(current_user, contract))
        return public_page(data_version(db.session, contract.id), lambda: render(
            "public/contract.html", contract=contract, panels=public_panels(contract)))
    return render("contracts/overview.html", contract=contract, role=role,
                  **overview_context(current_user, contract))


def _member_form(contract):
    form = AddMemberForm()
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    form.organisation_id.choices = [(0, "The contract's own party for that role")] + [
        (o.id, f"{o.name} ({o.kind_label})") for o in organisations
    ]
    return form


@bp.route("/contracts/<code>/members", methods=["GET", "POST"])
@login_required
def members(code):
    contract = services.member_contract(code, "members.view")
    form = _member_form(contract)
    if form.is_submitted():
        access.authorize("members.manage", contract)
        if form.validate():
            try:
                membership = services.add_member_by_email(contract, form.email.data, form.role.data,
                                                          form.organisation_id.data,
                                                          actor=current_user)
            except services.MembershipError as error:
                hint = " Ask an administrator to invite the person first." if error.field == "email" else ""
                getattr(form, error.field).errors.append(str(error) + hint)
            else:
                db.session.commit()
                return done(url_for("contracts.members", code=contract.code),
                            f"{membership.user.name} is now {access.role_label(form.role.data)} on {contract.code}.")
        return invalid("contracts/members.html", contract=contract, form=form,
                       members=services.members_of(contract))
    return render("contracts/members.html", contract=contract, form=form, members=services.members_of(contract))


@bp.post("/contracts/<code>/members/<int:membership_id>/remove")
@login_required
def remove_member(code, membership_id):
    contract = services.member_contract(code, "members.view")
    membership = record_of(contract, Membership, membership_id)
    access.authorize("members.manage", contract)
    user = db.session.get(User, membership.user_id)
    return run_and_redirect(lambda: services.remove_member(membership, actor=current_user), services.MembershipError,
                            url_for("contracts.members", code=contract.code),
                            f"{user.name} no longer has a role on {contract.code}.")
