"""A year of community feedback on each demo contract (Dec 2025 - Nov 2026).

Deterministic (seeded random), idempotent (does nothing once feedback exists), and quick:
notifications are not sent for the history."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.feedback import board, handling, intake, settings
from portal.feedback.models import Feedback

ORDER = 40

CATEGORIES = {
    "NSH": [("Car parking", "operator"), ("Noise", "operator"), ("Cleanliness", "operator"),
            ("Food and catering", "operator"), ("Staff conduct and safety", "government"),
            ("Access and appointments", "government")],
    "M7": [("Potholes and road surface", "operator"), ("Toll charges", "government"),
           ("Noise barriers", "operator"), ("Litter", "operator"), ("Safety incidents", "government")],
    "WTP": [("Taste and odour", "operator"), ("Water pressure", "operator"),
            ("Odour from the sludge line", "operator"), ("Construction and delivery traffic", "government"),
            ("Billing and policy", "government")],
}

# (category, kind, text, place, response)
STORIES = {
    "NSH": [
        ("Car parking", "complaint", "The multi-storey car park was full by 9am again and the overflow barrier was down, so I missed my outpatient slot.", "Multi-storey car park, level 4", "We have reprogrammed the overflow barrier and added attendants at peak times on weekdays."),
        ("Car parking", "complaint", "The pay machines on level 2 only take coins and the card reader has been broken for two weeks.", "Car park level 2", "The card readers were replaced; all machines now take contactless payment."),
        ("Noise", "complaint", "Deliveries to the kitchen loading bay start at 5am and wake the whole of Harbour Road.", "Loading bay, Harbour Road", "Deliveries are now scheduled from 7am, and drivers have been told to switch off engines while unloading."),
        ("Cleanliness", "complaint", "The toilets near the emergency department waiting area had no soap and the bins were overflowing on Saturday night.", "Emergency department", "Night cleaning rounds in the emergency department now run every two hours, with a checklist signed at each visit."),
        ("Cleanliness", "compliment", "Ward 7 was spotless during my father's stay and the cleaning staff were very kind.", "Ward 7", "Thank you; we have passed your words to the ward 7 housekeeping team."),
        ("Food and catering", "complaint", "My mother is on a gluten-free diet and was served a regular sandwich three days in a row.", "Ward 3", "Meal orders on ward 3 now carry the diet code on the tray label, and the catering supervisor checks trays against it."),
        ("Food and catering", "suggestion", "Please keep the café open after 8pm for relatives visiting in the evening.", "Main concourse café", "From next month the café will stay open until 9pm, with a vending area after that."),
        ("Access and appointments", "question", "Is there a drop-off point near the maternity entrance for people with limited mobility?", "Maternity entrance", "Yes: two drop-off bays are at the maternity entrance; we have added signs from the main road."),
    ],
    "M7": [
        ("Potholes and road surface", "complaint", "Deep pothole in lane 1 northbound just after junction 14; two cars had punctures this morning.", "Northbound after J14", "The pothole was made safe within 24 hours and permanently repaired on the next night closure."),
        ("Potholes and road surface", "complaint", "The surface between the Portlaoise toll plaza and junction 17 is breaking up in the wheel tracks.", "Between toll plaza and J17", "This section is in the resurfacing programme for next spring; we have patched the worst areas in the meantime."),
        ("Toll charges", "complaint", "I was charged twice at the Kildangan plaza for the same journey on my tag account.", "Kildangan toll plaza", "The duplicate charge was a tag-reader fault; it has been refunded and the reader replaced."),
        ("Toll charges", "question", "Is there a discount for residents who use the motorway daily to get to work?", "", "The concession agreement sets a local-user discount of 30% for registered residents; details are on the operator's website."),
        ("Noise barriers", "complaint", "Since the barrier panels near Ballybrophy were damaged in the storm, traffic noise at night is much worse.", "Ballybrophy, chainage 38.2", "The damaged panels were replaced; noise readings afterwards were back within the contract limit."),
        ("Noise barriers", "suggestion", "Please extend the noise barrier by 200 m past the Cullahill estate.", "Cullahill", "An extension is being assessed with the Authority as a possible variation; we will publish the outcome."),
        ("Litter", "complaint", "Litter has built up on the verge at the junction 15 slip road for weeks.", "J15 slip road", "The verge was cleared and the litter-pick frequency at junction slip roads doubled."),
        ("Litter", "compliment", "The lay-by near Abbeyleix is now clean and the new bins are emptied regularly. Thank you.", "Abbeyleix lay-by", "Thank you for letting us know."),
    ],
    "WTP": [
        ("Taste and odour", "complaint", "Our tap water has had an earthy taste for a week in Riverbend East.", "Riverbend East", "A seasonal algal compound in the river caused the taste; powdered activated carbon dosing was increased and the taste is gone."),
        ("Taste and odour", "question", "Is the chlorine smell in our water this week safe?", "Millbrook", "Yes. Chlorine was raised briefly after mains work; levels stayed within the drinking-water standard."),
        ("Water pressure", "complaint", "Very low water pressure every morning between 7 and 9 on Hill Street.", "Hill Street", "A pressure-reducing valve was mis-set after maintenance; it was reset and pressure is back to normal."),
        ("Water pressure", "complaint", "Water supply cut off without notice for four hours on Tuesday.", "Riverbend West", "The interruption was an emergency repair; we have improved text-message alerts for unplanned outages."),
        ("Odour from the sludge line", "complaint", "Strong smell from the sludge treatment building on warm evenings, reaching the houses on Quarry Lane.", "Quarry Lane", "The odour control unit's carbon filter was replaced and its doors now close automatically."),
        ("Odour from the sludge line", "complaint", "The smell from the plant is back again this week.", "Quarry Lane", "A fan failure in the odour control unit was repaired within two days; we now monitor it remotely."),
        ("Construction and delivery traffic", "complaint", "Chemical delivery lorries are using the school road at drop-off time.", "St Brigid's school road", "Deliveries are now routed via the industrial estate and banned from the school road between 8 and 9:30am."),
        ("Construction and delivery traffic", "suggestion", "Please put a footpath along the plant access road; people walk there to the bus stop.", "Plant access road", "The Authority has included a footpath in next year's capital plan."),
    ],
}

SENSITIVE = {
    "NSH": "A member of the portering staff made repeated unwanted comments to my daughter while she waited for an X-ray. I do not want this shared publicly.",
    "M7": "A toll plaza attendant shouted at me and threatened me when my card was declined. I felt unsafe.",
    "WTP": "A contractor working at the reservoir photographed my children without permission and would not stop.",
}


def _working_time(start: datetime, days: float) -> datetime:
    moment = start + timedelta(days=days)
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    return moment.replace(hour=10 + int(days * 7) % 6, minute=(int(days * 97) % 60))


def seed(ctx) -> str | None:
    contracts = ctx.get("contracts") or {}
    if not contracts or db.session.scalar(sa.select(sa.func.count(Feedback.id))):
        return None
    users = ctx["users"]
    rng = random.Random(2026)
    today = datetime(2026, 11, 23, 12, tzinfo=UTC)
    start = datetime(2025, 12, 1, 9, tzinfo=UTC)
    total = 0
    for code, contract in contracts.items():
        if code not in CATEGORIES:
            continue
        cats = {c.name: c for c in settings.set_categories(contract, CATEGORIES[code])}
        settings.seed_templates(contract)
        key = code.lower()
        gov, om, os_ = users[f"{key}_pm"], users[f"{key}_om"], users[f"{key}_os"]
        po = users[f"{key}_po"]
        stories = STORIES[code]
        count = 34 + rng.randint(0, 8)
        for i in range(count):
            name, kind, text, place, answer = stories[i % len(stories)]
            received = start + timedelta(days=rng.uniform(0, 355), hours=rng.uniform(0, 10))
            sub = intake.Submission(
                kind=kind, category=cats[name], text=text, place=place,
                name=rng.choice(["", "", "Mary Dolan", "Kevin Walsh", "Ana Silva", "Liam Foley"]),
                email=rng.choice(["", "resident@example.net", "k.walsh@example.net"]),
                show_name=rng.random() < 0.2,
                channel=rng.choice(["web"] * 6 + ["phone", "letter", "in_person"]))
            submitter = users["resident1"] if code == "NSH" and i % 9 == 0 else None
            feedback, _token = intake.create_feedback(contract, sub, submitter=submitter, received_at=received,
                                                        registered_by=os_ if sub.channel != "web" else None,
                                                        notify_staff=False)
            responder = om if cats[name].routed_to == "operator" else rng.choice([gov, po])
            age = (today - received).days
            late = rng.random() < 0.25
            if age < 3:
                total += 1
                continue  # still waiting for acknowledgement
            ack_at = _working_time(received, rng.uniform(8, 14) if late else rng.uniform(0.2, 4))
            if ack_at < today:
                handling.acknowledge(feedback, responder, "Thank you, we are looking into this.", at=ack_at)
            if i % 5 == 0 and ack_at < today:
                handling.assign(feedback, responder, os_ if cats[name].routed_to == "operator" else po,
                                at=ack_at + timedelta(hours=2))
                handling.add_note(feedback, responder, "Checked with the site team; see the job sheet in the CMMS.",
                                  at=ack_at + timedelta(hours=3))
            resp_at = _working_time(received, rng.uniform(30, 50) if late else rng.uniform(3, 24))
            if resp_at >= today or age < 10:
                total += 1
                continue
            handling.respond(feedback, responder, answer, at=resp_at)
            if rng.random() < 0.7:
                happy = rng.random() < (0.5 if late else 0.8)
                handling.rate(feedback, happy, "" if happy else "It took too long and the problem came back.",
                              at=resp_at + timedelta(days=2))
                if not happy and rng.random() < 0.3 and resp_at + timedelta(days=3) < today:
                    handling.appeal(feedback, "The response does not solve the problem; please review it.",
                                    at=resp_at + timedelta(days=3))
                    decided = resp_at + timedelta(days=12)
                    if decided < today:
                        handling.decide_appeal(feedback, gov, "Upheld in part: the operator will carry out a "
                                               "permanent repair and report back within a month.", at=decided)
            elif resp_at + timedelta(days=15) < today:
                handling.close(feedback, responder, "Closed after 15 days without a reply.",
                               at=resp_at + timedelta(days=15))
            if kind != "compliment" and i % 3 == 0:
                board.moderate(feedback, gov, text, answer, at=resp_at + timedelta(days=1))
            total += 1
        # one sensitive grievance, handled by the government side only
        sub = intake.Submission(kind="grievance", category=None, text=SENSITIVE[code], sensitive=True,
                                  email="concerned.parent@example.net")
        grievance, _ = intake.create_feedback(contract, sub, received_at=datetime(2026, 9, 14, 11, tzinfo=UTC),
                                                notify_staff=False)
        handling.acknowledge(grievance, gov, "We are treating this in confidence.",
                             at=datetime(2026, 9, 15, 9, tzinfo=UTC))
        handling.add_note(grievance, gov, "Referred to the operator's HR lead by letter; name withheld.",
                          at=datetime(2026, 9, 16, 9, tzinfo=UTC))
        handling.respond(grievance, gov, "The person concerned has been removed from public-facing duties "
                         "while an investigation takes place.", at=datetime(2026, 10, 2, 9, tzinfo=UTC))
        total += 1
    db.session.flush()
    return f"Demo feedback: {total} items across {len(contracts)} contracts."
