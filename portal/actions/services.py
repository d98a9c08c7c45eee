"""The rules of the action list: creating (directly or on another feature's request), moving an
action along, the filters, "My actions", the CSV export and the reminders.

Plain functions; they flush, the caller commits."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from portal import access, clock, tabular
from portal.actions.models import OPEN_STATUSES, PARTIES, SOURCES, STATUSES, Action
from portal.auth.models import User
from portal.contracts.models import Contract, Membership
from portal.contracts.services import users_with_roles
from portal.extensions import db
from portal.notifications.services import notify

REMIND_DAYS_BEFORE = 3
# Who is reminded of an action a party (not a person) owns.
PARTY_LEADS = {"government": ("public_manager",), "operator": ("operator_manager",)}
# Members who may own an action: everyone who takes part (a reviewer changes nothing).
OWNER_ROLES = ("public_manager", "public_officer", "operator_manager", "operator_staff", "community_rep")


class ActionError(ValueError):
    """A rule was broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def local_today(contract: Contract) -> date:
    return clock.now().astimezone(ZoneInfo(contract.time_zone or "UTC")).date()


def owner_choices(contract: Contract) -> list[User]:
    return users_with_roles(contract, OWNER_ROLES)


def _owner(contract: Contract, owner_user_id: int | None, owner_party: str | None) -> tuple[int | None, str | None]:
    if owner_user_id:
        if owner_user_id not in {u.id for u in owner_choices(contract)}:
            raise ActionError("Choose a member of this contract as the owner.", "owner")
        return owner_user_id, None
    if owner_party:
        if owner_party not in PARTIES:
            raise ActionError("The owning party is the public authority or the operator.", "owner")
        return None, owner_party
    raise ActionError("Say who owns this action: a person or a party.", "owner")


def _owner_may_read(contract: Contract, owner_id: int | None, party: str | None, visibility: str) -> None:
    """An owner who could not read their own action would never see it: refuse that."""
    if owner_id:
        readable = access.readable_visibilities(db.session.get(User, owner_id), contract)
    else:
        readable = access.ROLE_VISIBILITY["operator_manager" if party == "operator" else "public_manager"]
    if visibility not in readable:
        raise ActionError("The owner could not see an action at this visibility: choose another owner "
                          "or a wider visibility.", "owner")


def _next_number(contract: Contract) -> int:
    # Lock the contract row (PostgreSQL) so that two new actions never take the same number.
    db.session.execute(sa.select(Contract.id).where(Contract.id == contract.id).with_for_update())
    current = db.session.scalar(sa.select(sa.func.max(Action.number)).where(Action.contract_id == contract.id))
    return (current or 0) + 1


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ActionError("Say what is to be done.", "title")
    if len(title) > 200:
        raise ActionError("Keep the action to 200 characters; put details in the notes.", "title")
    return title


def create_action(contract: Contract, title: str, *, user=None, owner_user_id: int | None = None,
                  owner_party: str | None = None, due_on: date | None = None, notes: str = "",
                  source_kind: str = "contract", source_id: int | None = None, source_title: str = "",
                  source_url: str = "", visibility: str = "partners") -> Action:
    if visibility not in access.VISIBILITIES:
        raise ActionError("Choose who may see this action.", "visibility")
    owner_id, party = _owner(contract, owner_user_id, owner_party)
    _owner_may_read(contract, owner_id, party, visibility)
    number = _next_number(contract)
    action = Action(contract_id=contract.id, number=number, reference=f"{contract.code}-ACT-{number:04d}",
                    title=_clean_title(title), notes=(notes or "").strip(), owner_user_id=owner_id,
                    owner_party=party, due_on=due_on, source_kind=source_kind or "contract", source_id=source_id,
                    source_title=(source_title or "")[:300], source_url=(source_url or "")[:500],
                    visibility=visibility, created_by_id=getattr(user, "id", None))
    db.session.add(action)
    db.session.flush()
    if owner_id and owner_id != getattr(user, "id", None):
        owner = db.session.get(User, owner_id)
        notify(owner, f"{action.reference}: a new action for you", action.title, action_url(action), contract)
    return action


def update_action(action: Action, title: str, *, owner_user_id: int | None, owner_party: str | None,
                  due_on: date | None, notes: str) -> None:
    contract = db.session.get(Contract, action.contract_id)
    action.owner_user_id, action.owner_party = _owner(contract, owner_user_id, owner_party)
    _owner_may_read(contract, action.owner_user_id, action.owner_party, action.visibility)
    action.title = _clean_title(title)
    if action.due_on != due_on:
        action.reminded_soon_for = action.reminded_overdue_for = None
    action.due_on = due_on
    action.notes = (notes or "").strip()
    db.session.flush()


def set_status(action: Action, status: str, reason: str = "") -> None:
    if status not in STATUSES:
        raise ActionError("Choose a status.", "status")
    reason = (reason or "").strip()
    if status == "dropped" and not reason:
        raise ActionError("Say why the action is dropped.", "reason")
    if status == action.status:
        raise ActionError(f"The action is already {STATUSES[status].lower()}.", "status")
    action.status = status
    action.drop_reason = reason[:500] if status == "dropped" else ""
    action.closed_at = clock.now() if status in ("done", "dropped") else None
    db.session.flush()


def action_url(action: Action) -> str:
    code = action.contract.code if action.contract else db.session.get(Contract, action.contract_id).code
    return f"/contracts/{code}/actions/{action.reference}"


def find(contract: Contract, reference: str) -> Action | None:
    return db.session.scalar(sa.select(Action).where(Action.contract_id == contract.id,
                                                     Action.reference == (reference or "").upper()))


# ---- the contract's list -------------------------------------------------------------------


@dataclass
class Filters:
    status: str = "open"  # open | closed | all | a status
    mine: bool = False
    overdue: bool = False
    source: str = ""
    party: str = ""
    owner_id: int | None = None


def list_query(user, contract: Contract, filters: Filters):
    query = sa.select(Action).where(access.visible_clause(user, Action, contract))
    if filters.status == "open":
        query = query.where(Action.status.in_(OPEN_STATUSES))
    elif filters.status == "closed":
        query = query.where(Action.status.not_in(OPEN_STATUSES))
    elif filters.status in STATUSES:
        query = query.where(Action.status == filters.status)
    if filters.mine:
        query = query.where(Action.owner_user_id == user.id)
    if filters.overdue:
        query = query.where(Action.status.in_(OPEN_STATUSES), Action.due_on < local_today(contract))
    if filters.source in SOURCES:
        query = query.where(Action.source_kind == filters.source)
    if filters.party in PARTIES:
        # A party's actions: those it owns, and those owned by its people on this contract.
        people = sa.select(Membership.user_id).where(Membership.contract_id == contract.id,
                                                     Membership.role.in_(_party_roles(filters.party)))
        query = query.where(sa.or_(Action.owner_party == filters.party, Action.owner_user_id.in_(people)))
    if filters.owner_id:
        query = query.where(Action.owner_user_id == filters.owner_id)
    return query.order_by(Action.due_on.is_(None), Action.due_on, Action.number)


def _party_roles(party: str) -> list[str]:
    return sorted(access.GOVERNMENT_ROLES if party == "government" else access.OPERATOR_ROLES)


def my_actions(user, *, include_closed: bool = False) -> list[Action]:
    """A person's own actions across their contracts, open ones first by due date."""
    query = (sa.select(Action).join(Contract, Contract.id == Action.contract_id)
             .where(Action.owner_user_id == user.id, access.visible_clause(user, Action)))
    if not include_closed:
        query = query.where(Action.status.in_(OPEN_STATUSES))
    return list(db.session.scalars(query.order_by(Action.due_on.is_(None), Action.due_on, Contract.code,
                                                  Action.number)))


def party_actions(user) -> list[Action]:
    """Open actions owned by the party the person works for, on each of their contracts."""
    clauses = []
    for contract_id in access.member_contract_ids(user):
        side = access.side_of(access.role_in(user, contract_id))
        if side in PARTIES:
            clauses.append(sa.and_(Action.contract_id == contract_id, Action.owner_party == side))
    if not clauses:
        return []
    return list(db.session.scalars(sa.select(Action).where(
        sa.or_(*clauses), Action.status.in_(OPEN_STATUSES), access.visible_clause(user, Action))
        .order_by(Action.due_on.is_(None), Action.due_on, Action.number)))


# ---- CSV -----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_export(actions: list[Action]) -> str:
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow(["Reference", "Action", "Owner", "Due", "Status", "Reason dropped", "Source", "From",
                     "Created", "Closed"])
    for a in actions:
        writer.writerow([_cell(v) for v in (
            a.reference, a.title, a.owner_label, a.due_on.isoformat() if a.due_on else "", a.status_label,
            a.drop_reason, a.source_label, a.source_title, a.created_at.date().isoformat(),
            a.closed_at.date().isoformat() if a.closed_at else "")])
    return out.getvalue()


# ---- reminders -----------------------------------------------------------------------------


def _recipients(action: Action, contract: Contract) -> list[User]:
    if action.owner is not None:
        return [action.owner] if action.owner.active else []
    return users_with_roles(contract, PARTY_LEADS.get(action.owner_party or "", ()))


def send_reminders(days_before: int = REMIND_DAYS_BEFORE) -> int:
    """Notify owners of open actions due within `days_before` days, and once when overdue.

    Each reminder goes once per due date (moving the due date re-arms it). Notifications follow
    each person's e-mail preference, so a digest user gets them in the daily digest."""
    sent = 0
    actions = db.session.scalars(sa.select(Action).where(Action.status.in_(OPEN_STATUSES),
                                                         Action.due_on.is_not(None))).all()
    for action in actions:
        contract = action.contract
        today = local_today(contract)
        if action.due_on < today and action.reminded_overdue_for != action.due_on:
            title = f"{action.reference} is overdue (due {action.due_on:%d %b %Y})"
            action.reminded_overdue_for = action.due_on
        elif today <= action.due_on <= today + timedelta(days=days_before) \
                and action.reminded_soon_for != action.due_on:
            title = f"{action.reference} is due on {action.due_on:%d %b %Y}"
            action.reminded_soon_for = action.due_on
        else:
            continue
        for user in _recipients(action, contract):
            notify(user, title, action.title, action_url(action), contract)
            sent += 1
    db.session.flush()
    return sent
