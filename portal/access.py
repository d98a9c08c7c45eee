"""The access policy: the one place that decides who may read or do what.

Views call `authorize()` / `can()`; templates call `can()`; lists are restricted in SQL with
`visible_clause()` and `visible_contracts_clause()`. A denied read of an existing record answers
404 (anonymous users are sent to sign in), a permitted read with a denied change answers 403."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import abort, g, has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import QueryableAttribute

from portal.contracts.models import Contract, Membership
from portal.extensions import db, login_manager
from portal.roles import GOVERNMENT_ROLES, OPERATOR_ROLES, ROLES, role_label, side_of  # noqa: F401  (re-exported)

# Widest first. A record at a visibility is readable by everyone allowed that level.
VISIBILITIES = ("public", "community", "partners", "government")
VISIBILITY_LABELS = {
    "public": "Public: anyone, once published",
    "community": "Community: every member of the contract",
    "partners": "Partners: government, operator and reviewers",
    "government": "Government: government and reviewers only",
}

# Records flagged `is_sensitive` (e.g. a grievance about harassment or a person's safety) are read
# only by these roles, whatever their visibility: never the operator, the community, the public
# or the independent reviewer.
SENSITIVE_ROLES = GOVERNMENT_ROLES

# Which visibility levels each role reads.
ROLE_VISIBILITY = {
    "public_manager": frozenset(VISIBILITIES),
    "public_officer": frozenset(VISIBILITIES),
    "reviewer": frozenset(VISIBILITIES),
    "operator_manager": frozenset({"public", "community", "partners"}),
    "operator_staff": frozenset({"public", "community", "partners"}),
    "community_rep": frozenset({"public", "community"}),
}

_ALL_MEMBERS = frozenset(ROLES)
_GOV = GOVERNMENT_ROLES
_PM = frozenset({"public_manager"})
_OM = frozenset({"operator_manager"})
_OPS = OPERATOR_ROLES
_ACTIVE = _GOV | _OPS  # government and operator members who take part in the work

# Contract-level permissions: action -> roles that hold it. Reviewers hold only reads.
PERMISSIONS: dict[str, frozenset[str]] = {
    "contract.view_member": _ALL_MEMBERS,
    "activity.view": _ALL_MEMBERS,
    "members.view": _ALL_MEMBERS - {"community_rep"},
    "members.manage": _PM,
    "contract.edit": _PM,
    # performance
    "performance.view": _ACTIVE | {"reviewer"},
    "kpi.manage": _PM,
    "evidence.prepare": _OPS,
    "evidence.submit": _OM,
    "evidence.review": _GOV,
    "evidence.accept": _PM,
    "payment.approve": _PM,
    "payment.countersign": _OM,
    # feedback
    "feedback.view_queue": _ACTIVE | {"reviewer"},
    "feedback.respond": _GOV | _OM,
    "feedback.register": _ACTIVE,
    "feedback.moderate": _GOV,
    "feedback.sensitive": _GOV,
    "feedback.note": _ACTIVE,
    "feedback.configure": _PM,
    # issues, disputes, meetings, risks, partnership
    "issue.create": _ALL_MEMBERS - {"reviewer"},
    "issue.edit": _GOV,
    "issue.answer": _ACTIVE,
    "dispute.raise": _PM | _OM,
    "dispute.answer": _PM | _OM,
    "dispute.manage": _PM,
    "meeting.edit": _GOV,
    "risk.view": _ACTIVE | {"reviewer"},
    "risk.edit": _GOV,
    "objective.view": _ALL_MEMBERS,
    "objective.edit": _PM,
    "stakeholder.edit": _GOV,
    "healthcheck.rate": _GOV | _OM,
    "comment": _ALL_MEMBERS - {"reviewer"},
    # reports
    "report.draft": _GOV,
    "report.approve": _PM,
    "report.publish": _PM,
}


def _memberships(user) -> dict[int, str]:
    """contract_id -> role for the user, loaded once per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    cache_key = f"_memberships_{user.id}"
    if has_request_context() and cache_key in g:
        return g.get(cache_key)
    rows = db.session.execute(
        sa.select(Membership.contract_id, Membership.role).where(Membership.user_id == user.id)
    ).all()
    result = {contract_id: role for contract_id, role in rows}
    if has_request_context():
        setattr(g, cache_key, result)
    return result


def forget_memberships(user) -> None:
    """Call after changing a user's memberships within a request."""
    if has_request_context() and user is not None:
        g.pop(f"_memberships_{user.id}", None)


def role_in(user, contract_or_id) -> str | None:
    contract_id = getattr(contract_or_id, "id", contract_or_id)
    return _memberships(user).get(contract_id)


def readable_visibilities(user, contract_or_id) -> frozenset[str]:
    role = role_in(user, contract_or_id)
    if role is None:
        return frozenset({"public"})
    return ROLE_VISIBILITY[role]


def _contract_id_of(record) -> int | None:

    if isinstance(record, Contract):
        return record.id
    return getattr(record, "contract_id", None)


def _contract_published(contract_id: int | None) -> bool:
    if contract_id is None:
        return False

    contract = db.session.get(Contract, contract_id)
    return bool(contract and contract.is_published)


def is_sensitive(record) -> bool:
    """Whether the record is flagged sensitive (readable by SENSITIVE_ROLES only)."""
    return bool(getattr(record, "is_sensitive", False))


def can_read(user, record) -> bool:
    """Whether the user may read this record, from its contract, visibility and sensitivity."""
    if record is None:
        return False
    contract_id = _contract_id_of(record)
    visibility = getattr(record, "visibility", "government")
    if is_sensitive(record):
        role = role_in(user, contract_id)
        return role in SENSITIVE_ROLES and visibility in ROLE_VISIBILITY[role]
    if visibility == "public" and _contract_published(contract_id):
        return True
    role = role_in(user, contract_id)
    return role is not None and visibility in ROLE_VISIBILITY[role]


def can(user, action: str, record=None) -> bool:
    """The single predicate. `action` is 'view', 'admin', or a key of PERMISSIONS."""
    if user is None:
        return False
    if action == "admin":
        return bool(getattr(user, "is_authenticated", False) and user.is_admin)
    if action == "view":
        return can_read(user, record)
    roles = PERMISSIONS.get(action)
    if roles is None:
        raise KeyError(f"unknown action {action!r}: add it to portal.access.PERMISSIONS")
    role = role_in(user, _contract_id_of(record))
    if role not in roles:
        return False
    # A permission on a record also needs the right to read it.
    return record is None or can_read(user, record)


def deny_read():
    """Anonymous users are sent to sign in; everyone else learns nothing (404)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(404)


# What each permission lets a person do, for the message when a change is refused.
ACTION_PHRASES = {
    "members.manage": "manage the contract's members",
    "contract.edit": "edit the contract",
    "kpi.manage": "change the KPIs, areas and payment terms",
    "evidence.prepare": "prepare performance evidence",
    "evidence.submit": "submit a month's performance",
    "evidence.review": "review performance evidence",
    "evidence.accept": "accept performance evidence",
    "payment.approve": "approve payment statements",
    "payment.countersign": "countersign payment statements",
    "feedback.respond": "respond to feedback",
    "feedback.register": "register feedback received by phone, letter or in person",
    "feedback.moderate": "moderate the public feedback board",
    "feedback.note": "add internal notes to feedback",
    "feedback.configure": "change feedback categories and response templates",
    "risk.edit": "add, review or change risks",
    "objective.edit": "change the contract's objectives",
    "report.draft": "draft reports",
    "report.approve": "approve reports",
    "report.publish": "publish reports",
}


def refuse(action: str) -> None:
    """403 for a person who may read the record but not make this change, naming the change.
    A refused read (GET) is a 404: nobody learns that a page they may not see exists."""
    if request.method in ("GET", "HEAD"):
        deny_read()
    phrase = ACTION_PHRASES.get(action, "make this change")
    abort(403, description=f"Your role on this contract does not allow you to {phrase}.")


def authorize(action: str, record) -> None:
    """Abort unless current_user may do `action` on `record` (404 if they may not even read it)."""
    if record is None or not can_read(current_user, record):
        deny_read()
    if action != "view" and not can(current_user, action, record):
        refuse(action)


def authorize_contract(action: str, contract) -> None:
    """For a contract's member pages: a member without `action` is refused (404 on a read, 403
    naming the change otherwise); anyone who is not a member learns nothing (404 or sign in)."""
    if contract is not None and can(current_user, action, contract):
        return
    if contract is not None and role_in(current_user, contract) is not None:
        refuse(action)
    deny_read()


def require_admin() -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.is_admin:
        abort(404)


# ---- risks predicates ----


# A risk is read by government and reviewers; one the operator carries, alone or shared, may be
# raised to partners so that the operator sees it too. Objectives are the contract's shared aims.
RISK_VISIBILITIES = {"public": ("government",), "private": ("government", "partners"),
                     "shared": ("government", "partners")}
OBJECTIVE_VISIBILITIES = ("community", "partners", "government")


def risk_visibilities(allocation: str) -> tuple[str, ...]:
    """The visibilities a risk with this allocation may have, narrowest first."""
    return RISK_VISIBILITIES.get(allocation, ("government",))


# ---- risks predicates end ----


# ---- SQL filters -------------------------------------------------------------------------


def _sensitive_column(model):
    """The model's `is_sensitive` column expression, or None when its rows are never sensitive."""
    column = getattr(model, "is_sensitive", None)
    return column if isinstance(column, QueryableAttribute) else None


def _role_levels(model, role: str):
    """The rows a member with `role` reads by visibility, without sensitive ones unless allowed."""
    clause = model.visibility.in_(sorted(ROLE_VISIBILITY[role]))
    sensitive = _sensitive_column(model)
    if sensitive is not None and role not in SENSITIVE_ROLES:
        clause = sa.and_(clause, sensitive.is_(False))
    return clause


def visible_clause(user, model, contract=None):
    """A WHERE clause limiting `model` rows to those the user may read.

    `model` has `contract_id` and `visibility` columns, and optionally an `is_sensitive` column
    (sensitive rows: SENSITIVE_ROLES only). With `contract`, only that contract."""

    published = sa.select(Contract.id).where(Contract.is_published.is_(True))
    public_rows = sa.and_(model.visibility == "public", model.contract_id.in_(published))
    sensitive = _sensitive_column(model)
    if sensitive is not None:
        public_rows = sa.and_(public_rows, sensitive.is_(False))
    memberships = _memberships(user)
    if contract is not None:
        contract_id = getattr(contract, "id", contract)
        role = memberships.get(contract_id)
        return sa.and_(
            model.contract_id == contract_id,
            sa.or_(public_rows, _role_levels(model, role)) if role else public_rows,
        )
    clauses = [public_rows]
    by_role: dict[str, list[int]] = {}
    for contract_id, role in memberships.items():
        by_role.setdefault(role, []).append(contract_id)
    for role, contract_ids in by_role.items():
        clauses.append(sa.and_(model.contract_id.in_(sorted(contract_ids)), _role_levels(model, role)))
    return sa.or_(*clauses)


def visible_contracts_clause(user):

    member_of = sorted(_memberships(user))
    if member_of:
        return sa.or_(Contract.is_published.is_(True), Contract.id.in_(member_of))
    return Contract.is_published.is_(True)


def member_contract_ids(user) -> list[int]:
    return sorted(_memberships(user))


def roles_with(action: str) -> Iterable[str]:
    return PERMISSIONS[action]
