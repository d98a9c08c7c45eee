"""Each demo contract's objectives (with their KPIs) and its risk register: threats and
opportunities with a year of reviews, a few of them overdue (Dec 2025 - Nov 2026).

Deterministic (seeded random) and idempotent (does nothing once an objective exists)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.performance.models import Kpi
from portal.risks import scoring, services
from portal.risks.models import Objective, ObjectiveLink, RiskLink

ORDER = 60
FIRST = date(2025, 11, 20)

OBJECTIVES = {
    "NSH": [("Safe, clean and available clinical facilities", "Theatres, wards and the emergency department open, clean and safe every day.", ["AV1", "CL1"]),
            ("Responsive support services for patients and staff", "Help when it is asked for: repairs, portering and the helpdesk on time.", ["HD1", "PT1"]),
            ("Lower the hospital's carbon footprint", "Cut energy use per bed-day by a fifth by 2030 against the 2024 baseline.", ["EN1"]),
            ("Value for money over the contract term", "The unitary charge buys the service the contract specifies, no more and no less.", []),
            ("Hand back the hospital in the condition the contract requires", "At expiry the buildings and plant meet the hand-back standard without public money.", [])],
    "M7": [("Safe journeys on the M7", "Fewer collisions and faster clearance of incidents.", ["IC1", "WS1"]),
           ("A reliable, open motorway", "Lanes open and the surface sound, winter and summer.", ["LA1", "PT1"]),
           ("A good neighbour to the communities along the route", "Noise, litter and complaints handled quickly and openly.", ["NC1"]),
           ("Affordable tolls and value for money", "Tolls follow the published formula; the public shares in upside.", [])],
    "WTP": [("Safe drinking water at every tap", "Every sample meets the drinking-water standard.", ["WQ1", "TU1"]),
            ("Enough water to meet demand", "Supply keeps up with demand today and as the region grows.", ["VO1"]),
            ("Protect the river and dispose of residues responsibly", "Abstraction, discharges and sludge within licence.", ["SL1", "TU1"]),
            ("Resilience to drought and flood", "The plant keeps running through the weather a changing climate brings.", [])],
}

# title, kind, category, allocation, inherent (L, I), residual (L, I), response, controls, KPI codes,
# objective numbers. The owner is the operator manager for private and shared risks, a public
# official for public ones; private and shared risks are shown to the operator (partners).
RISKS = {
    "NSH": [
        ("Operating theatre ventilation failure", "threat", "operational", "private", (3, 5), (2, 4), "reduce", "Planned preventive maintenance; duty and standby air handling units; 2-hour rectification.", ["AV1"], [1]),
        ("Infection outbreak linked to cleaning standards", "threat", "operational", "shared", (3, 5), (2, 5), "reduce", "Weekly audits of very-high-risk areas; joint infection-control committee.", ["CL1"], [1]),
        ("Lifecycle replacement costs exceed the operator's model", "threat", "financial", "private", (4, 4), (3, 4), "reduce", "Annual condition survey; lifecycle fund reviewed each quarter.", [], [4, 5]),
        ("Energy prices rise beyond the pass-through band", "threat", "financial", "public", (4, 4), (4, 3), "accept", "Energy pass-through reviewed each year; forward purchasing by the Department.", ["EN1"], [4]),
        ("Winter demand for beds exceeds design capacity", "threat", "demand", "public", (4, 4), (4, 3), "reduce", "Winter surge plan; step-down beds agreed with community care.", [], [1]),
        ("Helpdesk response slips as call volumes grow", "threat", "operational", "private", (3, 3), (3, 2), "reduce", "Extra helpdesk operator at peak hours; automatic triage of jobs.", ["HD1"], [2]),
        ("Porter shortages delay patient transfers", "threat", "operational", "private", (3, 3), (3, 3), "reduce", "Agency framework; porter task tracking.", ["PT1"], [2]),
        ("New infection-control rules require refurbishment", "threat", "legal", "public", (2, 4), (2, 4), "accept", "Change-in-law clause; capital reserve held by the Department.", [], [1]),
        ("Cyber attack disables the building management system", "threat", "operational", "shared", (4, 5), (4, 5), "reduce", "BMS network segregated; penetration test every quarter.", ["AV1"], [1]),
        ("Flooding of the basement plant room", "threat", "force_majeure", "shared", (2, 5), (1, 5), "transfer", "Flood barriers at the service ramp; insured under the property policy.", [], [1]),
        ("Lenders call a default after a spike in deductions", "threat", "financial", "private", (2, 5), (2, 4), "reduce", "Warning at 70% of the default threshold; monthly performance meetings.", [], [4]),
        ("Public criticism of car parking charges", "threat", "reputational", "public", (4, 3), (3, 2), "reduce", "Free parking for frequent attenders; charges published.", [], [2]),
        ("Condition at hand-back below the required standard", "threat", "handback", "private", (3, 4), (2, 4), "reduce", "Hand-back survey five years before expiry; retention fund.", [], [5]),
        ("Facilities staff strike", "threat", "social", "private", (2, 4), (2, 3), "reduce", "Contingency staffing plan; early engagement with the unions.", ["HD1", "CL1"], [2]),
        ("New outpatient hub adds demand for parking", "threat", "demand", "public", (3, 3), (3, 3), "accept", "Parking study commissioned.", [], [2]),
        ("Solar canopy over the car park cuts energy use", "opportunity", "environmental", "shared", (3, 3), (4, 3), "exploit", "Feasibility study with the operator; savings shared under a variation.", ["EN1"], [3, 4]),
        ("Refinancing gain shared with the Department", "opportunity", "financial", "shared", (2, 4), (3, 4), "share", "The refinancing clause gives the Department half of any gain.", [], [4]),
        ("LED retrofit lowers maintenance and energy costs", "opportunity", "operational", "private", (4, 2), (4, 3), "enhance", "Retrofit ward by ward during planned maintenance.", ["EN1"], [3]),
    ],
    "M7": [
        ("Serious collision in roadworks traffic management", "threat", "operational", "private", (3, 5), (2, 5), "reduce", "Traffic management to the code of practice; speed cameras in the works.", ["IC1"], [1]),
        ("Traffic below the base case cuts toll revenue", "threat", "demand", "private", (5, 4), (5, 4), "accept", "Demand risk stays with the concessionaire; traffic reported monthly.", [], [4]),
        ("Pavement wears faster than the lifecycle plan", "threat", "operational", "private", (3, 4), (3, 3), "reduce", "Deflectograph survey every year; pothole patrol twice a week.", ["PT1", "LA1"], [2]),
        ("Severe winter closes the motorway", "threat", "force_majeure", "shared", (3, 4), (2, 4), "reduce", "Winter service plan; brine pre-wetting; six weeks of salt in stock.", ["WS1", "LA1"], [1, 2]),
        ("Toll increase opposed by local residents", "threat", "political", "public", (4, 3), (3, 3), "reduce", "Indexation formula published; local-user discount.", ["NC1"], [3, 4]),
        ("Tolling system outage loses transactions", "threat", "operational", "private", (2, 4), (2, 3), "reduce", "Dual back office; video tolling as fallback.", [], [4]),
        ("Bearing failure on the Nore viaduct", "threat", "operational", "private", (2, 5), (1, 5), "reduce", "Principal inspection every two years; bearing movement monitoring.", ["LA1"], [1]),
        ("Noise complaints lead to an enforcement order", "threat", "environmental", "shared", (3, 3), (2, 3), "reduce", "Noise barriers maintained; complaints answered within 10 days.", ["NC1"], [3]),
        ("New road safety law requires upgrades", "threat", "legal", "public", (2, 4), (2, 4), "accept", "Change-in-law compensation under the agreement.", [], [1]),
        ("Flooding at the junction 15 underpass", "threat", "environmental", "shared", (3, 4), (2, 4), "reduce", "Drainage cleansed twice a year; flood gauge alerts.", ["LA1"], [2]),
        ("Concessionaire insolvency", "threat", "financial", "private", (1, 5), (1, 5), "accept", "Step-in rights; direct agreement with the lenders.", [], [4]),
        ("Hand-back pavement with under 10 years' residual life", "threat", "handback", "private", (3, 4), (3, 3), "reduce", "Residual-life survey at year 25; hand-back bond.", [], [2]),
        ("Recovery vehicle shortage slows incident clearance", "threat", "operational", "private", (3, 3), (3, 3), "reduce", "A second recovery contractor on call.", ["IC1"], [1]),
        ("Japanese knotweed spreads along the verges", "threat", "environmental", "private", (3, 2), (2, 2), "reduce", "Herbicide programme; verge survey each spring.", [], [3]),
        ("Traffic above the ceiling triggers revenue sharing", "opportunity", "demand", "shared", (2, 3), (3, 3), "share", "Revenue-sharing band in the concession agreement.", [], [4]),
        ("Electric-vehicle charging hubs at the service areas", "opportunity", "environmental", "shared", (3, 3), (3, 4), "exploit", "Variation to lease service-area land for charging.", [], [3]),
        ("Average-speed cameras cut serious collisions", "opportunity", "social", "public", (3, 4), (4, 4), "enhance", "Pilot with the traffic police on the Portlaoise section.", ["IC1"], [1]),
    ],
    "WTP": [
        ("Cryptosporidium breakthrough after heavy rain", "threat", "operational", "private", (3, 5), (2, 5), "reduce", "Daily membrane integrity tests; UV as a second barrier; raw-water turbidity alarms.", ["WQ1", "TU1"], [1]),
        ("Drought lowers abstraction below demand", "threat", "environmental", "public", (4, 5), (4, 5), "reduce", "Drought plan; leakage programme; 20 days of reservoir storage.", ["VO1"], [2, 4]),
        ("Membrane fouling shortens membrane life", "threat", "operational", "private", (4, 3), (3, 3), "reduce", "Clean-in-place every 30 days; coagulation optimised.", ["VO1"], [2]),
        ("Coagulant supply disrupted", "threat", "operational", "private", (3, 4), (2, 4), "reduce", "Two approved suppliers; 30 days of stock on site.", ["WQ1"], [1]),
        ("Electricity prices rise beyond the indexation formula", "threat", "financial", "shared", (4, 3), (4, 3), "transfer", "Energy indexation passes half of the change to the Authority.", [], [4]),
        ("Sludge disposal site loses its licence", "threat", "legal", "private", (2, 4), (2, 3), "transfer", "A second licensed site under contract.", ["SL1"], [3]),
        ("Stricter PFAS limits in the drinking-water rules", "threat", "legal", "public", (3, 4), (3, 4), "accept", "Change-in-law clause; granular activated carbon pilot.", ["WQ1"], [1]),
        ("Flood at the river intake", "threat", "force_majeure", "shared", (2, 5), (2, 4), "reduce", "Intake screens raised; flood warning link with the river authority.", ["VO1"], [4]),
        ("Odour complaints from Quarry Lane", "threat", "social", "private", (4, 2), (3, 2), "reduce", "Remote monitoring of the odour control unit; doors close automatically.", [], [3]),
        ("Cyber attack on the plant control system", "threat", "operational", "shared", (3, 5), (2, 5), "reduce", "Segregated SCADA network; offline backups; an exercise each year.", ["WQ1", "VO1"], [1, 2]),
        ("Housing growth outpaces plant capacity", "threat", "demand", "public", (3, 4), (3, 4), "reduce", "Capacity study for a third membrane train.", ["VO1"], [2, 4]),
        ("Turbidity exceedance during an algal bloom", "threat", "environmental", "private", (3, 3), (3, 3), "reduce", "Powdered activated carbon dosing; bloom monitoring upstream.", ["TU1"], [1, 3]),
        ("Key process engineer leaves the operator", "threat", "operational", "private", (3, 3), (2, 3), "reduce", "Succession plan; support contract with Helix.", [], [2]),
        ("Membranes beyond their service life at hand-back", "threat", "handback", "private", (3, 4), (2, 4), "reduce", "Membrane replacement schedule; hand-back survey.", [], [2]),
        ("Public distrust after a boil-water notice", "threat", "reputational", "public", (2, 4), (2, 3), "reduce", "Communication protocol agreed with the health authority.", ["WQ1"], [1]),
        ("Biogas from sludge digestion cuts energy costs", "opportunity", "environmental", "shared", (3, 3), (3, 4), "exploit", "Feasibility study; shared savings mechanism.", ["SL1"], [3, 4]),
        ("Treated sludge sold as fertiliser", "opportunity", "financial", "shared", (2, 3), (3, 3), "enhance", "Quality certification under the end-of-waste criteria.", ["SL1"], [3]),
    ],
}

NOTES = {
    "same": "Reviewed at the contract management meeting; controls in place and working, rating unchanged.",
    "down": "Rating lowered: the controls have held through the period and the last incident is closed.",
    "up": "Rating raised: early warning signs in the month's reports; treatment plan to be refreshed.",
}


def _objectives(contract, kpis: dict[str, int]) -> list[Objective]:
    made = []
    for title, description, codes in OBJECTIVES[contract.code]:
        objective = services.save_objective(contract, None, title, description, "partners")
        for code in codes:
            if code in kpis:
                objective.links.append(ObjectiveLink(objective_id=objective.id, contract_id=contract.id,
                                                     kind="kpi", ref_id=kpis[code], visibility="partners"))
        made.append(objective)
    return made


def _review_dates(rng, band: str, today: date, overdue: bool) -> list[date]:
    """Reviews at the band's interval since the risk was entered; an overdue risk missed its last."""
    dates, on = [], FIRST
    while True:
        on = scoring.next_review(band, on)
        following = scoring.next_review(band, on)
        if on > today or (overdue and following > today - timedelta(days=5)):
            return dates
        dates.append(min(today, on + timedelta(days=rng.randint(-5, 2))))


def _path(rng, start: int, final: int, count: int, rises: bool) -> list[int]:
    """The residual likelihood found at each review, ending at `final`."""
    if rises:
        return [start] * (count - 1) + [final]
    path, current = [], start
    for index in range(count):
        if index == count - 1:
            current = final
        elif current > final and rng.random() < 0.4:
            current -= 1
        path.append(current)
    return path


def _history(rng, risk, final: tuple[int, int], reviewer, today: date, overdue: bool, rises: bool) -> None:
    dates = _review_dates(rng, scoring.band(final[0] * final[1]), today, overdue)
    for on, likelihood in zip(dates, _path(rng, risk.residual_likelihood, final[0], len(dates), rises), strict=True):
        movement = scoring.movement(risk.residual_score, likelihood * final[1])
        services.review_risk(risk, reviewer, likelihood, final[1], NOTES.get(movement, NOTES["same"]),
                             reviewed_on=on)


def seed(ctx) -> str | None:
    contracts = ctx.get("contracts") or {}
    if not contracts or db.session.scalar(sa.select(sa.func.count(Objective.id))):
        return None
    rng = random.Random(11)
    today = min(date(2026, 11, 23), clock.today())
    users = ctx["users"]
    made = 0
    for code, rows in RISKS.items():
        contract = contracts[code]
        key = code.lower()
        kpis = dict(db.session.execute(sa.select(Kpi.code, Kpi.id).where(Kpi.contract_id == contract.id)).all())
        objectives = _objectives(contract, kpis)
        for index, (title, kind, category, allocation, inherent, residual, response, controls, codes,
                    numbers) in enumerate(rows):
            public = allocation == "public"
            overdue, rises = index % 6 == 5, index % 7 == 3
            start = max(1, residual[0] - 1) if rises else min(inherent[0], residual[0] + rng.choice((0, 1, 1, 2)))
            data = services.RiskData(
                title=title, kind=kind, category=category, allocation=allocation,
                owner_party="government" if public else "operator",
                owner_id=users[f"{key}_po" if public else f"{key}_om"].id,
                inherent_likelihood=inherent[0], inherent_impact=inherent[1], residual_likelihood=start,
                residual_impact=residual[1], response=response, controls=controls,
                description=f"{title}. {controls}", visibility="government" if public else "partners",
                objective_ids=[objectives[n - 1].id for n in numbers])
            risk = services.create_risk(contract, data, today=FIRST)
            for kpi_code in codes:
                if kpi_code in kpis:
                    risk.links.append(RiskLink(risk_id=risk.id, contract_id=contract.id, kind="kpi",
                                               ref_id=kpis[kpi_code], visibility=risk.visibility))
            _history(rng, risk, residual, users[f"{key}_po"], today, overdue, rises)
            made += 1
    db.session.flush()
    return f"Risk registers: {made} risks with a year of reviews, and objectives with their KPIs."
