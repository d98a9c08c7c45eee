"""The words of the meetings demo: each contract's topics, stakeholders, extra team members and
health-check profile. Plain data (and the plan and minutes built from it)."""

from __future__ import annotations

# (name, e-mail, role, side): team members beyond the named demo accounts, so that each side of
# each contract has at least three people to answer the health check.
TEAM = {
    "NSH": [("Helen Okoro", "helen.okoro@health.example.gov", "public_officer", "government"),
            ("Tom Pritchard", "tom.pritchard@meridianhealth.example.com", "operator_staff", "operator")],
    "M7": [("Ciarán Lynch", "ciaran.lynch@roads.example.gov", "public_officer", "government"),
           ("Marta Kowalczyk", "marta.kowalczyk@viamidlands.example.com", "operator_staff", "operator")],
    "WTP": [("Siobhán Daly", "siobhan.daly@riverbendwater.example.gov", "public_officer", "government"),
            ("Henrik Larsen", "henrik.larsen@aquanova.example.com", "operator_staff", "operator")],
}

# (agenda item, presenter, discussion, decision, information, action, action owner key, days to do it)
TOPICS = {
    "NSH": [
        ("Monthly performance report", "Rachel Whitmore", "The operator presented the month's availability and service-quality results. Two failures in theatre ventilation were rectified within the rectification period.", "The monthly performance report is accepted as presented.", "Cleaning audit scores averaged 97% across the wards.", "Send the root-cause analysis of the theatre 3 ventilation failures", "om", 21),
        ("Lift refurbishment programme", "Daniel Kowalski", "Lifts 4 and 5 in the east block are beyond economic repair. The operator proposed replacing them during the quieter summer months, one at a time.", "Lifts 4 and 5 are replaced one at a time between June and September, with lift 6 kept in service throughout.", "The lift contractor has confirmed a 14-week lead time for the controllers.", "Publish the lift outage plan to ward managers and the patients' forum", "os", 30),
        ("Car park capacity", "Samuel Adeyemi", "Complaints about the multi-storey car park continue. Peak occupancy reached 104% on Tuesdays and Wednesdays.", "Staff parking moves to the overflow site on Tuesdays and Wednesdays from next month.", "The council has approved the extended bus route to the main entrance.", "Survey staff travel patterns before the overflow change", "po", 45),
        ("Energy and sustainability", "Rachel Whitmore", "Gas use is 6% above the contract baseline after the boiler controls upgrade was delayed.", "The boiler controls upgrade is brought forward to the next planned shutdown.", "Solar panels on the car park roof produced 212 MWh this year.", "Report monthly gas use against the baseline until the upgrade is done", "om", 60),
        ("Infection prevention and cleaning", "Helen Okoro", "The infection prevention team asked for more frequent cleaning of touch points in the emergency department.", "Touch-point cleaning in the emergency department moves from four to six rounds a day.", "No cleaning-related infection incidents were reported this quarter.", "Update the cleaning specification and the monitoring checklist", "p:operator", 28),
        ("Catering and patient meals", "Tom Pritchard", "Patient surveys rated meals 3.6 out of 5. Late tray delivery on wards 7 and 8 was the main complaint.", "Tray delivery on wards 7 and 8 is rescheduled to start 15 minutes earlier.", "The new allergen labelling is in use on all wards.", "Repeat the patient meal survey on wards 7 and 8", "os", 40),
    ],
    "M7": [
        ("Availability and lane closures", "Javier Ortega", "Lane availability was 99.2% for the period. Two unplanned closures after collisions near junction 14 were cleared within the response times.", "The period's availability report is accepted.", "The incident support unit reached both collisions within 18 minutes.", "Review the signing of the junction 14 diverge after the two collisions", "om", 30),
        ("Pavement renewal programme", "Niamh Doyle", "Surface condition surveys show wheel-track rutting between the Portlaoise toll plaza and junction 17.", "The section between the toll plaza and junction 17 is resurfaced next spring under night closures.", "Skid resistance is above the investigatory level on all other sections.", "Submit the traffic management plan for the resurfacing night closures", "os", 45),
        ("Toll operations and tag accounts", "Aisling Murphy", "Duplicate charges at the Kildangan plaza were traced to a faulty tag reader.", "Customers charged twice are refunded automatically without having to claim.", "The faulty reader was replaced; no duplicates since.", "Confirm the number and value of refunds made", "p:operator", 21),
        ("Noise barriers", "Ciarán Lynch", "Residents near Cullahill asked for an extension of the noise barrier by 200 metres.", "The Authority commissions a noise assessment before deciding on a variation.", "Storm damage to barrier panels at Ballybrophy has been repaired.", "Commission the noise assessment at Cullahill", "po", 60),
        ("Winter service plan", "Marta Kowalczyk", "The operator presented its winter service plan: salt stocks, gritting routes and the call-out rota.", "The winter service plan is approved.", "Salt barns hold 6,000 tonnes, above the contract minimum.", "Run the winter service desk exercise before 1 November", "om", 30),
        ("Road safety", "Conor Byrne", "Collisions fell 8% on last year; the central reserve barrier upgrade is complete.", "Average speed cameras are proposed to the Minister for the roadworks section.", "Fatal and serious collisions: none this period.", "Prepare the safety statistics for the annual report", "po", 50),
    ],
    "WTP": [
        ("Water quality and compliance", "Lars Eriksen", "All samples met the drinking-water standard. A geosmin event in August caused taste complaints in Riverbend East.", "Powdered activated carbon dosing is started whenever raw-water geosmin exceeds 10 ng/l.", "Trihalomethanes averaged 38 µg/l, well within the limit.", "Write the taste and odour response procedure", "om", 30),
        ("Sludge line odour", "Chiara Romano", "Residents on Quarry Lane reported odour on warm evenings. A fan in the odour control unit failed twice.", "The odour control unit gets a standby fan and remote alarms.", "Odour complaints dropped after the carbon filter was replaced.", "Install the standby fan and connect its alarm to the control room", "os", 45),
        ("Membrane replacement", "Lars Eriksen", "Membrane modules in trains 1 and 2 are at 80% of their expected life, with rising fouling rates.", "Train 1 membranes are replaced in the spring maintenance window.", "Clean-in-place frequency is now every 21 days.", "Send the membrane supplier's warranty terms to the Authority", "om", 30),
        ("Energy and carbon", "Grace Nolan", "Energy use per megalitre is 4% above target because of the raw-water pumps running off-peak tariff hours.", "Raw-water pumping is rescheduled to night tariff hours where storage allows.", "The new UV lamps use 12% less power.", "Report energy per megalitre monthly against the target", "p:operator", 60),
        ("Chemical deliveries", "Siobhán Daly", "Parents at St Brigid's school raised the safety of chemical lorries on the school road.", "Chemical deliveries are routed through the industrial estate and banned on the school road from 8:00 to 9:30.", "The haulier has briefed all drivers on the new route.", "Put up signs on the plant access road for the new delivery route", "os", 21),
        ("Capital plan and footpath", "Brendan Kelly", "The Authority asked for a footpath on the plant access road used by people walking to the bus stop.", "The footpath is included in next year's capital plan.", "The county council supports the footpath.", "Prepare the footpath design brief", "po", 60),
    ],
}

PLACES = {
    "NSH": ("Board room, Northshore General Hospital", "Harbour Road Community Centre"),
    "M7": ("Authority offices, Portlaoise", "Abbeyleix Community Hall"),
    "WTP": ("Control building meeting room, Riverbend plant", "Millbrook Parish Hall"),
}

# (days from today, kind, visibility, title)
SCHEDULE = [
    (-335, "contract_management", "partners", "Contract management meeting"),
    (-290, "public_private_dialogue", "partners", "Public-private dialogue: the year ahead"),
    (-275, "contract_management", "partners", "Contract management meeting"),
    (-215, "contract_management", "partners", "Contract management meeting"),
    (-180, "community_consultation", "community", "Community liaison meeting"),
    (-155, "contract_management", "partners", "Contract management meeting"),
    (-120, "technical", "partners", "Technical review"),
    (-95, "contract_management", "partners", "Contract management meeting"),
    (-70, "public_private_dialogue", "partners", "Public-private dialogue: lessons from the first half"),
    (-40, "community_consultation", "public", "Public meeting with residents"),
    (-35, "contract_management", "partners", "Contract management meeting"),
    (-5, "contract_management", "partners", "Contract management meeting"),
    (6, "contract_management", "partners", "Contract management meeting"),
    (20, "community_consultation", "public", "Public meeting with residents"),
    (34, "technical", "partners", "Technical review"),
]


def _plan(code: str, index: int, days: int, kind: str, visibility: str, title: str) -> dict:
    topics = TOPICS[code]
    chosen = [topics[(index * 2 + k) % len(topics)] for k in range(3 if kind == "contract_management" else 2)]
    outcomes = []
    for k, (item, _presenter, _talk, decision, info, action, owner, due) in enumerate(chosen):
        outcomes.append((item, "decision", decision, None, None))
        if k == 0:
            outcomes.append((item, "information", info, None, None))
        outcomes.append((item, "action", action, owner, due))
    place = PLACES[code][1] if kind == "community_consultation" else PLACES[code][0]
    agenda = [("Apologies and minutes of the last meeting", "Chair", 5)] + [(t[0], t[1], 20) for t in chosen]
    return {"days": days, "kind": kind, "visibility": visibility, "title": title, "place": place,
            "agenda": agenda, "topics": chosen, "outcomes": outcomes, "hour": 18 if visibility == "public" else 10}


AGENDAS = {code: [_plan(code, i, *row) for i, row in enumerate(SCHEDULE)] for code in TOPICS}


def minutes_text(meeting, plan: dict) -> str:
    lines = [f"# {meeting.title}", "", "## 1. Apologies and minutes of the last meeting", "",
              "The minutes of the last meeting were agreed without change. Open actions were reviewed against the action list."]
    for number, (item, presenter, talk, decision, info, action, _owner, due) in enumerate(plan["topics"], start=2):
        lines += ["", f"## {number}. {item}", "", f"{presenter} introduced the item. {talk}", "",
                  f"- **Decision:** {decision}", f"- **Noted:** {info}", f"- **Action:** {action} (within {due} days)."]
    lines += ["", "## Any other business", "", "None. The chair thanked everyone for attending."]
    return "\n".join(lines)


# (name, organisation, kind, interest, influence, approach, visibility, [(days ago, channel, summary, follow-up)])
STAKEHOLDERS = {
    "NSH": [
        ("Department of Health finance unit", "Department of Health", "public_body", 4, 5, "Monthly briefing on payments and deductions", "government",
         [(40, "meeting", "Briefed on the deductions for the lift outages; they asked for the annual trend.", "Send the deductions trend for the year")]),
        ("Northshore Patients' Voice", "Patients' forum", "user_group", 5, 3, "Quarterly forum; consult before service changes", "partners",
         [(25, "meeting", "Discussed car parking and meal times on wards 7 and 8.", ""), (110, "public_event", "Stand at the open day; 40 conversations.", "")]),
        ("Harbour Road Residents' Association", "", "resident", 4, 2, "Notice of night works; meet twice a year", "partners",
         [(60, "letter", "Complaint about early deliveries at the loading bay; delivery times changed.", "")]),
        ("Local councillors (Northshore ward)", "City council", "elected", 3, 4, "Briefing before public announcements", "government",
         [(75, "email", "Sent the summary of the car park plan ahead of the council meeting.", "")]),
        ("Health and Safety Authority", "", "regulator", 2, 5, "Report incidents as required; annual visit", "government",
         [(150, "site_visit", "Inspection of the sterile services department; no findings.", "")]),
        ("Northshore Gazette", "", "media", 2, 2, "Press office answers; proactive releases on major works", "government", []),
        ("Meridian Health's senior lenders", "Project finance banks", "lender", 2, 4, "Through the operator; annual lenders' technical adviser report", "government", []),
        ("Hospital staff unions", "Joint staff side", "union", 4, 3, "Consulted on changes to staff parking", "partners",
         [(20, "meeting", "Consulted on the Tuesday and Wednesday overflow parking; they asked for a shuttle bus.", "Cost a shuttle bus from the overflow site")]),
    ],
    "M7": [
        ("Department of Transport toll policy unit", "Department of Transport", "public_body", 4, 5, "Monthly call on toll revenue and policy", "government",
         [(30, "phone", "Discussed the local-user discount and the duplicate charges.", "")]),
        ("M7 Residents' Group", "", "resident", 5, 2, "Twice-yearly public meeting; newsletter", "partners",
         [(40, "public_event", "Public meeting in Abbeyleix on noise and the resurfacing works.", "Publish the noise readings at Cullahill")]),
        ("Road Haulage Association", "", "business", 4, 3, "Quarterly liaison on closures and tolls", "partners",
         [(55, "meeting", "Agreed advance notice of night closures on the operator's website and by e-mail.", "")]),
        ("County councillors (Laois)", "County council", "elected", 3, 4, "Briefings before closures", "government",
         [(90, "email", "Briefed on the winter service plan.", "")]),
        ("Road Safety Authority", "", "regulator", 3, 4, "Share collision data; joint campaigns", "government",
         [(120, "meeting", "Agreed a joint campaign on tailgating for the autumn.", "")]),
        ("Local newspapers and radio", "Midlands 103 and others", "media", 2, 2, "Notices of closures; interviews on request", "government", []),
        ("Via Midlands' lenders", "Project finance banks", "lender", 1, 4, "Through the operator", "government", []),
        ("Cullahill estate residents", "", "resident", 5, 1, "Letters and one-to-one visits on the noise barrier", "partners",
         [(35, "site_visit", "Visited three households to hear night-time traffic noise.", "")]),
    ],
    "WTP": [
        ("Environmental Protection Agency", "", "regulator", 3, 5, "Monthly compliance returns; audit visits", "government",
         [(45, "site_visit", "Audit of sampling and the taste and odour event; no enforcement.", "Send the geosmin monitoring data for August")]),
        ("Riverbend East residents", "", "resident", 5, 2, "Updates on water quality; public meetings", "partners",
         [(40, "public_event", "Public meeting on the earthy taste; explained the carbon dosing.", "")]),
        ("Quarry Lane residents", "", "resident", 5, 1, "Direct line to the plant manager about odour", "partners",
         [(15, "phone", "Odour reported on a warm evening; fan failure repaired in two days.", "")]),
        ("County council water services", "County council", "public_body", 4, 4, "Weekly operations call", "partners",
         [(7, "meeting", "Coordinated the mains renewal and pressure management in Hill Street.", "")]),
        ("St Brigid's school board", "", "community", 4, 2, "Meet before changes to deliveries", "partners",
         [(70, "meeting", "Agreed the delivery route and times away from the school road.", "")]),
        ("Large industrial users", "Riverbend industrial estate", "business", 3, 3, "Notice of planned interruptions", "partners", []),
        ("Elected representatives", "County council", "elected", 3, 4, "Briefings on water quality events", "government",
         [(39, "email", "Briefed councillors on the taste event and its cause.", "")]),
        ("Angling club", "Riverbend Anglers", "community", 2, 1, "Annual meeting about river abstraction", "partners", []),
    ],
}

# Average score per side, per quarter (four closed quarters), per dimension; and comments.
def _profile(gov: list[float], op: list[float]) -> list[dict]:
    dims = ("trust", "communication", "responsiveness", "collaboration", "disagreements")
    return [{d: g + (0.3 if d == "communication" else 0) - (0.4 if d == "disagreements" else 0) for d in dims}
            for g in gov], [{d: o - (0.6 if d == "responsiveness" else 0) + (0.2 if d == "trust" else 0) for d in dims}
                            for o in op]


_NSH = _profile([3.4, 3.6, 3.9, 4.1], [2.6, 2.8, 3.0, 3.2])
_M7 = _profile([3.8, 3.7, 3.5, 3.6], [3.5, 3.2, 2.8, 2.9])
_WTP = _profile([3.2, 3.5, 3.7, 3.8], [3.6, 3.6, 3.8, 4.0])

HEALTH = {
    "NSH": {"government": _NSH[0], "operator": _NSH[1], "comments": {
        "government": ["Monthly meetings are constructive; the performance pack arrives on time.",
                       "Root-cause reports could come sooner after a failure.",
                       "Good working relationship with the helpdesk team."],
        "operator": ["Deductions are sometimes applied before our evidence is read.",
                     "Decisions on variations take too long.",
                     "The contract manager is approachable and fair."]}},
    "M7": {"government": _M7[0], "operator": _M7[1], "comments": {
        "government": ["Closures are well planned and communicated.",
                       "We need earlier warning of pavement problems.",
                       "Open and honest reporting of incidents."],
        "operator": ["Approvals for traffic management plans are slow.",
                     "Toll policy changes reach us late.",
                     "Joint safety work is a real strength."]}},
    "WTP": {"government": _WTP[0], "operator": _WTP[1], "comments": {
        "government": ["The plant team answers the phone day and night.",
                       "Reporting on energy use needs to improve.",
                       "Very good handling of the taste and odour event."],
        "operator": ["The Authority listens and acts quickly.",
                     "Capital plan decisions are clear and timely.",
                     "Compliance queries are answered within days."]}},
}
