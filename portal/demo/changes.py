"""Variations over the years and contingency events on the three demo contracts.

Variations before the portal's payment records (Dec 2025) changed no monthly charge; the M7 noise
barrier extension, approved in September 2026, raises the charge from October 2026 through the
real hand-over to the payment terms. The storm relief event on the M7 covers a lane failure of
October 2026, so that month's review shows it excused. Idempotent: does nothing once variations exist."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import sqlalchemy as sa

from portal.changes import events, variations
from portal.changes.models import Variation
from portal.extensions import db
from portal.notifications.models import Notification
from portal.performance.models import FailureEvent, FunctionalArea, Submission

ORDER = 45


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# code: [(proposer key, kind, title, description, reason, clauses, first estimate (cost, monthly),
#         steps: list of (step, when, user key, extra))]
VARIATIONS = {
    "NSH": [
        ("pm", "specification", "Convert ward 12 into an isolation ward",
         "Negative-pressure isolation rooms, an anteroom and separate extract ventilation for the 24 beds of ward 12.",
         "Pandemic preparedness: the Health Board needs an infectious-disease ward on site.", "Schedule 14, part 3",
         ("360000", "0"), [("request", "2020-06-08T09:00", "pm", ""),
                           ("estimate", "2020-06-30T15:00", "om", ("342500.00", "0", "Fixed price from Castlegate's mechanical subcontractor.")),
                           ("approve", "2020-07-14T10:00", "pm", "2020-08"),
                           ("implement", "2020-10-02T16:00", "pm", "2020-09-28")], "2020-05-26T10:00"),
        ("om", "works", "LED lighting in the multi-storey car park",
         "Replace 640 sodium fittings with LED fittings and presence sensors, funded by the operator.",
         "Energy saving; no cost to the Health Board.", "Clause 18.2", ("0", "0"),
         [("request", "2022-03-21T09:00", "pm", ""),
          ("estimate", "2022-04-11T12:00", "om", ("0", "0", "Funded from the operator's energy savings.")),
          ("approve", "2022-04-25T10:00", "pm", "2022-05"),
          ("implement", "2022-07-15T16:00", "pm", "2022-07-08")], "2022-03-09T11:30"),
        ("pm", "extra_hours", "Outpatient pharmacy open on Saturdays",
         "Open the outpatient pharmacy from 09:00 to 13:00 on Saturdays, with porter and cleaning cover.",
         "Waiting times for discharge prescriptions on Fridays.", "Schedule 12, service specification P2",
         ("0", "4200"), [("request", "2026-10-15T09:00", "pm", "")], "2026-10-05T10:00"),
        ("om", "works", "Early replacement of the theatre 3 air-handling unit",
         "Replace the theatre 3 air-handling unit in 2027 instead of 2031, ahead of the lifecycle plan.",
         "Repeated temperature failures in theatre 3 (see the performance record).", "Schedule 18, lifecycle",
         ("185000", "0"), [], "2026-11-10T14:00"),
    ],
    "M7": [
        ("pm", "works", "CCTV at junctions 14 to 17",
         "Twelve additional CCTV cameras linked to the motorway control centre.",
         "Incident detection between Portlaoise and Cullahill.", "Schedule 5, part 2", ("420000", "0"),
         [("request", "2018-05-14T09:00", "pm", ""),
          ("estimate", "2018-06-05T15:00", "om", ("411300.00", "0", "Supply, installation and five years of maintenance.")),
          ("approve", "2018-06-20T10:00", "pm", "2018-07"),
          ("implement", "2018-11-30T16:00", "pm", "2018-11-23")], "2018-05-02T10:00"),
        ("om", "new_service", "Open-road tolling trial at Kildangan",
         "A six-month trial of barrier-free tolling at the Kildangan plaza.", "Congestion at the plaza at peak times.",
         "Schedule 7 (tolling)", ("950000", "0"), [("withdraw", "2021-12-01T10:00", "om",
                                                  "Withdrawn: the national tolling policy review will decide first.")],
         "2021-09-20T09:30"),
        ("pm", "extra_hours", "Extra winter gritting route on the N80 link",
         "Add the N80 link road to the pre-dawn gritting routes from November to March.",
         "Ice-related collisions on the N80 link in winter 2022.", "Schedule 4, winter maintenance", ("0", "5000"),
         [("request", "2023-04-17T09:00", "pm", ""),
          ("estimate", "2023-05-22T12:00", "om", ("0", "6800.00", "A second gritter and crew on standby.")),
          ("reject", "2023-06-14T10:00", "pm", "The price is above the County Council's rate for the same route; the "
                                               "Council will grit the N80 link instead.")], "2023-04-03T10:00"),
        ("pm", "specification", "Extend the noise barrier at Cullahill by 200 m",
         "A 200 m extension of the timber noise barrier past the Cullahill estate, maintained for the rest of the "
         "concession.", "Residents' complaints and the 2026 noise survey (Lden 68 dB at the nearest houses).",
         "Schedule 3, part 2; clause 31 (Authority changes)", ("240000", "8000"),
         [("request", "2026-06-08T09:00", "pm", ""),
          ("estimate", "2026-07-06T15:00", "om", ("0", "9850.00", "Built and financed by the operator; repaid through the unitary charge over the remaining concession.")),
          ("approve", "2026-09-22T10:00", "pm", "2026-10")], "2026-05-25T10:00"),
    ],
    "WTP": [
        ("pm", "works", "Powdered activated carbon dosing",
         "A PAC dosing plant ahead of the clarifiers, for taste and odour events in summer.",
         "Earthy taste complaints in Riverbend East.", "Schedule 2, process specification", ("280000", "0"),
         [("request", "2022-08-22T09:00", "pm", ""),
          ("estimate", "2022-09-16T15:00", "om", ("265000.00", "0", "Helix Process supply and install.")),
          ("approve", "2022-10-04T10:00", "pm", "2022-11"),
          ("implement", "2023-02-24T16:00", "pm", "2023-02-20")], "2022-08-10T10:00"),
        ("om", "kpi", "Online monitoring of sludge dewatering",
         "Continuous dry-solids monitoring of the centrifuges, with a new KPI on cake dryness.",
         "Sludge disposal costs and odour at Quarry Lane.", "Schedule 6 (KPIs)", ("96000", "0"),
         [("request", "2026-09-28T09:00", "pm", ""),
          ("estimate", "2026-10-26T15:00", "om", ("0", "1450.00", "Sensors and data service, no capital cost to the Authority."))],
         "2026-09-15T10:00"),
    ],
}


def _user(ctx, code, key):
    return ctx["users"][f"{code.lower()}_{key}"]


def _variation(ctx, contract, spec) -> None:
    key, kind, title, description, reason, clauses, (cost, monthly), steps, proposed_at = spec
    variation = variations.propose(contract, _user(ctx, contract.code, key), {
        "kind": kind, "title": title, "description": description, "reason": reason, "clauses": clauses,
        "estimated_cost": D(cost) if cost != "0" else None, "estimated_charge_change": D(monthly)},
        at=_at(proposed_at))
    for step, when, user_key, extra in steps:
        at, user = _at(when), _user(ctx, contract.code, user_key)
        if step == "request":
            variations.request_estimate(variation, user, extra, at=at)
        elif step == "estimate":
            variations.submit_estimate(variation, user, cost=D(extra[0]), charge_change=D(extra[1]), note=extra[2], at=at)
        elif step == "approve":
            variations.approve(variation, user, datetime.strptime(extra, "%Y-%m").date(), at=at)
        elif step == "reject":
            variations.reject(variation, user, extra, at=at)
        elif step == "withdraw":
            variations.withdraw(variation, user, extra, at=at)
        elif step == "implement":
            variations.implement(variation, user, date.fromisoformat(extra), at=at)


def _storm_window(contract) -> tuple[datetime, str]:
    """An M7 lane failure of October 2026 (from the performance demo) for the storm to cover."""
    row = db.session.execute(
        sa.select(FailureEvent.reported_at, FunctionalArea.name).join(Submission)
        .join(FunctionalArea, FunctionalArea.id == FailureEvent.area_id)
        .where(Submission.contract_id == contract.id, Submission.month == date(2026, 10, 1),
               FunctionalArea.name.like("Lane%")).order_by(FailureEvent.reported_at)).first()
    if row is None:
        return _at("2026-10-21T02:00"), "Lane 1 northbound"
    return row[0] - timedelta(hours=3), row[1]


def _events(ctx) -> int:
    m7, nsh, wtp = (ctx["contracts"][c] for c in ("M7", "NSH", "WTP"))
    storm_start, lane = _storm_window(m7)
    storm = events.notify(m7, _user(ctx, "M7", "om"), {
        "kind": "relief", "title": "Storm damage: fallen trees and flooding between junctions 14 and 15",
        "description": "Storm-force winds brought down trees across the carriageway and flooded the cutting at "
                       "chainage 38; the Garda closed lanes until the debris was cleared.",
        "clause": "Clause 29 (Relief Events)", "services": "\n".join(dict.fromkeys([lane, "Lane 2 northbound"])),
        "started_at": storm_start, "ended_at": storm_start + timedelta(hours=40)},
        at=storm_start + timedelta(days=2))
    events.respond(storm, _user(ctx, "M7", "pm"), agree=True,
                   response="Agreed: Met Éireann's red warning and the Garda closure confirm the event was outside "
                            "the operator's control.", at=storm_start + timedelta(days=6))
    works = events.notify(m7, _user(ctx, "M7", "om"), {
        "kind": "compensation", "title": "Authority's bridge inspection closed lane 2 southbound at J16",
        "description": "Three night closures for the Authority's principal inspection of the River Barrow bridge.",
        "clause": "Clause 30 (Compensation Events)", "services": "Lane 1 southbound",
        "started_at": _at("2026-08-11T20:00"), "ended_at": _at("2026-08-14T06:00"),
        "claimed_amount": D("48250.00")}, at=_at("2026-08-17T10:00"))
    events.respond(works, _user(ctx, "M7", "pm"), agree=True, agreed_amount=D("41600.00"),
                   response="Agreed at €41,600: traffic management costs accepted, lost toll revenue on the "
                            "diverted traffic only for the hours of closure.", at=_at("2026-08-27T11:00"))
    step_in = events.notify(nsh, _user(ctx, "NSH", "pm"), {
        "kind": "step_in", "title": "Health Board stepped in to run sterile services",
        "description": "Repeated failures to supply sterile instrument sets put theatre lists at risk.",
        "clause": "Clause 44 (Step-in)", "stepped_in_by": "The Health Board's decontamination team, with "
                                                          "Steriline Services Ltd",
        "started_at": _at("2024-03-04T07:00"), "ended_at": _at("2024-04-19T18:00")}, at=_at("2024-03-04T12:00"))
    events.respond(step_in, _user(ctx, "NSH", "om"), agree=True, response="Accepted; recovery plan attached to the "
                   "contract file.", at=_at("2024-03-08T10:00"))
    events.notify(wtp, _user(ctx, "WTP", "om"), {
        "kind": "relief", "title": "Upstream chemical spill: river intake closed",
        "description": "A haulier's diesel spill upstream; the intake was closed for 19 hours on the EPA's advice.",
        "clause": "Clause 27 (Relief Events)", "services": "Treated water pumping",
        "started_at": _at("2026-10-28T05:30"), "ended_at": _at("2026-10-29T00:30")}, at=_at("2026-11-12T09:00"))
    return 4


def seed(ctx) -> str | None:
    if db.session.scalar(sa.select(sa.func.count(Variation.id))):
        return None
    first_note = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
    count = 0
    for code, specs in VARIATIONS.items():
        for spec in specs:
            _variation(ctx, ctx["contracts"][code], spec)
            count += 1
    made = _events(ctx)
    # The history is not news: nobody is notified of it.
    db.session.execute(sa.delete(Notification).where(Notification.id > first_note))
    db.session.flush()
    return f"Changes: {count} variations and {made} contingency events."
