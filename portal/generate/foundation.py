"""Organisations, contracts and one person for every role of each contract.

Contracts take the three demo shapes in turn (a hospital, a toll motorway, a water treatment
plant) in fictional towns; one in ten is unpublished. Everyone signs in with the demo password;
their e-mail addresses end in `.generated.example`, which `portal check-config` refuses in
production."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from portal.auth.models import User
from portal.auth.services import hash_password
from portal.contracts.models import DEFAULT_DISPUTE_LADDER, Contract, Membership, Organisation
from portal.demo import DEMO_PASSWORD

ORDER = 0
EMAIL_DOMAIN = "generated.example"
ROLES = ("public_manager", "public_officer", "operator_manager", "operator_staff", "community_rep",
         "reviewer")
TOWNS = ["Ardmore", "Ballymena", "Carrick", "Dunmore", "Eastwick", "Fairhaven", "Glenmoor", "Hartley",
         "Inverlee", "Kilbride", "Larkhill", "Millbrook", "Newbridge", "Oakham", "Portree", "Queensferry",
         "Rosslare", "Stanton", "Thornbury", "Upton", "Valemount", "Westport", "Yarrow", "Ashby",
         "Bramley", "Castlebar", "Dunleer", "Elmswell", "Ferbane", "Gorey", "Holywell", "Kells",
         "Lisburn", "Mallow", "Naas", "Oranmore", "Pembroke", "Rathmore", "Skerries", "Tullow",
         "Wexham", "Ashford", "Birr", "Clonmel", "Dungarvan", "Ennis", "Fermoy", "Galbally", "Howth",
         "Kinsale"]
FIRST_NAMES = ["Aoife", "Brian", "Ciara", "Declan", "Eimear", "Fergal", "Grainne", "Hugh", "Isabel",
               "James", "Katie", "Liam", "Maeve", "Niall", "Orla", "Padraig", "Roisin", "Sean", "Tara",
               "Una", "Amir", "Beatriz", "Chen", "Dmitri", "Elena", "Farah", "Gustavo", "Hana"]
LAST_NAMES = ["Byrne", "Carroll", "Doyle", "Egan", "Flynn", "Gallagher", "Hayes", "Kavanagh", "Lynch",
              "Murphy", "Nolan", "O'Brien", "Quinn", "Reilly", "Sheridan", "Tierney", "Walsh", "Khan",
              "Novak", "Silva", "Rossi", "Larsen", "Moreau", "Schmidt"]
# shape: (code prefix, sector, title, location, currency, zone, country, subdivision, monthly charge)
SHAPES = [
    ("HSP", "health", "{town} General Hospital", "{town}", "GBP", "Europe/London", "GB", "ENG", 41_666_667),
    ("MWY", "transport", "{town} Bypass Toll Motorway", "{town} to {other}", "EUR", "Europe/Dublin", "IE", "",
     125_000_000),
    ("WTR", "water", "{town} Water Treatment Plant", "{town}", "EUR", "Europe/Dublin", "IE", "", 38_500_000),
]
SUMMARIES = {
    "health": "A {beds}-bed acute hospital designed, built, financed and maintained by {operator} under a "
              "30-year availability-based contract. Clinical services are provided by the public health "
              "service; the operator keeps the building available and runs estates, cleaning, catering and portering.",
    "transport": "{km} km of dual-carriageway motorway with a toll plaza and {junctions} junctions. {operator} "
                 "operates, maintains and collects tolls for 30 years; the Authority pays an availability "
                 "payment reduced for lane closures and service failures.",
    "water": "A {mld} megalitre-a-day drinking water treatment works with membrane filtration and UV "
             "disinfection. {operator} is paid for water delivered to the drinking-water standard and for "
             "plant availability.",
}


def estimate(plan) -> int:
    return plan.contracts * (4 + 2 * len(ROLES) + 2) + 3


def _person(ctx, rng, key: str, name: str | None = None, admin: bool = False) -> dict:
    name = name or f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    row = ctx.writer.add(User, {
        "email": f"{key}@{EMAIL_DOMAIN}", "name": name, "password_hash": ctx.shared["password_hash"],
        "is_admin": admin, "active": True, "email_preference": "digest", "created_at": ctx.shared["start"],
        "session_token": f"{rng.getrandbits(128):032x}"})
    return row


def _organisation(ctx, name: str, kind: str, description: str) -> dict:
    return ctx.writer.add(Organisation, {"name": name, "kind": kind, "description": description,
                                         "website": None, "created_at": ctx.shared["start"]})


def _contract(ctx, rng, index: int, orgs: dict) -> dict:
    plan, now = ctx.plan, ctx.now
    prefix, sector, title, location, currency, zone, country, subdivision, charge = SHAPES[index % len(SHAPES)]
    town, other = TOWNS[index % len(TOWNS)], TOWNS[(index * 7 + 3) % len(TOWNS)]
    suffix = f" {index // len(TOWNS) + 1}" if index >= len(TOWNS) else ""
    first_month = date(now.year, now.month, 1) - relativedelta(months=plan.months - 1)
    start = first_month - relativedelta(months=rng.randint(1, 18))
    operator = orgs["operator"]["name"]
    summary = SUMMARIES[sector].format(beds=rng.choice((280, 350, 420, 510)), operator=operator,
                                       km=rng.randint(18, 64), junctions=rng.randint(3, 9),
                                       mld=rng.choice((25, 40, 60, 90)))
    monthly = charge + rng.randint(-5_000_000, 5_000_000)
    return ctx.writer.add(Contract, {
        "code": f"{prefix}{index + 1:03d}", "title": title.format(town=town) + suffix, "sector": sector,
        "location": location.format(town=town, other=other), "status": "operating",
        "government_org_id": orgs["government"]["id"], "operator_org_id": orgs["operator"]["id"],
        "start_date": start, "end_date": start + relativedelta(years=30) - timedelta(days=1),
        "currency": currency, "monthly_unitary_charge_minor": monthly,
        "point_value_minor": rng.choice((300, 500, 1_500)), "deduction_cap_percent": Decimal("15.00"),
        "ack_working_days": 5, "response_working_days": 20, "time_zone": zone, "country": country,
        "subdivision": subdivision, "holidays": [], "total_value_minor": monthly * 12 * 30 * 13 // 10,
        "dispute_ladder": list(DEFAULT_DISPUTE_LADDER), "public_summary": summary,
        "is_published": index % 10 != 9, "version": 1, "created_at": ctx.shared["start"]},
        summary=f"{prefix}{index + 1:03d} {title.format(town=town)}{suffix}")


def generate(ctx) -> str:
    rng = ctx.rng("foundation")
    plan = ctx.plan
    ctx.shared["password_hash"] = hash_password(DEMO_PASSWORD)  # once: Argon2 is slow on purpose
    ctx.shared["start"] = ctx.now - timedelta(days=31 * plan.months + 600)
    reviewer = _organisation(ctx, "Ardent Independent Certifiers LLP (generated)", "reviewer",
                             "Independent certifier appointed under each contract.")
    _person(ctx, rng, "admin", "Generated Administrator", admin=True)
    contracts, members = [], {}
    for index in range(plan.contracts):
        town = TOWNS[index % len(TOWNS)] + (f" {index // len(TOWNS) + 1}" if index >= len(TOWNS) else "")
        orgs = {
            "government": _organisation(ctx, f"{town} Public Works Authority", "government",
                                        f"Sponsors and oversees the {town} partnership."),
            "operator": _organisation(ctx, f"{town} Partners Ltd", "operator",
                                      f"Special-purpose company running the {town} contract."),
            "subcontractor": _organisation(ctx, f"{town} Facilities Services", "subcontractor",
                                           "Maintenance and services under the operator."),
            "community": _organisation(ctx, f"{town} Residents' Forum", "community",
                                       f"Residents and users of the {town} facility."),
            "reviewer": reviewer,
        }
        contract = _contract(ctx, rng, index, orgs)
        contracts.append(contract)
        members[contract["id"]] = {}
        for role in ROLES:
            side = {"public_manager": "government", "public_officer": "government",
                    "operator_manager": "operator", "operator_staff": "subcontractor",
                    "community_rep": "community", "reviewer": "reviewer"}[role]
            user = _person(ctx, rng, f"{role.replace('_', '.')}.{contract['code'].lower()}")
            ctx.writer.add(Membership, {"user_id": user["id"], "contract_id": contract["id"],
                                        "organisation_id": orgs[side]["id"], "role": role,
                                        "created_at": ctx.shared["start"]},
                           summary=f"{user['name']} as {role.replace('_', ' ')}")
            members[contract["id"]][role] = user
        members[contract["id"]]["residents"] = [
            _person(ctx, rng, f"resident{n}.{contract['code'].lower()}") for n in (1, 2)]
    ctx.shared["contracts"] = contracts
    ctx.shared["members"] = members
    return f"Generated: {len(contracts)} contracts, {len(contracts) * (len(ROLES) + 2) + 1} people."
