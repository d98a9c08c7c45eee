"""A year of issues on each demo contract (Dec 2025 - Nov 2026): lighting, lifts, cleaning, lane
closures, water quality, noise... raised by every side, in every state, some overdue, a few
reopened, some marked as service failures in the operator's functional areas.

Deterministic (seeded random), idempotent (does nothing once issues exist), no notifications."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.issues import services
from portal.issues.models import Issue
from portal.notifications.models import Notification
from portal.performance.models import FunctionalArea

ORDER = 45
TODAY = datetime(2026, 11, 23, 12, tzinfo=UTC)
START = datetime(2025, 12, 1, 8, tzinfo=UTC)

CATEGORIES = {
    "NSH": ["Lighting", "Lifts", "Cleaning", "Heating and ventilation", "Water quality", "Noise", "Car parks",
            "Security"],
    "M7": ["Lane closures", "Lighting", "Road surface", "Noise", "Litter and verges", "Drainage", "Tolling"],
    "WTP": ["Water quality", "Noise", "Odour", "Lighting", "Cleaning", "Deliveries and traffic", "Plant availability"],
}

# (category, title, description, priority, routed_to, visibility, raiser key suffix, failure (area, criterion))
STORIES = {
    "NSH": [
        ("Lighting", "Corridor lights out on ward block B, level 2",
         "Six ceiling lights between wards 7 and 8 are dark; night staff are using torches.", "high", "operator",
         "community", "po", ("Ward block B", "Lighting failure")),
        ("Lifts", "Lift 3 out of service again",
         "Lift 3 (main atrium) stopped between floors 1 and 2 at 14:10; **two patients** were inside for 25 minutes.",
         "urgent", "operator", "community", "cr", None),
        ("Cleaning", "Theatre 4 not cleaned between lists",
         "The afternoon list started 40 minutes late because the turnaround clean was not done.", "urgent",
         "operator", "partners", "pm", ("Operating theatres", "Temperature out of range")),
        ("Heating and ventilation", "Maternity unit too warm at night",
         "Rooms on the maternity unit reached 27 °C overnight; mothers and babies are uncomfortable.", "high",
         "operator", "community", "cr", ("Maternity unit", "Temperature out of range")),
        ("Water quality", "Legionella sample above action level in outpatients",
         "Routine sample from the outpatients hot-water outlet came back above 100 cfu/l.", "urgent", "operator",
         "partners", "po", None),
        ("Noise", "Plant room noise at night on Harbour Road",
         "Residents report a low hum from the energy centre between midnight and 5am.", "medium", "operator",
         "public", "cr", None),
        ("Car parks", "Multi-storey barrier stuck open",
         "The exit barrier on level 0 has been stuck open for three days; the car park is filling with "
         "non-hospital users.", "low", "operator", "community", "os", None),
        ("Security", "Door access fault on the emergency department ambulance entrance",
         "The card reader accepts any card after a power cut this morning.", "urgent", "operator", "partners", "pm",
         ("Emergency department", "Door access fault")),
    ],
    "M7": [
        ("Lane closures", "Overnight closure at J14 overran into the morning peak",
         "Lane 1 northbound stayed closed until 07:40; the permit ended at 06:00. Queues to J13.", "urgent",
         "operator", "community", "pm", ("Lane 1 northbound", "Lane closure overrun")),
        ("Lighting", "Junction 15 roundabout lighting out",
         "Four columns on the J15 roundabout are dark since the storm.", "high", "operator", "public", "cr", None),
        ("Road surface", "Pothole in lane 2 southbound after J16",
         "Deep pothole reported by Gardaí; two punctures this morning.", "urgent", "operator", "public", "os",
         ("Lane 1 southbound", "Carriageway defect")),
        ("Noise", "Noise barrier panels missing at Ballybrophy",
         "Three panels were blown down; night-time traffic noise is much worse for the estate.", "medium",
         "operator", "public", "cr", None),
        ("Litter and verges", "Litter build-up on J15 slip road", "Verge not cleared for six weeks.", "low",
         "operator", "community", "cr", None),
        ("Drainage", "Standing water in lane 1 northbound at chainage 41.3",
         "Gully blocked; aquaplaning risk in heavy rain.", "high", "operator", "community", "po", None),
        ("Tolling", "Tag readers at Kildangan double-charging",
         "Customer complaints of double charges on 12 and 13 of the month.", "high", "operator", "partners", "pm",
         ("Toll plaza Kildangan", "Toll lane fault")),
        ("Lane closures", "Unannounced lane closure for verge cutting",
         "No advance signs were in place at J17 for the mowing crew.", "medium", "operator", "community", "po", None),
    ],
    "WTP": [
        ("Water quality", "Turbidity above 1 NTU leaving membrane train B",
         "Online monitor showed 1.2 NTU for 40 minutes before train B was isolated.", "urgent", "operator",
         "partners", "pm", ("Membrane train B", "Train offline")),
        ("Water quality", "Earthy taste reported in Riverbend East",
         "Twelve customer calls about taste in two days.", "high", "operator", "public", "cr", None),
        ("Noise", "Treated-water pumps audible at night on Quarry Lane",
         "Pump house door left open; residents hear the pumps from 22:00.", "medium", "operator", "public", "cr",
         None),
        ("Odour", "Odour from the sludge building on warm evenings",
         "Odour control fan tripped; smell reaches the houses on Quarry Lane.", "high", "operator", "community",
         "cr", None),
        ("Lighting", "Security lighting out along the east fence", "Five floodlights dark since Tuesday.", "medium",
         "operator", "community", "po", None),
        ("Cleaning", "Clear-water tank inspection overdue", "The annual tank clean and inspection was due in June.",
         "medium", "operator", "partners", "po", None),
        ("Deliveries and traffic", "Chemical deliveries at school drop-off time",
         "Lorries on the school road at 08:30 twice this week.", "high", "government", "public", "cr", None),
        ("Plant availability", "UV intensity alarm on reactor 2", "UV intensity below setpoint for 3 hours.", "urgent",
         "operator", "partners", "pm", ("UV disinfection", "UV intensity alarm")),
    ],
}

COMMENTS = ["Crew attended and made safe; permanent repair booked.", "Parts ordered; expected within the week.",
            "Photos attached to the CMMS job sheet.", "Checked on site this morning: still a problem.",
            "Root cause found and fixed; monitoring for a week."]


def _at(moment: datetime) -> datetime:
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    return moment


def _story_of(code, contract, users, n, raised):
    key = code.lower()
    category, title, text, priority, routed, visibility, who, failure = STORIES[code][n % len(STORIES[code])]
    raiser = users[f"{key}_{who}"]
    issue = services.raise_issue(contract, raiser, services.IssueInput(title, text, category, priority, visibility,
                                                                       routed), at=raised)
    return issue, failure


def _work(rng, issue, raised, users, key, failure, areas):
    """Take the issue through its life up to TODAY, at a pace set by chance and its priority."""
    worker, manager, gov = users[f"{key}_os"], users[f"{key}_om"], users[f"{key}_pm"]
    slow = rng.random() < 0.25
    step = timedelta(hours=rng.uniform(1, 20) * (6 if slow else 1))
    moments = [raised + step * k for k in range(1, 6)]
    if moments[0] > TODAY or rng.random() < 0.06:
        return  # still open: nobody has picked it up

    if issue.routed_to == "operator":
        services.assign(issue, manager, worker, at=moments[0])
    if failure is not None and failure[0] in areas and TODAY - raised < timedelta(days=45):
        issue.is_service_failure, issue.failure_area_id = True, areas[failure[0]].id
        issue.failure_area_name, issue.failure_criterion = failure[0], failure[1]
        issue.failure_reported_at = raised
        services.add_event(issue, "service_failure", gov, f"{failure[1]} in {failure[0]}.", at=moments[0])
    doer = worker if issue.routed_to == "operator" else users[f"{key}_po"]
    services.change_status(issue, doer, "in_progress", at=moments[0])
    if moments[1] > TODAY or issue.is_service_failure:
        return  # still in progress (these service failures wait for performance to take them over)
    services.add_comment(issue, doer, rng.choice(COMMENTS), at=moments[1])
    if moments[2] > TODAY or rng.random() < 0.12:
        return
    services.change_status(issue, doer, "resolved", "Fixed and checked.", at=moments[2])
    if rng.random() < 0.15 and moments[3] < TODAY:
        services.change_status(issue, issue.raised_by or gov, "open", "It happened again the next day.",
                               at=moments[3])
        services.change_status(issue, doer, "resolved", "Replaced the faulty part this time.", at=moments[4])
    elif moments[3] < TODAY and rng.random() < 0.7:
        services.change_status(issue, gov, "closed", "Confirmed fixed.", at=moments[3])


def seed(ctx) -> str | None:
    contracts = ctx.get("contracts") or {}
    if not contracts or db.session.scalar(sa.select(sa.func.count(Issue.id))):
        return None
    users, rng, total = ctx["users"], random.Random(909), 0
    before = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
    for code, contract in contracts.items():
        if code not in STORIES:
            continue
        services.save_settings(contract, services.targets_of(contract), CATEGORIES[code])
        areas = {a.name: a for a in db.session.scalars(sa.select(FunctionalArea).where(
            FunctionalArea.contract_id == contract.id))}
        times = sorted(_at(START + timedelta(days=rng.uniform(0, 355), hours=rng.uniform(0, 9))) for _ in range(40))
        for n, raised in enumerate(times):
            issue, failure = _story_of(code, contract, users, rng.randrange(64) + n, raised)
            _work(rng, issue, raised, users, code.lower(), failure, areas)
        total += len(times)
    db.session.flush()
    # The history's notifications would swamp everyone's bell: keep only those from before.
    db.session.execute(sa.delete(Notification).where(Notification.id > before))
    return f"Demo issues: {total} across {len(contracts)} contracts."
