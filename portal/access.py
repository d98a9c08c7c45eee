"""The access policy: the one place that decides who may read or do what.

Views call `authorize()` / `can()`; templates call `can()`; lists are restricted in SQL with
`visible_clause()` and `visible_contracts_clause()`. A denied read of an existing record answers
404 (anonymous users are sent to sign in), a permitted read with a denied change answers 403."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask import abort, g, has_request_context
from flask_login import current_user
from sqlalchemy.orm import QueryableAttribute

# Widest first. A record at a visibility is readable by everyone allowed that level.
VISIBILITIES = ("public", "community", "partners", "government")
VISIBILITY_LABELS = {
    "public": "Public: anyone, once published",
    "community": "Community: every member of the contract",
    "partners": "Partners: government, operator and reviewers",
    "government": "Government: government and reviewers only",
}

ROLES = {
    "public_manager": {"label": "Public contract manager", "side": "government"},
    "public_officer": {"label": "Public official", "side": "government"},
    "operator_manager": {"label": "Operator manager", "side": "operator"},
    "operator_staff": {"label": "Operator staff", "side": "operator"},
    "community_rep": {"label": "Community representative", "side": "community"},
    "reviewer": {"label": "Independent reviewer", "side": "independent"},
}
GOVERNMENT_ROLES = frozenset({"public_manager", "public_officer"})
OPERATOR_ROLES = frozenset({"operator_manager", "operator_staff"})
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
    # feedback: see the feedback section below
    # issues, disputes, meetings, risks, partnership
    "issue.create": _ALL_MEMBERS - {"reviewer"},
    "issue.edit": _GOV,
    "issue.answer": _ACTIVE,
    "dispute.raise": _PM | _OM,
    "dispute.answer": _PM | _OM,
    "dispute.manage": _PM,
    "meeting.edit": _GOV,
    "risk.edit": _GOV,
    "stakeholder.edit": _GOV,
    "healthcheck.rate": _GOV | _OM,
    "comment": _ALL_MEMBERS - {"reviewer"},
    # reports
    "report.draft": _GOV,
    "report.approve": _PM,
    "report.publish": _PM,
}

# Record rules: action -> (the table of the records it applies to, rule(user, record)). `can`
# applies an action's rule to such a record on top of the action's roles, if it has any. Each
# feature's section below adds its own.
RECORD_RULES: dict[str, tuple[str, Callable]] = {}


def role_label(role: str) -> str:
    return ROLES.get(role, {}).get("label", role)


def side_of(role: str | None) -> str | None:
    return ROLES.get(role, {}).get("side") if role else None


def _memberships(user) -> dict[int, str]:
    """contract_id -> role for the user, loaded once per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    cache_key = f"_memberships_{user.id}"
    if has_request_context() and cache_key in g:
        return g.get(cache_key)
    from portal.contracts.models import Membership
    from portal.extensions import db

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
    from portal.contracts.models import Contract

    if isinstance(record, Contract):
        return record.id
    return getattr(record, "contract_id", None)


def _contract_published(contract_id: int | None) -> bool:
    if contract_id is None:
        return False
    from portal.contracts.models import Contract
    from portal.extensions import db

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
    """The single predicate. `action` is 'view', 'admin', a key of PERMISSIONS (the roles that
    hold it on the record's contract) or of RECORD_RULES (a rule on the record itself), or both."""
    if user is None:
        return False
    if action == "admin":
        return bool(getattr(user, "is_authenticated", False) and user.is_admin)
    if action == "view":
        return can_read(user, record)
    roles = PERMISSIONS.get(action)
    if roles is None and action not in RECORD_RULES:
        raise KeyError(f"unknown action {action!r}: add it to portal.access.PERMISSIONS")
    if roles is not None:
        if role_in(user, _contract_id_of(record)) not in roles:
            return False
        # A permission on a record also needs the right to read it.
        if record is not None and not can_read(user, record):
            return False
    # Some actions also depend on the record itself (its routing, its state): a record rule.
    rule = record_rule(action, record)
    if rule is not None:
        return rule(user, record)
    return roles is not None


def record_rule(action: str, record) -> Callable | None:
    """The rule `can` applies to `record` for `action` beyond its roles, or None."""
    table, rule = RECORD_RULES.get(action, (None, None))
    if rule is not None and getattr(record, "__tablename__", None) == table:
        return rule
    return None


def deny_read():
    """Anonymous users are sent to sign in; everyone else learns nothing (404)."""
    if not current_user.is_authenticated:
        from portal.extensions import login_manager

        abort(login_manager.unauthorized())
    abort(404)


def authorize(action: str, record) -> None:
    """Abort unless current_user may do `action` on `record` (404 if they may not even read it)."""
    if record is None or not can_read(current_user, record):
        deny_read()
    if action != "view" and not can(current_user, action, record):
        abort(403)


def require_admin() -> None:
    if not current_user.is_authenticated:
        from portal.extensions import login_manager

        abort(login_manager.unauthorized())
    if not current_user.is_admin:
        abort(404)


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
    from portal.contracts.models import Contract

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
    from portal.contracts.models import Contract

    member_of = sorted(_memberships(user))
    if member_of:
        return sa.or_(Contract.is_published.is_(True), Contract.id.in_(member_of))
    return Contract.is_published.is_(True)


def member_contract_ids(user) -> list[int]:
    return sorted(_memberships(user))


def roles_with(action: str) -> Iterable[str]:
    return PERMISSIONS[action]


# ---- feedback predicates ----
# Everything the feedback feature asks the policy: who reads and handles the queue, who answers a
# piece of feedback, what its state allows next, who follows it, who must act on it, and which
# rows the public board shows. Views authorise with the role-level actions (`feedback.respond`,
# `feedback.moderate`, ...) so that a step the state no longer allows is refused by the service
# with its message; templates ask the step-level actions (`feedback.acknowledge`, ...) to show a
# form only when it can succeed; services refuse a step with `feedback_allows(step, feedback)`.

# Who may be assigned a piece of feedback to work on (sensitive ones: SENSITIVE_ROLES among them).
FEEDBACK_WORKERS = _ACTIVE
# Who answers feedback: government officers, and the operator's manager for what is routed to it.
FEEDBACK_ANSWERERS = _GOV | _OM

PERMISSIONS.update({
    "feedback.view_queue": _ACTIVE | {"reviewer"},
    "feedback.register": _ACTIVE,
    "feedback.note": _ACTIVE,
    "feedback.configure": _PM,
    "feedback.work_on": FEEDBACK_WORKERS,
    # Answering: the role, plus the record rule `feedback_handles` (routing and sensitivity).
    "feedback.respond": FEEDBACK_ANSWERERS,
    "feedback.acknowledge": FEEDBACK_ANSWERERS,
    "feedback.answer": FEEDBACK_ANSWERERS,  # publish the response, or ask the submitter a question
    "feedback.assign": FEEDBACK_ANSWERERS,
    "feedback.close": FEEDBACK_ANSWERERS,
    "feedback.appeals": _GOV,  # decide appeals
    "feedback.decide_appeal": _GOV,  # this appeal, now
    "feedback.moderate": _GOV,  # never a sensitive grievance (record rule)
    "feedback.hide": _GOV,
})

_FEEDBACK_UNANSWERED = frozenset({"received", "acknowledged", "in_review"})
_FEEDBACK_OPEN = _FEEDBACK_UNANSWERED | {"appealed"}

# What the state of a piece of feedback allows next, step by step.
FEEDBACK_STEPS = {
    "acknowledge": lambda f: f.status == "received",
    "answer": lambda f: f.status in _FEEDBACK_UNANSWERED,
    "assign": lambda f: f.status in _FEEDBACK_OPEN,
    "close": lambda f: f.status == "responded",
    "decide_appeal": lambda f: f.status == "appealed",
    "moderate": lambda f: not f.sensitive,
    "hide": lambda f: not f.sensitive and f.on_board,
    # the submitter's steps
    "reply": lambda f: f.awaiting_reply and f.status != "closed",
    "rate": lambda f: f.status == "responded" and f.rated_at is None,
    "appeal": lambda f: f.status == "responded" and f.appealed_at is None and f.satisfied is False,
}


def feedback_allows(step: str, feedback) -> bool:
    """Whether the feedback's state allows `step` now (a key of FEEDBACK_STEPS)."""
    return bool(FEEDBACK_STEPS[step](feedback))


def feedback_handles(user, feedback) -> bool:
    """Whether the user's side answers this feedback: government officers answer everything; the
    operator only what is routed to it, never a sensitive grievance, and not while under appeal."""
    side = side_of(role_in(user, feedback.contract_id))
    if side == "government":
        return True
    return (side == "operator" and feedback.routed_to == "operator" and not feedback.sensitive
            and feedback.status != "appealed")


def is_feedback_submitter(user, feedback) -> bool:
    """Whether the feedback is the signed-in user's own (given while signed in)."""
    return (bool(getattr(user, "is_authenticated", False)) and feedback.submitter_id is not None
            and feedback.submitter_id == user.id)


def feedback_responsible_roles(feedback) -> frozenset[str]:
    """The roles who must act on the feedback and are told about it: the government officers when
    it is sensitive, routed to the government or under appeal; otherwise the operator's staff."""
    if feedback.sensitive or feedback.routed_to == "government" or feedback.status == "appealed":
        return GOVERNMENT_ROLES
    return OPERATOR_ROLES


def feedback_worker_roles(feedback) -> frozenset[str]:
    """The roles of the members the feedback may be assigned to."""
    return FEEDBACK_WORKERS & SENSITIVE_ROLES if feedback.sensitive else FEEDBACK_WORKERS


def _step(name: str, *, handled: bool = False):
    if handled:
        return lambda user, f: feedback_handles(user, f) and feedback_allows(name, f)
    return lambda user, f: feedback_allows(name, f)


# Record rules for feedback, applied by `can` on top of the roles in PERMISSIONS (if any). The
# submitter's steps have no role: the view has established that the person follows the feedback
# (they hold its private tracking link, or `feedback.follow`: it is their own).
_FEEDBACK_RULES: dict[str, Callable] = {
    "feedback.respond": feedback_handles,
    "feedback.acknowledge": _step("acknowledge", handled=True),
    "feedback.answer": _step("answer", handled=True),
    "feedback.assign": _step("assign", handled=True),
    "feedback.close": _step("close", handled=True),
    "feedback.decide_appeal": _step("decide_appeal"),
    "feedback.moderate": _step("moderate"),
    "feedback.hide": _step("hide"),
    "feedback.follow": is_feedback_submitter,
    "feedback.reply": _step("reply"),
    "feedback.rate": _step("rate"),
    "feedback.appeal": _step("appeal"),
}


def public_board_clause(model, *, text_shown: bool = False):
    """The WHERE clause for the feedback rows on the public board: moderated onto it, public and
    never sensitive. With `text_shown`, only those whose text the board shows (not hidden by a
    moderator, with a published text): what search may index and a report may quote."""
    clause = sa.and_(model.visibility == "public", model.on_board.is_(True), model.sensitive.is_(False))
    if text_shown:
        clause = sa.and_(clause, model.hidden_reason == "", model.public_text != "")
    return clause


RECORD_RULES.update({action: ("feedback", rule) for action, rule in _FEEDBACK_RULES.items()})
# ---- feedback predicates ----

