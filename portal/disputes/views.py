"""Dispute pages: the list, raising a dispute (or escalating an issue into one), and the contract's
ladder. The record's own pages are in record.py.

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.db import utcnow
from portal.disputes import record as _record  # noqa: F401  (the record's routes)
from portal.disputes import registry as _registry  # noqa: F401  (registers links, actions and panels)
from portal.disputes import services
from portal.disputes.blueprint import bp, dispute_contract
from portal.disputes.figures import dispute_figures
from portal.disputes.forms import DisputeForm, FilterForm, LadderForm, month_of, to_minor
from portal.disputes.models import Dispute
from portal.extensions import db
from portal.panels import link_kinds, resolve_link
from portal.web import done, invalid, render, save_form
from portal.workdays import zone

__all__ = ["bp"]


@bp.get("/contracts/<code>/disputes")
@login_required
def list_disputes(code):
    contract = dispute_contract(code)
    form = FilterForm(request.args)
    form.stage.choices = [("", "Any stage")] + [(s["stage"], s["label"]) for s in services.ladder_of(contract)]
    query = sa.select(Dispute).where(access.visible_clause(current_user, Dispute, contract))
    if form.status.data in ("open", "closed"):
        query = query.where(Dispute.status == form.status.data)
    if form.stage.data:
        query = query.where(Dispute.stage == form.stage.data)
    now = utcnow()
    if form.overdue.data:
        query = query.where(Dispute.status == "open", Dispute.stage_due_at < now)
    items = db.session.scalars(query.order_by(Dispute.raised_at.desc(), Dispute.id.desc()).limit(500)).all()
    today = now.astimezone(zone(contract.time_zone)).date()
    figures = dispute_figures(contract, today - timedelta(days=364), today, now)
    return render("disputes/list.html", "disputes/_results.html", contract=contract, form=form, items=items,
                  now=now, figures=figures)


def _payment_choices(contract) -> list:
    kind = next((k for k in link_kinds() if k.kind == "payment_month"), None)
    if kind is None or kind.choices is None:
        return []
    return [(0, "None")] + list(kind.choices(current_user, contract))


def _from_issue(contract, raw: str):
    kind, _, ident = (raw or "").partition(":")
    linked = resolve_link("issue", contract, int(ident)) if kind == "issue" and ident.isdigit() else None
    return linked if linked is not None and access.can(current_user, "view", linked) else None


def _input(form) -> services.DisputeInput:
    return services.DisputeInput(
        clause=form.clause.data or "", subject=form.subject.data or "", description=form.description.data or "",
        amount_minor=to_minor(form.amount.data), disputed_month=month_of(form.disputed_month.data),
        disputed_reference=form.disputed_reference.data or "", payment_ref_id=form.payment_ref_id.data or None)


@bp.route("/contracts/<code>/disputes/new", methods=["GET", "POST"])
@login_required
def new_dispute(code):
    contract = dispute_contract(code, "dispute.raise")
    issue = _from_issue(contract, request.values.get("link", ""))
    form = DisputeForm(link=f"issue:{issue.ref_id}" if issue else "")
    form.payment_ref_id.choices = _payment_choices(contract) or [(0, "None")]
    if request.method == "GET" and issue is not None:
        form.subject.data = issue.title.split(" ", 1)[-1][:200]
    made = {}

    def save():
        made["dispute"] = services.raise_dispute(contract, current_user, _input(form),
                                                 issue_id=issue.ref_id if issue else None)

    if request.method == "POST" and save_form(form, save, services.DisputeError, what="dispute"):
        db.session.commit()
        dispute = made["dispute"]
        return done(url_for("disputes.detail", code=contract.code, reference=dispute.reference),
                    f"{dispute.reference} raised: {dispute.stage_label} until {dispute.stage_due_at:%d %b %Y}.")
    page = invalid if request.method == "POST" else render
    return page("disputes/new.html", contract=contract, form=form, issue=issue,
                has_payment_link=bool(_payment_choices(contract)))


@bp.route("/contracts/<code>/disputes/ladder", methods=["GET", "POST"])
@login_required
def ladder(code):
    contract = dispute_contract(code, "dispute.manage" if request.method == "POST" else None)
    row = services.settings_of(contract)
    text = "\n".join(f"{s['label']}: {s['days']}" for s in services.ladder_of(contract))
    form = LadderForm() if request.method == "POST" else LadderForm(formdata=None, ladder=text, version=row.version)

    def save():
        services.save_ladder(contract, services.parse_ladder(form.ladder.data))

    if request.method == "POST" and save_form(form, save, services.DisputeError, record=row if row.id else None,
                                              what="ladder"):
        db.session.commit()
        return done(url_for("disputes.ladder", code=contract.code), "Dispute ladder saved.")
    page = invalid if request.method == "POST" else render
    return page("disputes/ladder.html", contract=contract, form=form, steps=services.ladder_of(contract),
                can_manage=access.can(current_user, "dispute.manage", contract))
