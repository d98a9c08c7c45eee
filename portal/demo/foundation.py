"""Organisations, the three demo contracts and one person for every role."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from portal.auth.models import User
from portal.auth.services import hash_password
from portal.contracts.models import Contract, Membership, Organisation
from portal.demo import DEMO_PASSWORD
from portal.extensions import db

ORDER = 0

ORGANISATIONS = {
    "doh": ("Department of Health, Capital Projects Unit", "government", "Sponsors and oversees the hospital PPP programme."),
    "meridian": ("Meridian Health Partners Ltd", "operator", "Special-purpose company that built and runs Northshore General Hospital."),
    "castlegate": ("Castlegate Facilities Services", "subcontractor", "Hard and soft facilities management at Northshore General."),
    "nra": ("National Roads Authority", "government", "Manages the national road network and its concessions."),
    "via": ("Via Midlands Concessions DAC", "operator", "Concessionaire of the M7 Midlands toll motorway."),
    "highfield": ("Highfield Road Services", "subcontractor", "Routine maintenance, winter service and incident response on the M7."),
    "rrwa": ("Riverbend Regional Water Authority", "government", "Public water utility for the Riverbend region."),
    "aquanova": ("AquaNova Operations Ltd", "operator", "Designs, builds and operates the Riverbend water treatment works."),
    "helix": ("Helix Process Engineering", "subcontractor", "Process control, laboratory and membrane maintenance at Riverbend."),
    "patients": ("Port Marren Patients' Voice", "community", "Patients, carers and neighbours of Northshore General Hospital."),
    "residents": ("Midlands Motorway Residents' Association", "community", "Households along the M7 between Kildangan and Ballybrophy."),
    "ardent": ("Ardent Independent Certifiers LLP", "reviewer", "Independent certifier and auditor appointed under each contract."),
}

CONTRACTS = [
    {
        "code": "NSH", "title": "Northshore General Hospital", "sector": "health",
        "location": "Port Marren", "government": "doh", "operator": "meridian",
        "start_date": date(2019, 4, 1), "end_date": date(2049, 3, 31), "currency": "GBP",
        "monthly_unitary_charge_minor": 41_666_667, "point_value_minor": 300,
        "deduction_cap_percent": Decimal("15.00"), "time_zone": "Europe/London", "country": "GB", "subdivision": "ENG",
        "total_value_minor": 15_200_000_000,
        "public_summary": "A 420-bed acute hospital with an emergency department, eight operating theatres and a maternity unit, designed, built, financed and maintained by Meridian Health Partners under a 30-year availability-based contract. Clinical services are provided by the public health service; the operator keeps the building available and runs estates, cleaning, catering and portering.",
    },
    {
        "code": "M7", "title": "M7 Midlands Toll Motorway", "sector": "transport",
        "location": "Kildangan to Ballybrophy", "government": "nra", "operator": "via",
        "start_date": date(2017, 7, 1), "end_date": date(2047, 6, 30), "currency": "EUR",
        "monthly_unitary_charge_minor": 125_000_000, "point_value_minor": 1_500,
        "deduction_cap_percent": Decimal("20.00"), "time_zone": "Europe/Dublin", "country": "IE",
        "total_value_minor": 45_900_000_000,
        "public_summary": "41 km of dual-carriageway motorway with two toll plazas and six junctions. Via Midlands operates, maintains and collects tolls for 30 years; the Authority pays an availability payment reduced for lane closures and service failures.",
    },
    {
        "code": "WTP", "title": "Riverbend Water Treatment Plant", "sector": "water",
        "location": "Riverbend", "government": "rrwa", "operator": "aquanova",
        "start_date": date(2021, 1, 1), "end_date": date(2046, 12, 31), "currency": "EUR",
        "monthly_unitary_charge_minor": 38_500_000, "point_value_minor": 500,
        "deduction_cap_percent": Decimal("12.50"), "time_zone": "Europe/Dublin", "country": "IE",
        "total_value_minor": 12_400_000_000,
        "public_summary": "A 60 megalitre-a-day drinking water treatment works serving 180,000 people, with membrane filtration, UV disinfection and a sludge treatment line. AquaNova is paid for water delivered to the drinking-water standard and for plant availability.",
    },
]

# (key, name, e-mail, contract, role, organisation)
PEOPLE = [
    ("nsh_pm", "Fiona Gallagher", "fiona.gallagher@health.example.gov", "NSH", "public_manager", "doh"),
    ("nsh_po", "Samuel Adeyemi", "samuel.adeyemi@health.example.gov", "NSH", "public_officer", "doh"),
    ("nsh_om", "Rachel Whitmore", "rachel.whitmore@meridianhealth.example.com", "NSH", "operator_manager", "meridian"),
    ("nsh_os", "Daniel Kowalski", "daniel.kowalski@castlegatefs.example.com", "NSH", "operator_staff", "castlegate"),
    ("nsh_cr", "Margaret O'Neill", "margaret.oneill@patientsvoice.example.org", "NSH", "community_rep", "patients"),
    ("nsh_rv", "Priya Raman", "priya.raman@ardentcert.example.com", "NSH", "reviewer", "ardent"),
    ("m7_pm", "Conor Byrne", "conor.byrne@roads.example.gov", "M7", "public_manager", "nra"),
    ("m7_po", "Aisling Murphy", "aisling.murphy@roads.example.gov", "M7", "public_officer", "nra"),
    ("m7_om", "Javier Ortega", "javier.ortega@viamidlands.example.com", "M7", "operator_manager", "via"),
    ("m7_os", "Niamh Doyle", "niamh.doyle@highfieldroads.example.com", "M7", "operator_staff", "highfield"),
    ("m7_cr", "Patrick Dunne", "patrick.dunne@m7residents.example.org", "M7", "community_rep", "residents"),
    ("m7_rv", "Helen Carter", "helen.carter@ardentcert.example.com", "M7", "reviewer", "ardent"),
    ("wtp_pm", "Brendan Kelly", "brendan.kelly@riverbendwater.example.gov", "WTP", "public_manager", "rrwa"),
    ("wtp_po", "Grace Nolan", "grace.nolan@riverbendwater.example.gov", "WTP", "public_officer", "rrwa"),
    ("wtp_om", "Lars Eriksen", "lars.eriksen@aquanova.example.com", "WTP", "operator_manager", "aquanova"),
    ("wtp_os", "Chiara Romano", "chiara.romano@helixprocess.example.com", "WTP", "operator_staff", "helix"),
    ("wtp_cr", "Declan Walsh", "declan.walsh@m7residents.example.org", "WTP", "community_rep", "residents"),
    ("wtp_rv", "Priya Raman", "priya.raman@ardentcert.example.com", "WTP", "reviewer", "ardent"),
]

OTHERS = [
    ("admin", "Portal Administrator", "admin@portal.example.gov", True),
    ("resident1", "Aoife Brennan", "aoife.brennan@example.net", False),
    ("resident2", "Tomás Okafor", "tomas.okafor@example.net", False),
]


def _user(email: str, name: str, password_hash: str, admin: bool = False) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, password_hash=password_hash, is_admin=admin)
        db.session.add(user)
        db.session.flush()
    return user


def seed(ctx) -> str | None:

    created = db.session.scalar(sa.select(sa.func.count(Contract.id))) == 0
    password_hash = hash_password(DEMO_PASSWORD)  # hash once: Argon2 is slow on purpose
    orgs = {}
    for key, (name, kind, description) in ORGANISATIONS.items():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name, kind=kind, description=description)
            db.session.add(org)
            db.session.flush()
        orgs[key] = org
    contracts = {}
    for spec in CONTRACTS:
        contract = db.session.scalar(sa.select(Contract).where(Contract.code == spec["code"]))
        if contract is None:
            values = {k: v for k, v in spec.items() if k not in {"government", "operator"}}
            contract = Contract(**values, government_org_id=orgs[spec["government"]].id,
                                operator_org_id=orgs[spec["operator"]].id, is_published=True)
            db.session.add(contract)
            db.session.flush()
        contracts[contract.code] = contract
    users = {}
    for key, name, email, admin in OTHERS:
        users[key] = _user(email, name, password_hash, admin)
    for key, name, email, code, role, org_key in PEOPLE:
        user = _user(email, name, password_hash)
        users[key] = user
        exists = db.session.scalar(sa.select(Membership.id).where(
            Membership.user_id == user.id, Membership.contract_id == contracts[code].id))
        if exists is None:
            db.session.add(Membership(user_id=user.id, contract_id=contracts[code].id,
                                      organisation_id=orgs[org_key].id, role=role))
    db.session.flush()
    ctx.update(orgs=orgs, contracts=contracts, users=users)
    if created:
        return f"Demo: {len(contracts)} contracts, {len(orgs)} organisations, {len(users)} people (password {DEMO_PASSWORD})."
    return None
