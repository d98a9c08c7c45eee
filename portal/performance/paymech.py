"""The payment mechanism: a pure function from contract terms, failure events and points to a
monthly payment statement. No database, no Flask, no floats: every amount is a `Decimal` and
every money line is rounded half-up to the currency's minor unit.

Follows the availability-based payment mechanism of PFI/PPP contracts (4Ps standard payment
mechanism; HM Treasury SoPC4 ch. 7):

- availability deduction of an event = area rate × weighting × deduction periods × used factor
  × repetition multiplier, where deduction periods counts each deduction period, or part of one,
  from the end of the rectification period to the rectified time;
- performance deduction = the month's points above the threshold, priced band by band;
- total deduction = min(availability + performance, cap); net = charge − total, never below 0.

An event whose unavailability spans a month boundary is split at the boundary: each deduction
period belongs to the month in which it starts, so the months together never charge more
periods than the event as a whole.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
ONE = Decimal("1")


class TermsError(ValueError):
    """The terms or events cannot be used; the message says which value and why."""


def dec(value, name: str = "value") -> Decimal:
    """A Decimal from a decimal string or an int (floats are refused: they are not exact)."""
    if isinstance(value, bool | float):
        raise TermsError(f"{name} must be a decimal string such as \"2.50\", not {value!r}")
    if isinstance(value, Decimal):
        return value
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, AttributeError):
        raise TermsError(f"{name} is not a number: {value!r}") from None
    if not result.is_finite():
        raise TermsError(f"{name} is not a finite number: {value!r}")
    return result


def plain(value: Decimal) -> Decimal:
    """The same number without trailing zeros and never in exponent form: 20.000000 -> 20."""
    value = Decimal(value)
    return value.quantize(ONE) if value == value.to_integral_value() else value.normalize()


def money(amount: Decimal, minor_digits: int = 2) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-minor_digits), rounding=ROUND_HALF_UP)


# ---- terms --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    name: str
    weighting: Decimal
    rectification_hours: Decimal
    deduction_period_hours: Decimal


@dataclass(frozen=True)
class Ratchet:
    after: int
    multiplier: Decimal


@dataclass(frozen=True)
class Band:
    start: int  # first point priced in this band ("from")
    end: int | None  # last point, inclusive ("to"); None = no upper limit
    multiplier: Decimal


@dataclass(frozen=True)
class Terms:
    monthly_unitary_charge: Decimal
    area_rate: Decimal
    areas: dict[str, Area]
    used_factor: Decimal = Decimal("0.5")
    repetition: tuple[Ratchet, ...] = ()
    points_threshold: int = 0
    point_value: Decimal = ZERO
    bands: tuple[Band, ...] = ()
    cap_percent: Decimal | None = None
    currency: str = "EUR"
    minor_digits: int = 2


@dataclass(frozen=True)
class Event:
    area: str
    criterion: str
    reported_at: datetime
    rectified_at: datetime | None  # None: not rectified by the end of the period
    used: bool = False
    deductible: bool = True  # False when an excusing cause was accepted or the deduction waived
    reason: str = ""  # why it is not deductible
    ref: str = ""


def derive_area_rate(annual_charge: Decimal, areas: list[Area], operating_hours_per_year: Decimal,
                     calibration_factor: Decimal = ONE) -> Decimal:
    """Area rate = annual charge ÷ Σ(weighting × deduction periods per year) × calibration.

    Kept to 6 decimal places (a rate, not a money line)."""
    total = ZERO
    for area in areas:
        if area.deduction_period_hours <= 0:
            raise TermsError(f"area {area.name}: deduction_period_hours must be above zero")
        total += area.weighting * (operating_hours_per_year / area.deduction_period_hours)
    if total <= 0:
        raise TermsError("the areas' weightings add up to zero; the area rate cannot be derived")
    return (annual_charge / total * calibration_factor).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def repetition_multiplier(ordinal: int, repetition) -> Decimal:
    """The multiplier for the `ordinal`-th failure (1-based) of a criterion in a month."""
    multiplier = ONE
    for ratchet in sorted(repetition, key=lambda r: r.after):
        if ordinal > ratchet.after:
            multiplier = ratchet.multiplier
    return multiplier


def deduction_periods(event: Event, area: Area, period_start: datetime | None = None,
                      period_end: datetime | None = None) -> int:
    """Deduction periods (each started one counts whole) from the end of the rectification
    period to the rectified time, restricted to those starting within [period_start, period_end)."""
    if area.deduction_period_hours <= 0:
        raise TermsError(f"area {area.name}: deduction_period_hours must be above zero")
    unavailable_from = event.reported_at + _hours(area.rectification_hours)
    until = event.rectified_at or period_end
    if until is None:
        raise TermsError(f"event {event.ref or event.criterion}: not rectified and no period given")
    if until <= unavailable_from:
        return 0
    length = _hours(area.deduction_period_hours)
    total = math.ceil((until - unavailable_from) / length)
    if period_start is None and period_end is None:
        return total
    count = 0
    for k in range(total):
        starts = unavailable_from + k * length
        if (period_start is None or starts >= period_start) and (period_end is None or starts < period_end):
            count += 1
    return count


def performance_deduction(points: int, terms: Terms) -> tuple[Decimal, list[dict]]:
    """Points above the threshold priced band by band. Returns (amount, band lines)."""
    lines = []
    total = ZERO
    for band in sorted(terms.bands, key=lambda b: b.start):
        low = max(band.start, terms.points_threshold + 1)
        high = points if band.end is None else min(points, band.end)
        count = high - low + 1
        if count <= 0:
            continue
        amount = money(Decimal(count) * terms.point_value * band.multiplier, terms.minor_digits)
        total += amount
        lines.append({"from": band.start, "to": band.end, "points": count,
                      "point_value": str(terms.point_value), "multiplier": str(band.multiplier),
                      "amount": str(amount)})
    return total, lines


def kpi_met(value: Decimal | None, target: Decimal, direction: str = "higher") -> bool | None:
    """Whether a measured value meets its target; None when nothing was measured.

    direction "higher": higher is better (value ≥ target); "lower": lower is better (value ≤ target)."""
    if value is None:
        return None
    if direction == "lower":
        return value <= target
    if direction == "higher":
        return value >= target
    raise TermsError(f"unknown KPI direction {direction!r}; use 'higher' or 'lower'")


def rolling_points(monthly_points: list[int], window: int, warning: int | None,
                   default: int | None) -> list[dict]:
    """For each month, the points over the last `window` months (itself included), flagged
    when they reach the warning or default threshold."""
    result = []
    for index, points in enumerate(monthly_points):
        total = sum(monthly_points[max(0, index - window + 1): index + 1])
        result.append({
            "points": points,
            "rolling": total,
            "warning": warning is not None and total >= warning,
            "default": default is not None and total >= default,
        })
    return result


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = datetime(month.year, month.month, 1, tzinfo=UTC)
    days = calendar.monthrange(month.year, month.month)[1]
    return start, start + timedelta(days=days)


def calculate(terms: Terms, events: list[Event], points: int = 0, month: date | None = None) -> dict:
    """The payment statement for one month, as a JSON-ready dict of decimal strings.

    With `month`, only deduction periods starting in that month are charged and open events run
    to its end; without it every event is charged in full. The repetition count of an event is
    its place among the failures of the same criterion reported in the same calendar month."""
    if points < 0:
        raise TermsError("points cannot be negative")
    period_start = period_end = None
    if month is not None:
        period_start, period_end = month_bounds(month)
    digits = terms.minor_digits

    ordinals: dict[int, int] = {}
    seen: dict[tuple, int] = {}
    for index, event in sorted(enumerate(events), key=lambda item: (item[1].reported_at, item[0])):
        key = (event.criterion, event.reported_at.year, event.reported_at.month)
        seen[key] = seen.get(key, 0) + 1
        ordinals[index] = seen[key]

    lines = []
    availability = ZERO
    for index, event in enumerate(events):
        area = terms.areas.get(event.area)
        if area is None:
            raise TermsError(f"event {event.ref or index + 1}: unknown area {event.area!r}")
        if event.rectified_at is not None and event.rectified_at < event.reported_at:
            raise TermsError(f"event {event.ref or index + 1}: rectified before it was reported")
        periods = deduction_periods(event, area, period_start, period_end)
        if period_start is not None and periods == 0 and not _touches(event, period_start, period_end):
            continue  # belongs to another month entirely
        ordinal = ordinals[index]
        multiplier = repetition_multiplier(ordinal, terms.repetition)
        used_factor = terms.used_factor if event.used else ONE
        raw = terms.area_rate * area.weighting * Decimal(periods) * used_factor * multiplier
        amount = money(raw, digits) if event.deductible else money(ZERO, digits)
        availability += amount
        lines.append({
            "ref": event.ref, "area": event.area, "criterion": event.criterion,
            "reported_at": _iso(event.reported_at),
            "rectified_at": _iso(event.rectified_at) if event.rectified_at else None,
            "used": event.used, "area_rate": str(terms.area_rate), "weighting": str(area.weighting),
            "rectification_hours": str(area.rectification_hours),
            "deduction_period_hours": str(area.deduction_period_hours),
            "deduction_periods": periods, "used_factor": str(used_factor),
            "failure_number": ordinal, "repetition_multiplier": str(multiplier),
            "deductible": event.deductible, "reason": event.reason, "amount": str(amount),
        })

    performance, bands = performance_deduction(points, terms)
    availability = money(availability, digits)
    performance = money(performance, digits)
    charge = money(terms.monthly_unitary_charge, digits)
    before_cap = availability + performance
    cap = money(charge * terms.cap_percent / 100, digits) if terms.cap_percent is not None else None
    total = min(before_cap, cap) if cap is not None else before_cap
    net = max(charge - total, money(ZERO, digits))
    return {
        "month": month.strftime("%Y-%m") if month else None,
        "currency": terms.currency,
        "monthly_unitary_charge": str(charge),
        "availability_deduction": str(availability),
        "points": points,
        "points_threshold": terms.points_threshold,
        "performance_deduction": str(performance),
        "deduction_before_cap": str(money(before_cap, digits)),
        "cap_percent": str(terms.cap_percent) if terms.cap_percent is not None else None,
        "cap": str(cap) if cap is not None else None,
        "capped": cap is not None and before_cap > cap,
        "total_deduction": str(money(total, digits)),
        "net_payment": str(net),
        "lines": lines,
        "performance_bands": bands,
    }


def _touches(event: Event, start: datetime, end: datetime) -> bool:
    return start <= event.reported_at < end


def _hours(value: Decimal) -> timedelta:
    return timedelta(seconds=int(value * 3600))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# ---- the JSON document of `flask portal paymech` ------------------------------------------


def parse_time(value, name: str) -> datetime:
    if not isinstance(value, str):
        raise TermsError(f"{name} must be an ISO 8601 date-time string")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise TermsError(f"{name} is not an ISO 8601 date-time: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def terms_from_dict(data: dict) -> Terms:
    if not isinstance(data, dict):
        raise TermsError("terms must be an object")
    try:
        areas = {}
        for i, raw in enumerate(data.get("areas") or []):
            name = raw["name"]
            areas[name] = Area(name, dec(raw["weighting"], f"areas[{i}].weighting"),
                               dec(raw.get("rectification_hours", 0), f"areas[{i}].rectification_hours"),
                               dec(raw.get("deduction_period_hours", 1), f"areas[{i}].deduction_period_hours"))
        charge = dec(data["monthly_unitary_charge"], "monthly_unitary_charge")
        if data.get("area_rate") is not None:
            area_rate = dec(data["area_rate"], "area_rate")
        else:
            area_rate = derive_area_rate(charge * 12, list(areas.values()),
                                         dec(data.get("operating_hours_per_year", "8760"), "operating_hours_per_year"),
                                         dec(data.get("calibration_factor", "1"), "calibration_factor"))
        repetition = tuple(Ratchet(int(r["after"]), dec(r["multiplier"], "repetition.multiplier"))
                           for r in data.get("repetition") or [])
        bands = tuple(Band(int(b["from"]), None if b.get("to") is None else int(b["to"]),
                           dec(b["multiplier"], "bands.multiplier")) for b in data.get("bands") or [])
        cap = data.get("cap_percent")
        return Terms(
            monthly_unitary_charge=charge, area_rate=area_rate, areas=areas,
            used_factor=dec(data.get("used_factor", "0.5"), "used_factor"), repetition=repetition,
            points_threshold=int(data.get("points_threshold", 0)),
            point_value=dec(data.get("point_value", "0"), "point_value"), bands=bands,
            cap_percent=None if cap is None else dec(cap, "cap_percent"),
            currency=str(data.get("currency", "EUR")), minor_digits=int(data.get("minor_digits", 2)),
        )
    except KeyError as error:
        raise TermsError(f"terms: missing {error.args[0]!r}") from None
    except (TypeError, ValueError) as error:
        if isinstance(error, TermsError):
            raise
        raise TermsError(f"terms: {error}") from None


def events_from_list(items) -> list[Event]:
    events = []
    for i, raw in enumerate(items or []):
        try:
            events.append(Event(
                area=raw["area"], criterion=str(raw.get("criterion", raw["area"])),
                reported_at=parse_time(raw["reported_at"], f"events[{i}].reported_at"),
                rectified_at=(parse_time(raw["rectified_at"], f"events[{i}].rectified_at")
                              if raw.get("rectified_at") else None),
                used=bool(raw.get("used", False)), deductible=not raw.get("excused", False),
                reason=str(raw.get("reason", "")), ref=str(raw.get("ref", i + 1)),
            ))
        except KeyError as error:
            raise TermsError(f"events[{i}]: missing {error.args[0]!r}") from None
    return events


def calculate_document(document: dict) -> dict:
    """The CLI's entry point: {"terms": {...}, "events": [...], "points": N, "month": "YYYY-MM"?}."""
    if not isinstance(document, dict) or "terms" not in document:
        raise TermsError("the document must be an object with \"terms\"")
    terms = terms_from_dict(document["terms"])
    events = events_from_list(document.get("events"))
    month = None
    if document.get("month"):
        try:
            month = datetime.strptime(document["month"], "%Y-%m").date()
        except ValueError:
            raise TermsError("month must be YYYY-MM") from None
    points = document.get("points", 0)
    if isinstance(points, bool) or not isinstance(points, int | str):
        raise TermsError("points must be a whole number")
    try:
        points = int(points)
    except ValueError:
        raise TermsError("points must be a whole number") from None
    return calculate(terms, events, points, month)


__all__ = [
    "Area", "Band", "Event", "Ratchet", "Terms", "TermsError", "calculate", "calculate_document",
    "derive_area_rate", "kpi_met", "money", "performance_deduction", "repetition_multiplier",
    "rolling_points", "month_bounds",
]
