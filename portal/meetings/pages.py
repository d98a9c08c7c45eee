"""Loading a meeting for a view and building its page (shared by the meeting and minutes views)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal import access
from portal.contracts.services import member_contract
from portal.meetings import services
from portal.meetings.forms import (
    AgendaItemForm,
    CorrectionForm,
    EmptyForm,
    MinutesForm,
    OutcomeForm,
    ReasonForm,
)
from portal.meetings.models import ATTENDANCE
from portal.panels import link_kinds, resolve_link
from portal.web import invalid, render

PARTIES = {"government": "The public authority", "operator": "The operator"}


def load_meeting(code: str, reference: str, action: str = "view"):
    """A member page of a meeting: 404 unless the user is a member who may read it."""
    contract = member_contract(code, "meeting.view")
    meeting = services.find(contract, reference)
    if meeting is None:
        abort(404)
    access.authorize(action, meeting)
    return contract, meeting


def _linked(contract, kind: str, ref_id):
    """Another feature's record, only when this person may read it."""
    if not kind or ref_id is None:
        return None
    linked = resolve_link(kind, contract, ref_id)
    return linked if linked is not None and access.can(current_user, "view", linked) else None


def link_choices(contract) -> list[tuple[str, str]]:
    choices = [("", "None")]
    for kind in link_kinds():
        if kind.choices is not None and kind.kind != "action":
            choices += [(f"{kind.kind}:{ref}", f"{kind.label}: {label}") for ref, label in kind.choices(current_user, contract)]
    return choices


def agenda_context(contract, meeting, agenda_form=None) -> dict:
    form = agenda_form or AgendaItemForm(formdata=None)
    form.link.choices = link_choices(contract)
    return {"contract": contract, "meeting": meeting, "agenda_form": form,
            "links": {item.id: _linked(contract, item.link_kind, item.link_id) for item in meeting.agenda},
            "may_edit": access.can(current_user, "meeting.edit", meeting)}


def prepare_outcome_form(form: OutcomeForm, contract, meeting) -> OutcomeForm:
    form.agenda_item_id.choices = [(None, "Not tied to an item")] + [
        (item.id, f"{n}. {item.title}") for n, item in enumerate(meeting.agenda, start=1)]
    form.owner.choices = ([("", "Choose the owner")] + [(f"p:{k}", v) for k, v in PARTIES.items()]
                          + [(f"u:{u.id}", u.name) for u in services.invitable(contract)])
    return form


def outcome_data(form: OutcomeForm) -> services.OutcomeData:
    kind, _, ref = (form.owner.data or "").partition(":")
    return services.OutcomeData(
        kind=form.kind.data, text=form.text.data or "", agenda_item_id=form.agenda_item_id.data,
        owner_user_id=int(ref) if kind == "u" and ref.isdigit() else None,
        owner_party=ref if kind == "p" else None, due_on=form.due_on.data)


def detail_page(contract, meeting, *, agenda_form=None, outcome_form=None, cancel_form=None,
                minutes_form=None, correction_form=None, conflict=None):
    """The meeting's page; any form given was refused and is shown again with its errors (422)."""
    minutes = meeting.minutes
    context = agenda_context(contract, meeting, agenda_form)
    context.update(
        outcome_form=outcome_form or prepare_outcome_form(OutcomeForm(formdata=None), contract, meeting),
        cancel_form=cancel_form or ReasonForm(formdata=None),
        minutes_form=minutes_form or MinutesForm(formdata=None, text=getattr(minutes, "draft_text", ""),
                                                 version=getattr(minutes, "version", "")),
        correction_form=correction_form or CorrectionForm(formdata=None, text=getattr(minutes, "approved_text", "")),
        empty_form=EmptyForm(formdata=None), conflict=conflict, attendance_choices=ATTENDANCE,
        actions={o.id: _linked(contract, "action", o.action_id) for o in meeting.outcomes if o.action_id},
        may_approve=access.may_approve_minutes(current_user, meeting),
        local_start=services.local_start(meeting))
    refused = any(f is not None for f in (agenda_form, outcome_form, cancel_form, minutes_form, correction_form))
    return (invalid if refused else render)("meetings/detail.html", **context)
