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
    # feedback: see the feedback section below
    # issues, disputes, meetings, risks, partnership
    "issue.create": _ALL_MEMBERS - {"reviewer"},
    "issue.edit": _GOV,
    "issue.answer": _ACTIVE,
    "issue.mark_failure": _GOV | _OM,
    "issue.configure": _PM,
    "dispute.view": _ACTIVE | {"reviewer"},
    "dispute.raise": _PM | _OM,
    "dispute.answer": _PM | _OM,
    "dispute.manage": _PM,
    # meetings: officials and operator managers schedule and run them; the chair approves minutes
    "meeting.view": _ALL_MEMBERS,
    "meeting.edit": _GOV | _OM,
    # the one action list: everyone reads what their visibility allows; officials and operator
    # managers add actions; an action's owner (person or party) moves it along too
    "action.view": _ALL_MEMBERS,
    "action.edit": _GOV | _OM,
    # partnership: stakeholders (government by default), health checks answered by both sides
    "stakeholder.view": _ACTIVE | {"reviewer"},
    # risks and objectives: the register is the government's; partners read what is raised to them
    "risk.view": _ACTIVE | {"reviewer"},
    "risk.edit": _GOV,
    "objective.view": _ALL_MEMBERS,
    "objective.edit": _PM,
    "stakeholder.edit": _GOV,
    "healthcheck.view": _ACTIVE | {"reviewer"},
    "healthcheck.rate": _ACTIVE,
    "healthcheck.manage": _PM,
    "comment": _ALL_MEMBERS - {"reviewer"},
    # changes: variations and contingency events
    "changes.view": _ALL_MEMBERS,
    "variation.propose": _GOV | _OM,
    "variation.manage": _PM,
    "variation.estimate": _OM,
    "event.notify": _PM | _OM,
    "event.respond": _PM | _OM,
    "event.link": _GOV | _OM,
    "changes.configure": _PM,
    # obligations and the compliance calendar
    "obligations.view": _ACTIVE | {"reviewer"},
    "obligation.manage": _PM,
    "obligation.discharge": _GOV | _OPS,
    "obligation.review": _GOV | _OM,
    # reports
    "report.draft": _GOV,
    "report.edit": _GOV,
    "report.submit": _GOV,
    "report.approve": _PM,
    "report.send_back": _PM,
    "report.publish": _PM,
    "report.correct": _GOV,
    "report.withdraw": _PM,
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
    """The single predicate. `action` is 'view', 'admin', a key of PERMISSIONS (the roles that
    hold it on the record's contract) or of RECORD_RULES (a rule on the record itself),
    or both; or of PREDICATES (an action defined by a predicate alone)."""
    if user is None:
        return False
    if action in PREDICATES:
        return PREDICATES[action](user, record)
    if action == "admin":
        return bool(getattr(user, "is_authenticated", False) and user.is_admin)
    if action == "view":
        return can_read(user, record)
    return why_not(user, action, record) is None


def why_not(user, action: str, record=None) -> str | None:
    """None when `user` may do `action` on `record`; otherwise the reason, in words for the page.

    A permission needs the role (PERMISSIONS), the right to read the record, and, for an action on
    a record (not on the contract as a whole), the record's own rule (RECORD_RULES): its state,
    and the four-eyes principle where the contract applies it."""
    roles = PERMISSIONS.get(action)
    if roles is None and action not in RECORD_RULES:
        raise KeyError(f"unknown action {action!r}: add it to portal.access.PERMISSIONS")
    if roles is not None:
        if user is None or role_in(user, _contract_id_of(record)) not in roles:
            return f"Your role on this contract does not allow you to {ACTION_PHRASES.get(action, 'make this change')}."
        if record is None:
            return None
        if not can_read(user, record):
            return "You cannot see this record."
    rule = RECORD_RULES.get(action)
    if rule is None or record is None or isinstance(record, Contract):
        # An action with a record rule and no roles (e.g. the submitter's step on their
        # feedback) is about one record; on none, or on a whole contract, it is refused.
        return None if roles is not None else "This is done on a record, not a contract."
    return rule(user, record)


# ---- record rules: what a record's state allows, and who must not approve their own work ----


def _in_state(*states: str, verb: str):
    def rule(_user, record) -> str | None:
        if record.status in states:
            return None
        return f"This {record.kind_noun} is {record.status_label.lower()}: it cannot be {verb} now."
    return rule


def _four_eyes(user, record) -> str | None:
    """The contract's four-eyes principle (on unless the contract says otherwise): the person who
    prepared a record (`prepared_by_ids`) does not approve it."""
    contract = getattr(record, "contract", None)
    if contract is not None and contract.four_eyes and user.id in record.prepared_by_ids:
        return (f"You prepared this {record.kind_noun}, so another person must approve it: the contract "
                "applies the four-eyes principle.")
    return None


def _all(*rules):
    def rule(user, record) -> str | None:
        return next((reason for reason in (r(user, record) for r in rules) if reason), None)
    return rule


def _published_and_current(_user, record) -> str | None:
    if record.status == "published" and record.superseded_at is None:
        return None
    return "Only the current edition of a published report can be corrected."


RECORD_RULES = {
    "report.edit": _in_state("draft", verb="edited"),
    "report.submit": _in_state("draft", verb="submitted"),
    "report.approve": _all(_in_state("submitted", verb="approved"), _four_eyes),
    "report.send_back": _in_state("submitted", "approved", verb="sent back"),
    "report.publish": _in_state("approved", verb="published"),
    "report.correct": _published_and_current,
    "report.withdraw": _in_state("published", verb="withdrawn"),
}


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
    "variation.propose": "propose variations",
    "variation.manage": "request estimates for, approve, reject or implement variations",
    "variation.estimate": "price variations",
    "variation.withdraw": "withdraw this variation (only the side that proposed it may)",
    "event.notify": "notify contingency events",
    "event.respond": "respond to contingency events",
    "event.answer": "respond to this event (the other party answers a notice)",
    "event.withdraw": "withdraw this event (only the side that notified it may)",
    "event.link": "link contingency events to other records",
    "changes.configure": "change the contract's change and notice time limits",
    "obligation.manage": "add or change the contract's obligations",
    "obligation.discharge": "send evidence for obligations",
    "obligation.send": "send evidence for this obligation (only the party that owes it may)",
    "obligation.review": "check the evidence of obligations",
    "obligation.check": "check this evidence (the party owed the obligation checks it)",
    "meeting.edit": "schedule and run meetings",
    "action.edit": "add and change actions",
    "stakeholder.edit": "change the stakeholder register",
    "healthcheck.rate": "answer the partnership health check",
    "healthcheck.manage": "open, close and release partnership health checks",
    "issue.create": "raise issues",
    "issue.edit": "edit issues",
    "issue.answer": "work on issues",
    "issue.mark_failure": "mark issues as service failures",
    "issue.configure": "change issue categories and targets",
    "comment": "comment",
    "dispute.raise": "raise disputes",
    "dispute.answer": "take part in disputes",
    "dispute.manage": "manage disputes and the dispute ladder",
    "risk.edit": "add, review or change risks",
    "objective.edit": "change the contract's objectives",
    "report.draft": "draft reports",
    "report.edit": "edit report drafts",
    "report.submit": "submit reports for approval",
    "report.approve": "approve reports",
    "report.send_back": "send reports back to draft",
    "report.publish": "publish reports",
    "report.correct": "correct published reports",
    "report.withdraw": "withdraw published reports",
}


def refuse(action: str, record=None) -> None:
    """403 for a person who may read the record but not make this change, saying why.
    A refused read (GET) is a 404: nobody learns that a page they may not see exists."""
    if request.method in ("GET", "HEAD"):
        deny_read()
    reason = why_not(current_user, action, record) if action in PERMISSIONS else None
    phrase = ACTION_PHRASES.get(action, "make this change")
    abort(403, description=reason or f"Your role on this contract does not allow you to {phrase}.")


def authorize(action: str, record) -> None:
    """Abort unless current_user may do `action` on `record` (404 if they may not even read it)."""
    if record is None or not can_read(current_user, record):
        deny_read()
    if action != "view" and not can(current_user, action, record):
        refuse(action, record)


def authorize_contract(action: str, contract) -> None:
    """For a contract's member pages: a member without `action` is refused (404 on a read, 403
    naming the change otherwise); anyone who is not a member learns nothing (404 or sign in)."""
    if contract is not None and can(current_user, action, contract):
        return
    if contract is not None and role_in(current_user, contract) is not None:
        refuse(action, contract)
    deny_read()


# ---- record-level rules ----------------------------------------------------------------------
# Rules that need more than a role on the contract: action -> predicate(user, record). `can()`
# answers them, so views (authorize) and templates (can) ask them like any other action.
PREDICATES: dict = {}


def _side(user, record) -> str | None:
    return side_of(role_in(user, _contract_id_of(record)))


# ---- changes predicates ----
def _withdraw_variation(user, variation) -> bool:
    """Only the side that proposed a variation withdraws it."""
    return can(user, "variation.propose", variation) and _side(user, variation) == variation.proposed_by_side


def _answer_event(user, event) -> bool:
    """The other party answers a contingency event's notice."""
    return can(user, "event.respond", event) and _side(user, event) != event.notified_by_side


def _withdraw_event(user, event) -> bool:
    return can(user, "event.notify", event) and _side(user, event) == event.notified_by_side


PREDICATES.update({"variation.withdraw": _withdraw_variation, "event.answer": _answer_event,
                   "event.withdraw": _withdraw_event})
# ---- end of changes predicates ----


# ---- obligations predicates ----
def _send_obligation(user, due) -> bool:
    """The party that owes an obligation sends the evidence that discharges it."""
    return can(user, "obligation.discharge", due) and _side(user, due) == due.owed_by


def _check_obligation(user, due) -> bool:
    """The party owed the obligation checks the evidence (the government checks the operator's)."""
    side = _side(user, due)
    return can(user, "obligation.review", due) and side in ("government", "operator") and side != due.owed_by


PREDICATES.update({"obligation.send": _send_obligation, "obligation.check": _check_obligation})
# ---- end of obligations predicates ----


def require_admin() -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.is_admin:
        abort(404)


# ---- meetings predicates ----


def may_approve_minutes(user, meeting) -> bool:
    """The meeting's chair approves (and corrects) its minutes, while allowed to edit meetings."""
    return (getattr(user, "is_authenticated", False) and meeting.chair_id == user.id
            and can(user, "meeting.edit", meeting))


# ---- end meetings predicates ----


# ---- actions predicates ----


def may_update_action(user, action) -> bool:
    """Who moves an action along (progress, done, dropped): those who hold action.edit, its owner,
    and the government or operator members of the party that owns it."""
    if not can_read(user, action):
        return False
    if can(user, "action.edit", action):
        return True
    if getattr(user, "is_authenticated", False) and action.owner_user_id == user.id:
        return True
    role = role_in(user, action.contract_id)
    return bool(action.owner_party) and role is not None and side_of(role) == action.owner_party


# ---- end actions predicates ----
# ---- issues predicates ----


def can_work_on_issue(user, issue) -> bool:
    """Status changes and assignment: the government side on any issue, the operator on what
    is routed to it."""
    if not can(user, "issue.answer", issue):
        return False
    side = side_of(role_in(user, issue.contract_id))
    return side == "government" or issue.routed_to == side


def is_issue_raiser(user, issue) -> bool:
    return bool(getattr(user, "is_authenticated", False) and issue.raised_by_id == user.id
                and can(user, "comment", issue))


def can_change_issue_status(user, issue, to_status: str) -> bool:
    """Who moves an issue where: those working on it take it up and resolve it; the government
    side or the person who raised it closes a resolved issue; either reopens it (with a reason)."""
    if to_status in ("in_progress", "resolved"):
        return can_work_on_issue(user, issue)
    if to_status == "closed":
        return can(user, "issue.edit", issue) or is_issue_raiser(user, issue)
    if to_status == "open":
        return can_work_on_issue(user, issue) or is_issue_raiser(user, issue)
    return False


def can_edit_issue(user, issue) -> bool:
    """The details (title, description, priority...): the government side, or the person who
    raised it while it is still open."""
    return can(user, "issue.edit", issue) or (is_issue_raiser(user, issue) and issue.status == "open")


# ---- end of issues predicates ----

# ---- disputes predicates ----


def dispute_party(user, dispute) -> str | None:
    """The side ("government" or "operator") for which the user speaks in this dispute."""
    if not can(user, "dispute.answer", dispute):
        return None
    return side_of(role_in(user, dispute.contract_id))


# ---- end of disputes predicates ----
# ---- accounts ----------------------------------------------------------------------------

# Roles whose holders must sign in with a second factor and time out when idle: every government,
# operator and reviewer membership (and administrators). Community representatives and community
# members may turn two-factor sign-in on, and are not forced to.
TWO_FACTOR_ROLES = frozenset(ROLES) - {"community_rep"}


def is_privileged(user) -> bool:
    """Administrators and holders of a TWO_FACTOR_ROLES membership on any contract."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_admin", False):
        return True
    return any(role in TWO_FACTOR_ROLES for role in _memberships(user).values())


def may_change_membership(actor, target_user) -> bool:
    """Nobody grants, changes or removes their own contract membership: an administrator adding
    itself to a contract would read what administration must not (self-granting is refused; a
    second administrator or the contract's manager has to do it)."""
    return actor is not None and target_user is not None and actor.id != target_user.id


def may_disable_two_factor(user) -> bool:
    return not is_privileged(user)
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


# ---- performance (this section belongs to portal/performance) ----------------------------

PERMISSIONS.update({
    # open the current month before the daily `open-periods` job does: the operator who fills it
    # in, or the public manager
    "performance.open_period": _OPS | _PM,
})


def review_decision_action(decision: str) -> str:
    """The permission a decision on a submitted line needs: any government reviewer may query a
    line (ask the operator); accepting, rejecting, excusing or waiving is the public manager's."""
    return "evidence.review" if decision == "query" else "evidence.accept"

# ---- end of the performance section -------------------------------------------------------


# ---- feedback predicates ----
# Who handles and answers feedback, what its state allows next, who follows it, who must act, and
# the rows of the public board. Views authorise with role-level actions (`feedback.respond`,
# `.moderate`, `.appeals`), so that a step the state no longer allows is refused by the service
# with the words of `feedback_refusal` (422); templates ask the step-level actions (`.acknowledge`,
# `.answer`, ...) to show a form only when it can succeed.

FEEDBACK_WORKERS = _ACTIVE  # may be assigned feedback (sensitive feedback: SENSITIVE_ROLES of them)
FEEDBACK_ANSWERERS = _GOV | _OM  # plus the record rule: the operator answers what is routed to it

PERMISSIONS.update({
    "feedback.view_queue": _ACTIVE | {"reviewer"}, "feedback.register": _ACTIVE, "feedback.note": _ACTIVE,
    "feedback.configure": _PM, "feedback.work_on": FEEDBACK_WORKERS,
    "feedback.respond": FEEDBACK_ANSWERERS, "feedback.acknowledge": FEEDBACK_ANSWERERS,
    "feedback.answer": FEEDBACK_ANSWERERS,  # publish the response, or ask the submitter a question
    "feedback.assign": FEEDBACK_ANSWERERS, "feedback.close": FEEDBACK_ANSWERERS,
    "feedback.appeals": _GOV, "feedback.decide_appeal": _GOV,  # appeals; this appeal, now
    "feedback.moderate": _GOV, "feedback.hide": _GOV,  # never a sensitive grievance
})
ACTION_PHRASES["feedback.appeals"] = "decide appeals on feedback"

_FEEDBACK_UNANSWERED = frozenset({"received", "acknowledged", "in_review"})

# What the state of a piece of feedback allows next, step by step: (rule, why not).
FEEDBACK_STEPS = {
    "acknowledge": (lambda f: f.status == "received", "This feedback was already acknowledged."),
    "answer": (lambda f: f.status in _FEEDBACK_UNANSWERED,
               "This feedback was already answered: it cannot take a response or a question now."),
    "assign": (lambda f: f.status in _FEEDBACK_UNANSWERED | {"appealed"}, "Only open feedback can be assigned."),
    "close": (lambda f: f.status == "responded", "Only answered feedback can be closed; respond first."),
    "decide_appeal": (lambda f: f.status == "appealed", "There is no appeal to decide."),
    "moderate": (lambda f: not f.sensitive, "Sensitive grievances never appear on the public board."),
    "hide": (lambda f: not f.sensitive and f.on_board, "Only feedback on the public board can be hidden."),
    # the submitter's steps
    "reply": (lambda f: f.awaiting_reply and f.status != "closed", "There is no question waiting for your answer."),
    "rate": (lambda f: f.status == "responded" and f.rated_at is None,
             "You can rate the response once, after it is published."),
    "appeal": (lambda f: f.status == "responded" and f.appealed_at is None and f.satisfied is False,
               "An appeal is possible once, after a response you are not satisfied with."),
}


def feedback_refusal(step: str, feedback) -> str | None:
    """None when the feedback's state allows `step` now (a key of FEEDBACK_STEPS); else why not."""
    allowed, why = FEEDBACK_STEPS[step]
    return None if allowed(feedback) else why


def feedback_allows(step: str, feedback) -> bool:
    return feedback_refusal(step, feedback) is None


def feedback_handles(user, feedback) -> bool:
    """Whether the user's side answers this feedback: government officers answer everything; the
    operator only what is routed to it, never a sensitive grievance, and not while under appeal."""
    side = side_of(role_in(user, feedback.contract_id))
    return side == "government" or (side == "operator" and feedback.routed_to == "operator"
                                    and not feedback.sensitive and feedback.status != "appealed")


def is_feedback_submitter(user, feedback) -> bool:
    """Whether the feedback is the signed-in user's own (given while signed in)."""
    return (bool(getattr(user, "is_authenticated", False)) and feedback.submitter_id is not None
            and feedback.submitter_id == user.id)


def feedback_responsible_roles(feedback) -> frozenset[str]:
    """Who must act on the feedback and is told: the government officers when it is sensitive,
    routed to the government or under appeal; otherwise the operator's staff."""
    if feedback.sensitive or feedback.routed_to == "government" or feedback.status == "appealed":
        return GOVERNMENT_ROLES
    return OPERATOR_ROLES


def feedback_worker_roles(feedback) -> frozenset[str]:
    """The roles of the members the feedback may be assigned to."""
    return FEEDBACK_WORKERS & SENSITIVE_ROLES if feedback.sensitive else FEEDBACK_WORKERS


def _handled(user, feedback) -> str | None:
    return None if feedback_handles(user, feedback) else "This feedback is answered by the public authority's officers."


def _feedback_step(name: str):
    return lambda _user, feedback: feedback_refusal(name, feedback)


# Record rules, on top of the action's roles if it has any. The submitter's steps have none: the
# view established that the person follows the feedback (its private link, or `feedback.follow`).
RECORD_RULES.update({
    "feedback.respond": _handled,
    **{f"feedback.{step}": _all(_handled, _feedback_step(step)) for step in ("acknowledge", "answer", "assign",
                                                                          "close")},
    **{f"feedback.{step}": _feedback_step(step) for step in ("decide_appeal", "moderate", "hide", "reply", "rate",
                                                             "appeal")},
    "feedback.follow": lambda user, f: None if is_feedback_submitter(user, f) else "This is not your feedback.",
})


def public_board_clause(model, *, text_shown: bool = False):
    """The WHERE clause for the feedback on the public board: moderated onto it, public, never
    sensitive. With `text_shown`, only those whose text the board shows (not hidden by a moderator,
    with a published text): what search may index and a report may quote."""
    clause = sa.and_(model.visibility == "public", model.on_board.is_(True), model.sensitive.is_(False))
    if text_shown:
        clause = sa.and_(clause, model.hidden_reason == "", model.public_text != "")
    return clause

# ---- feedback predicates ----

