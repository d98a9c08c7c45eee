"""Contingency-event pages: the list, notifying an event, and responding, ending, withdrawing and
linking it. Registered on the changes blueprint."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import request, url_for
from flask_login import current_user

from portal import access
from portal.changes import events
from portal.changes.blueprint import bp
from portal.changes.clock import ChangesError
from portal.changes.forms import EndForm, EventForm, LinkForm, NoteForm, RespondForm
from portal.changes.models import EVENT_KINDS
from portal.changes.variations import parse_money
from portal.contracts.services import member_contract
from portal.db import utcnow
from portal.extensions import db
from portal.web import done, invalid, render, run_and_redirect, save_form

EVENT_FORMS = {"respond": RespondForm, "end": EndForm, "withdraw": NoteForm}


def aware(contract, value: datetime | None) -> datetime | None:
    """A local date and time typed in a form, in the contract's zone, as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=ZoneInfo(contract.time_zone or "UTC")).astimezone(UTC)


def _event(contract, reference: str):
    event = events.find(contract, reference)
    access.authorize("view", event)
    return event


def _detail(contract, event, status: int = 200, **given):
    forms = {name: given.get(name) or form_class(prefix=name) for name, form_class in EVENT_FORMS.items()}
    link_form = given.get("link") or LinkForm(prefix="link")
    link_form.target.choices = events.link_choices(current_user, contract)
    context = {"contract": contract, "event": event, "forms": forms, "link_form": link_form,
               "links": events.linked_records(current_user, event), "now": utcnow()}
    page = invalid if status == 422 else render
    return page("changes/event.html", "changes/_event.html", **context)


@bp.route("/contracts/<code>/changes/events")
def events_list(code):
    contract = member_contract(code, "changes.view")
    kind = request.args.get("kind", "")
    rows = db.session.scalars(events.events_query(current_user, contract, kind)).all()
    return render("changes/events.html", "changes/_events.html", contract=contract, rows=rows, kind=kind,
                  kinds=EVENT_KINDS, now=utcnow())


def _values(form, contract) -> dict:
    values = {name: getattr(form, name).data for name in ("kind", "title", "description", "clause", "services",
                                                            "all_services", "stepped_in_by", "visibility")}
    values["started_at"] = aware(contract, form.started_at.data)
    values["ended_at"] = aware(contract, form.ended_at.data)
    values["claimed_amount"] = parse_money(form.claimed_amount.data, "claimed_amount")
    if access.side_of(access.role_in(current_user, contract)) != "government":
        values["visibility"] = "partners"
    return values


@bp.route("/contracts/<code>/changes/events/new", methods=["GET", "POST"])
def new_event(code):
    contract = member_contract(code, "event.notify")
    form = EventForm(kind=request.args.get("kind") if request.method == "GET" else None)
    created = []
    if request.method == "POST" and save_form(
            form, lambda: created.append(events.notify(contract, current_user, _values(form, contract))),
            ChangesError):
        db.session.commit()
        return done(url_for("changes.event", code=code, reference=created[0].reference),
                    f"{created[0].kind_label} {created[0].reference} notified.")
    page = invalid if request.method == "POST" else render
    return page("changes/event_new.html", "changes/_event_form.html", contract=contract, form=form)


@bp.route("/contracts/<code>/changes/events/<reference>")
def event(code, reference):
    contract = member_contract(code, "changes.view")
    return _detail(contract, _event(contract, reference))


def _act(code, reference, action: str, permission: str, run, message: str):
    contract = member_contract(code, "changes.view")
    record = _event(contract, reference)
    access.authorize(permission, record)
    form = EVENT_FORMS[action](prefix=action)
    if save_form(form, lambda: run(contract, record, form), ChangesError, record=record, what="event"):
        db.session.commit()
        return done(url_for("changes.event", code=code, reference=record.reference), message)
    return _detail(contract, record, 422, **{action: form})


def _respond(contract, event, form) -> None:
    amount = parse_money(form.agreed_amount.data, "agreed_amount")
    events.respond(event, current_user, agree=form.decision.data == "agree", response=form.response.data or "",
                   agreed_amount=amount)


@bp.route("/contracts/<code>/changes/events/<reference>/respond", methods=["POST"])
def respond_event(code, reference):
    return _act(code, reference, "respond", "event.answer", _respond, "Response recorded.")


@bp.route("/contracts/<code>/changes/events/<reference>/end", methods=["POST"])
def end_event(code, reference):
    return _act(code, reference, "end", "event.respond",
                lambda c, e, f: events.record_end(e, current_user, aware(c, f.ended_at.data)), "End recorded.")


@bp.route("/contracts/<code>/changes/events/<reference>/withdraw", methods=["POST"])
def withdraw_event(code, reference):
    return _act(code, reference, "withdraw", "event.withdraw",
                lambda c, e, f: events.withdraw(e, current_user), "Notice withdrawn.")


@bp.route("/contracts/<code>/changes/events/<reference>/links", methods=["POST"])
def link_event(code, reference):
    contract = member_contract(code, "changes.view")
    record = _event(contract, reference)
    access.authorize("event.link", record)
    kind, _, ref = (request.form.get("link-target") or "").partition(":")
    location = url_for("changes.event", code=code, reference=record.reference)
    return run_and_redirect(lambda: events.add_link(record, current_user, kind, int(ref) if ref.isdigit() else None),
                            ChangesError, location, "Link added.", rollback=True)
