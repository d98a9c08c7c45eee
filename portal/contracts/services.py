"""Contract and membership rules."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from portal import access
from portal.auth.models import User
from portal.auth.services import find_user
from portal.contracts.models import Contract, Follow, Membership, Organisation
from portal.extensions import db
from portal.notifications.services import notify_many


class MembershipError(Exception):
    """A membership rule broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "organisation_id"):
        super().__init__(message)
        self.field = field


def get_contract(code: str) -> Contract | None:
    """The contract with its two parties (every page names them: one query, not three)."""
    return db.session.scalar(sa.select(Contract).where(Contract.code == (code or "").upper()).options(
        sa.orm.joinedload(Contract.government_org), sa.orm.joinedload(Contract.operator_org)))


def contract_or_404(code: str) -> Contract:
    contract = get_contract(code)
    if contract is None:
        abort(404)
    return contract


def member_contract(code: str, action: str = "contract.view_member") -> Contract:
    """Load a contract for a member-only page: 404 unless the user may do `action` on it."""
    contract = get_contract(code)
    access.authorize_contract(action, contract)
    return contract


def default_organisation(contract: Contract, role: str) -> Organisation | None:
    side = access.side_of(role)
    if side == "government":
        return contract.government_org
    if side == "operator":
        return contract.operator_org
    return None


SELF_GRANT = ("You cannot give yourself a role on a contract, or change or remove your own: another "
              "administrator or the contract's public manager has to do it.")


def _check_actor(actor, user) -> None:
    """`actor` None is the command line (the server's operator); a person never changes their own."""
    if actor is not None and not access.may_change_membership(actor, user):
        raise MembershipError(SELF_GRANT, "email")


def _tell_managers(contract: Contract, actor, title: str) -> None:
    """Every membership change is told to the contract's public managers (but the one who made it)."""

    managers = [u for u in users_with_roles(contract, "public_manager") if actor is None or u.id != actor.id]
    who = getattr(actor, "name", None) or "The system"
    notify_many(managers, title, f"{who} made this change to the members of {contract.code}.",
                url=f"/contracts/{contract.code}/members", contract=contract)


def add_member(contract: Contract, user, role: str, organisation: Organisation | None = None, *,
               actor=None) -> Membership:
    if role not in access.ROLES:
        raise MembershipError(f"Unknown role {role!r}.")
    _check_actor(actor, user)
    organisation = organisation or default_organisation(contract, role)
    if organisation is None:
        raise MembershipError("Choose the organisation this person represents.")
    existing = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == user.id, Membership.contract_id == contract.id)
    )
    if existing is not None:
        if existing.role == role and existing.organisation_id == organisation.id:
            return existing
        existing.role = role
        existing.organisation_id = organisation.id
        membership = existing
        title = f"{user.name} is now {access.role_label(role)} on {contract.code}"
    else:
        membership = Membership(user_id=user.id, contract_id=contract.id,
                                organisation_id=organisation.id, role=role)
        db.session.add(membership)
        title = f"{user.name} was added to {contract.code} as {access.role_label(role)}"
    db.session.flush()
    access.forget_memberships(user)
    _tell_managers(contract, actor, title)
    return membership


def add_member_by_email(contract: Contract, email: str, role: str, organisation_id: int | None, *,
                        actor=None) -> Membership:
    """Give the account with `email` a role; organisation_id 0/None means the contract's own party."""

    user = find_user(email)
    if user is None:
        raise MembershipError("No account uses this e-mail address.", "email")
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    return add_member(contract, user, role, organisation, actor=actor)


def remove_member(membership: Membership, *, actor=None) -> None:
    contract = membership.contract
    _check_actor(actor, membership.user)
    remaining_managers = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.contract_id == contract.id,
            Membership.role == "public_manager",
            Membership.id != membership.id,
        )
    )
    if membership.role == "public_manager" and not remaining_managers:
        raise MembershipError("A contract needs at least one public contract manager.")
    user = membership.user
    role = membership.role
    db.session.delete(membership)
    db.session.flush()
    access.forget_memberships(user)
    _tell_managers(contract, actor, f"{user.name} no longer has a role on {contract.code} "
                                    f"(was {access.role_label(role)})")


def members_of(contract: Contract) -> list[Membership]:

    members = db.session.scalars(
        sa.select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.contract_id == contract.id)
        .options(sa.orm.selectinload(Membership.user), sa.orm.selectinload(Membership.organisation))
        .order_by(User.name)
    ).all()
    order = {role: index for index, role in enumerate(access.ROLES)}  # government side first
    return sorted(members, key=lambda m: order.get(m.role, len(order)))


def users_with_roles(contract: Contract, roles) -> list:
    """The active accounts holding any of `roles` on the contract, by name (for notifications, pickers)."""

    roles = [roles] if isinstance(roles, str) else sorted(roles)
    return list(db.session.scalars(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.contract_id == contract.id, Membership.role.in_(roles), User.active.is_(True))
        .order_by(User.name, User.id)))


def my_contracts(user) -> list[tuple[Contract, str]]:
    rows = db.session.execute(
        sa.select(Contract, Membership.role)
        .join(Membership, Membership.contract_id == Contract.id)
        .where(Membership.user_id == user.id)
        .order_by(Contract.code)
    ).all()
    return [(contract, role) for contract, role in rows]


def is_following(user, contract: Contract) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(sa.select(Follow.id).where(Follow.user_id == user.id, Follow.contract_id == contract.id)) is not None


def follow(user, contract: Contract) -> None:
    """Follow a published contract (idempotent): its new reports reach the person's notifications."""
    if not contract.is_published:
        raise MembershipError("Only published contracts can be followed.")
    if not is_following(user, contract):
        db.session.add(Follow(user_id=user.id, contract_id=contract.id))
        db.session.flush()


def unfollow(user, contract: Contract) -> None:
    db.session.execute(sa.delete(Follow).where(Follow.user_id == user.id, Follow.contract_id == contract.id))


def followed_contracts(user) -> list[Contract]:
    return list(db.session.scalars(
        sa.select(Contract).join(Follow, Follow.contract_id == Contract.id)
        .where(Follow.user_id == user.id, Contract.is_published.is_(True)).order_by(Contract.code)))


def followers_of(contract: Contract) -> list:
    """Active accounts following the contract."""
    return list(db.session.scalars(
        sa.select(User).join(Follow, Follow.user_id == User.id)
        .where(Follow.contract_id == contract.id, User.active.is_(True)).order_by(User.id)))


def published_contracts() -> list[Contract]:
    return list(
        db.session.scalars(
            sa.select(Contract)
            .where(Contract.is_published.is_(True))
            .options(sa.orm.selectinload(Contract.government_org), sa.orm.selectinload(Contract.operator_org))
            .order_by(Contract.code)
        )
    )
