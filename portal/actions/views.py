"""The action list pages: the contract's list (filters, CSV), one action, "My actions".

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.actions import (
    hooks,  # noqa: F401  (subscribes to action_requested, registers the link kind)
    services,
)
from portal.actions.forms import (
    ActionForm,
    FilterForm,
    StatusForm,
    owner_choices,
    owner_value,
    parse_owner,
)
from portal.actions.models import OPEN_STATUSES, Action
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.navigation import register_section
from portal.panels import register_member_panel
from portal.web import done, invalid, render, save_form, send_bytes

bp = Blueprint("actions", __name__)

register_section("Actions", "actions.list_actions", "action.view", order=32)


def _panel(user, contract):
    if not access.can(user, "action.view", contract):
        return None
    today = services.local_today(contract)
    visible = sa.select(Action).where(access.visible_clause(user, Action, contract), Action.status.in_(OPEN_STATUSES))
    late = visible.where(Action.due_on < today)
    overdue = db.session.scalars(late.order_by(Action.due_on).limit(5)).all()
    return {"contract": contract, "overdue": overdue, "overdue_count": _count(late),
            "mine": _count(visible.where(Action.owner_user_id == user.id)), "open": _count(visible)}


def _count(query) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


register_member_panel("actions", "actions/_overview_panel.html", _panel, order=32)


def _filters(contract) -> tuple[FilterForm, services.Filters]:
    form = FilterForm(request.args)
    form.owner.choices = [(0, "Anyone")] + [(u.id, u.name) for u in services.owner_choices(contract)]
    form.validate()
    return form, services.Filters(status=form.status.data or "open", mine=bool(form.mine.data),
                                  overdue=bool(form.overdue.data), source=form.source.data or "",
                                  party=form.party.data or "", owner_id=form.owner.data or None)


@bp.get("/contracts/<code>/actions")
@login_required
def list_actions(code):
    contract = member_contract(code, "action.view")
    form, filters = _filters(contract)
    page = db.paginate(services.list_query(current_user, contract, filters),
                       page=request.args.get("page", 1, int), per_page=30, error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render("actions/list.html", "actions/_results.html", contract=contract, form=form, page=page,
                  args=args, today=services.local_today(contract))


@bp.get("/contracts/<code>/actions.csv")
@login_required
def export_actions(code):
    contract = member_contract(code, "action.view")
    _form, filters = _filters(contract)
    actions = db.session.scalars(services.list_query(current_user, contract, filters)).all()
    return send_bytes(services.csv_export(list(actions)), f"{contract.code}-actions.csv", "text/csv")


def _action_form(contract, action=None, formdata=None) -> ActionForm:
    form = ActionForm(formdata=formdata, obj=action)
    form.owner.choices = owner_choices(services.owner_choices(contract))
    if action is not None and formdata is None:
        form.owner.data = owner_value(action.owner_user_id, action.owner_party)
    return form


@bp.route("/contracts/<code>/actions/new", methods=["GET", "POST"])
@login_required
def new_action(code):
    contract = member_contract(code, "action.edit")
    form = _action_form(contract, formdata=request.form if request.method == "POST" else None)
    created = []

    def save():
        user_id, party = parse_owner(form.owner.data)
        created.append(services.create_action(
            contract, form.title.data, user=current_user, owner_user_id=user_id, owner_party=party,
            due_on=form.due_on.data, notes=form.notes.data or "", visibility=form.visibility.data))

    if request.method == "POST" and save_form(form, save, services.ActionError):
        db.session.commit()
        return done(url_for("actions.detail", code=contract.code, reference=created[0].reference),
                    f"{created[0].reference} added.")
    page = invalid if request.method == "POST" else render
    return page("actions/new.html", contract=contract, form=form)


def _load(code, reference) -> tuple:
    contract = member_contract(code, "action.view")
    action = services.find(contract, reference)
    if action is None:
        abort(404)
    access.authorize("view", action)
    return contract, action


def _detail(contract, action, *, form=None, status_form=None, status=200):
    page = invalid if status == 422 else render
    return page("actions/detail.html", contract=contract, action=action,
                form=form or _action_form(contract, action),
                status_form=status_form or StatusForm(formdata=None, version=action.version),
                may_update=access.may_update_action(current_user, action),
                today=services.local_today(contract))


@bp.get("/contracts/<code>/actions/<reference>")
@login_required
def detail(code, reference):
    contract, action = _load(code, reference)
    return _detail(contract, action)


@bp.post("/contracts/<code>/actions/<reference>/edit")
@login_required
def edit_action(code, reference):
    contract, action = _load(code, reference)
    access.authorize("action.edit", action)
    form = _action_form(contract, formdata=request.form)

    def save():
        user_id, party = parse_owner(form.owner.data)
        services.update_action(action, form.title.data, owner_user_id=user_id, owner_party=party,
                               due_on=form.due_on.data, notes=form.notes.data or "")

    if not save_form(form, save, services.ActionError, record=action, what="action"):
        return _detail(contract, action, form=form, status=422)
    db.session.commit()
    return done(url_for("actions.detail", code=contract.code, reference=action.reference), "Action saved.")


@bp.post("/contracts/<code>/actions/<reference>/status")
@login_required
def set_status(code, reference):
    contract, action = _load(code, reference)
    if not access.may_update_action(current_user, action):
        access.refuse("action.edit")
    form = StatusForm()
    if not save_form(form, lambda: services.set_status(action, form.status.data, form.reason.data or ""),
                     services.ActionError, record=action, what="action"):
        return _detail(contract, action, status_form=form, status=422)
    db.session.commit()
    return done(url_for("actions.detail", code=contract.code, reference=action.reference),
                f"{action.reference} is now {action.status_label.lower()}.")


@bp.get("/my/actions")
@login_required
def my_actions():
    closed = request.args.get("closed") == "1"
    return render("actions/mine.html", actions=services.my_actions(current_user, include_closed=closed),
                  party=services.party_actions(current_user), closed=closed, today=services.local_today)
