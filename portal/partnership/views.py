"""Stakeholder pages: the register with its power-interest map, one stakeholder and its
engagement log. Health checks are in health_views.

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.panels import resolve_link
from portal.partnership import figures, health_views, services  # noqa: F401  (health_views: its routes)
from portal.partnership.blueprint import bp
from portal.partnership.forms import EngagementForm, StakeholderForm
from portal.partnership.models import Stakeholder
from portal.web import done, invalid, record_of, render, save_form

__all__ = ["bp"]


@bp.get("/contracts/<code>/stakeholders")
@login_required
def stakeholder_register(code):
    contract = member_contract(code, "stakeholder.view")
    people = services.stakeholders(current_user, contract)
    return render("partnership/register.html", contract=contract, stakeholders=people,
                  chart=figures.power_interest_map(people))


def _stakeholder_form(contract, stakeholder=None, formdata=None) -> StakeholderForm:
    form = StakeholderForm(formdata=formdata, obj=stakeholder)
    form.owner_id.choices = [(None, "Nobody yet")] + [(u.id, u.name) for u in services.owners(contract)]
    return form


def _data(form) -> services.StakeholderData:
    return services.StakeholderData(
        name=form.name.data or "", organisation=form.organisation.data or "", kind=form.kind.data,
        interest=form.interest.data, influence=form.influence.data, approach=form.approach.data or "",
        owner_id=form.owner_id.data, notes=form.notes.data or "", visibility=form.visibility.data)


@bp.route("/contracts/<code>/stakeholders/new", methods=["GET", "POST"])
@login_required
def new_stakeholder(code):
    contract = member_contract(code, "stakeholder.edit")
    form = _stakeholder_form(contract, formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        return render("partnership/edit.html", contract=contract, form=form, stakeholder=None)
    made = []
    if not save_form(form, lambda: made.append(services.add_stakeholder(contract, _data(form))),
                     services.PartnershipError):
        return invalid("partnership/edit.html", contract=contract, form=form, stakeholder=None)
    db.session.commit()
    return done(url_for("partnership.stakeholder", code=contract.code, stakeholder_id=made[0].id),
                f"{made[0].name} added to the register.")


def _load(code, stakeholder_id, action="view"):
    contract = member_contract(code, "stakeholder.view")
    stakeholder = record_of(contract, Stakeholder, stakeholder_id)
    access.authorize(action, stakeholder)
    return contract, stakeholder


def _engagement_form(contract, formdata=None) -> EngagementForm:
    form = EngagementForm(formdata=formdata)
    form.follow_up_owner.choices = [(None, "Me")] + [(u.id, u.name) for u in services.owners(contract)]
    if formdata is None:
        form.occurred_on.data = services.local_today(contract)
    return form


def _page(contract, stakeholder, form=None):
    actions = {e.id: resolve_link("action", contract, e.action_id) for e in stakeholder.engagements if e.action_id}
    context = dict(contract=contract, stakeholder=stakeholder, form=form or _engagement_form(contract),
                   actions={k: v for k, v in actions.items() if v and access.can(current_user, "view", v)})
    return (invalid if form is not None else render)("partnership/stakeholder.html", **context)


@bp.get("/contracts/<code>/stakeholders/<int:stakeholder_id>")
@login_required
def stakeholder(code, stakeholder_id):
    contract, item = _load(code, stakeholder_id)
    return _page(contract, item)


@bp.route("/contracts/<code>/stakeholders/<int:stakeholder_id>/edit", methods=["GET", "POST"])
@login_required
def edit_stakeholder(code, stakeholder_id):
    contract, item = _load(code, stakeholder_id, "stakeholder.edit")
    if request.method == "GET":
        return render("partnership/edit.html", contract=contract, form=_stakeholder_form(contract, item),
                      stakeholder=item)
    form = _stakeholder_form(contract, formdata=request.form)
    if not save_form(form, lambda: services.update_stakeholder(item, _data(form)), services.PartnershipError,
                     record=item, what="stakeholder"):
        return invalid("partnership/edit.html", contract=contract, form=form, stakeholder=item)
    db.session.commit()
    return done(url_for("partnership.stakeholder", code=contract.code, stakeholder_id=item.id), "Stakeholder saved.")


@bp.post("/contracts/<code>/stakeholders/<int:stakeholder_id>/engagements")
@login_required
def log_engagement(code, stakeholder_id):
    contract, item = _load(code, stakeholder_id, "stakeholder.edit")
    form = _engagement_form(contract, formdata=request.form)
    data = lambda: services.EngagementData(  # noqa: E731
        occurred_on=form.occurred_on.data, channel=form.channel.data, summary=form.summary.data or "",
        follow_up=form.follow_up.data or "", follow_up_owner_id=form.follow_up_owner.data,
        follow_up_due_on=form.follow_up_due_on.data)
    if not save_form(form, lambda: services.log_engagement(item, data(), current_user), services.PartnershipError):
        return _page(contract, item, form)
    db.session.commit()
    return done(url_for("partnership.stakeholder", code=contract.code, stakeholder_id=item.id) + "#log-heading",
                "Contact logged.")
