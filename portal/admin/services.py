"""Administration rules: users, organisations and contracts. Plain values in, domain errors out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from portal.auth.models import User
from portal.auth.sessions import end_all
from portal.contracts.models import ORGANISATION_KINDS, Contract, Organisation
from portal.extensions import db
from portal.workdays import supported_countries


class AdminError(Exception):
    """A rule broken by what the administrator asked; `field` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- users ---------------------------------------------------------------------------------


def users_query(search: str = ""):
    """Users matching `search` in their name or e-mail address, by name."""
    statement = sa.select(User).order_by(User.name, User.id)
    search = (search or "").strip()
    if search:
        pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(sa.or_(sa.func.lower(User.name).like(pattern, escape="\\"),
                                           User.email.like(pattern, escape="\\")))
    return statement


def update_user(acting: User, user: User, *, name: str, active: bool, is_admin: bool) -> None:
    name = (name or "").strip()
    if not name:
        raise AdminError("Enter the person's name.", "name")
    if user.id == acting.id and not active:
        raise AdminError("You cannot deactivate your own account.", "active")
    if user.id == acting.id and not is_admin:
        raise AdminError("You cannot remove your own administrator rights; ask another administrator.", "is_admin")
    if user.active and not active:
        # Deactivation ends every session of the account on the server at once.

        end_all(user, "deactivated")
        user.end_other_sessions()
    user.name = name
    user.active = active
    user.is_admin = is_admin


# ---- organisations ---------------------------------------------------------------------------


def save_organisation(org: Organisation | None, *, name: str, kind: str, website: str | None,
                      description: str) -> Organisation:
    name = (name or "").strip()
    if kind not in ORGANISATION_KINDS:
        raise AdminError("Choose one of the kinds.", "kind")
    clash = db.session.scalar(sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower()))
    if clash is not None and (org is None or clash != org.id):
        raise AdminError("Another organisation already has this name.", "name")
    if org is None:
        org = Organisation(name=name, kind=kind)
        db.session.add(org)
    org.name = name
    org.kind = kind
    org.website = (website or "").strip() or None
    org.description = (description or "").strip()
    db.session.flush()
    return org


def organisations_of_kind(*kinds: str) -> list[Organisation]:
    return list(db.session.scalars(
        sa.select(Organisation).where(Organisation.kind.in_(kinds)).order_by(Organisation.name)))


# ---- contracts: parsing what administrators type -----------------------------------------


def to_minor(amount: Decimal) -> int:
    """A decimal amount (416666.67) to integer minor units (41666667); refuses fractions of a cent."""
    try:
        minor = Decimal(amount) * 100
    except (InvalidOperation, TypeError):
        raise AdminError("Enter an amount, like 416666.67.") from None
    if minor != minor.to_integral_value():
        raise AdminError("Use at most two decimal places.")
    return int(minor)


def from_minor(minor: int | None) -> Decimal:
    return (Decimal(minor or 0) / 100).quantize(Decimal("0.01"))


def check_time_zone(name: str) -> str:
    name = (name or "").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise AdminError("Unknown time zone. Use a name like Europe/Dublin or Africa/Nairobi.", "time_zone") from None
    return name


def check_calendar(country: str, subdivision: str) -> dict:
    """The country (ISO 3166-1 alpha-2) and optional region whose public holidays stop the
    contract's clocks; both must be known to the holiday calendar."""
    country, subdivision = country.strip().upper(), subdivision.strip().upper()
    known = supported_countries()
    if country and country not in known:
        raise AdminError("Unknown country. Use a two-letter code like IE, GB or KE.", "country")
    if subdivision and not country:
        raise AdminError("Choose the country before its region.", "subdivision")
    if subdivision and subdivision not in known[country]:
        regions = ", ".join(known[country][:12]) or "none"
        raise AdminError(f"Unknown region of {country}. Known: {regions}.", "subdivision")
    return {"country": country, "subdivision": subdivision}


def parse_holidays(text: str) -> list[str]:
    """One ISO date (YYYY-MM-DD) per line; blank lines ignored; sorted, without repeats."""
    days = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            days.add(date.fromisoformat(line).isoformat())
        except ValueError:
            raise AdminError(f"Line {number}: {line!r} is not a date like 2026-12-25.", "holidays") from None
    return sorted(days)


def format_holidays(days: list[str] | None) -> str:
    return "\n".join(days or [])


def parse_ladder(text: str) -> list[dict]:
    """One stage per line: `key | Label | days`, e.g. `mediation | Mediation | 30`."""
    ladder = []
    seen = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise AdminError(f"Line {number}: write key | Label | days, like: mediation | Mediation | 30.",
                             "dispute_ladder")
        key, label, days = parts
        if not days.isdigit() or not 1 <= int(days) <= 1000:
            raise AdminError(f"Line {number}: the days must be a whole number from 1 to 1000.", "dispute_ladder")
        if key in seen:
            raise AdminError(f"Line {number}: the stage {key!r} appears twice.", "dispute_ladder")
        seen.add(key)
        ladder.append({"stage": key[:40], "label": label[:120], "days": int(days)})
    if not ladder:
        raise AdminError("Give the ladder at least one stage.", "dispute_ladder")
    return ladder


def format_ladder(ladder: list[dict] | None) -> str:
    return "\n".join(f"{s['stage']} | {s['label']} | {s['days']}" for s in (ladder or []))


def save_contract(contract: Contract | None, values: dict) -> Contract:
    """Create or update a contract from form values (amounts as Decimal, text as typed).

    Raises AdminError naming the field. Version conflicts are the caller's business."""
    code = values["code"].strip().upper()
    clash = db.session.scalar(sa.select(Contract.id).where(Contract.code == code))
    if clash is not None and (contract is None or clash != contract.id):
        raise AdminError("Another contract already uses this code.", "code")
    if values["end_date"] <= values["start_date"]:
        raise AdminError("The end date must be after the start date.", "end_date")
    government = db.session.get(Organisation, values["government_org_id"])
    if government is None or government.kind != "government":
        raise AdminError("Choose a government body.", "government_org_id")
    operator = db.session.get(Organisation, values["operator_org_id"])
    if operator is None or operator.kind != "operator":
        raise AdminError("Choose an operator.", "operator_org_id")
    fields = {
        "code": code,
        "title": values["title"].strip(),
        "sector": values["sector"],
        "location": (values.get("location") or "").strip(),
        "status": values["status"],
        "government_org_id": government.id,
        "operator_org_id": operator.id,
        "start_date": values["start_date"],
        "end_date": values["end_date"],
        "currency": values["currency"].strip().upper(),
        "deduction_cap_percent": Decimal(values["deduction_cap_percent"]).quantize(Decimal("0.01")),
        "ack_working_days": values["ack_working_days"],
        "response_working_days": values["response_working_days"],
        "time_zone": check_time_zone(values["time_zone"]),
        **check_calendar(values.get("country") or "", values.get("subdivision") or ""),
        "holidays": parse_holidays(values.get("holidays") or ""),
        "dispute_ladder": parse_ladder(values.get("dispute_ladder") or ""),
        "public_summary": (values.get("public_summary") or "").strip(),
        "is_published": bool(values.get("is_published")),
        "four_eyes": bool(values.get("four_eyes", True)),
    }
    if fields["ack_working_days"] > fields["response_working_days"]:
        raise AdminError("Acknowledging cannot take longer than responding.", "ack_working_days")
    for field, key in (("monthly_unitary_charge", "monthly_unitary_charge_minor"), ("point_value", "point_value_minor"),
                       ("total_value", "total_value_minor")):
        try:
            fields[key] = to_minor(values[field])
        except AdminError as error:
            raise AdminError(str(error), field) from None
    if contract is None:
        contract = Contract(**fields)
        db.session.add(contract)
    else:
        for key, value in fields.items():
            if getattr(contract, key) != value:
                setattr(contract, key, value)
    db.session.flush()
    return contract


def contract_form_data(contract: Contract) -> dict:
    """The values an edit form starts from."""
    return {
        "version": contract.version,
        "code": contract.code, "title": contract.title, "sector": contract.sector,
        "location": contract.location, "status": contract.status,
        "government_org_id": contract.government_org_id, "operator_org_id": contract.operator_org_id,
        "start_date": contract.start_date, "end_date": contract.end_date, "currency": contract.currency,
        "monthly_unitary_charge": from_minor(contract.monthly_unitary_charge_minor),
        "point_value": from_minor(contract.point_value_minor),
        "deduction_cap_percent": contract.deduction_cap_percent,
        "ack_working_days": contract.ack_working_days, "response_working_days": contract.response_working_days,
        "time_zone": contract.time_zone, "holidays": format_holidays(contract.holidays),
        "country": contract.country, "subdivision": contract.subdivision,
        "total_value": from_minor(contract.total_value_minor),
        "dispute_ladder": format_ladder(contract.dispute_ladder),
        "public_summary": contract.public_summary, "is_published": contract.is_published,
        "four_eyes": contract.four_eyes,
    }
