"""Jinja filters and globals: formatting money and times, and asking the access policy."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask import Flask
from flask_login import current_user

from portal import access
from portal.navigation import contract_sections
from portal.panels import record_actions

CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "ZAR": "R", "INR": "₹"}

HTMX_CONFIG = {
    "selfRequestsOnly": True,
    "allowEval": False,
    "allowScriptTags": False,
    "includeIndicatorStyles": False,
    "historyRestoreAsHxRequest": False,
    # htmx's default also settles `style`, which a strict CSP (no inline styles) refuses.
    "attributesToSettle": ["class", "width", "height"],
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "422", "swap": True},
        {"code": "[45]..", "swap": False, "error": True},
    ],
}


def format_money(minor: int | Decimal | None, currency: str = "EUR") -> str:
    """Minor units (cents) to a display string, e.g. 41666667 -> '€416,666.67'."""
    if minor is None:
        return "–"
    amount = (Decimal(minor) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    symbol = CURRENCY_SYMBOLS.get(currency)
    sign = "−" if amount < 0 else ""
    text = f"{abs(amount):,.2f}"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def format_decimal_money(amount: Decimal | str | None, currency: str = "EUR") -> str:
    if amount is None:
        return "–"
    return format_money(Decimal(amount) * 100, currency)


def local_time(value: datetime | None, zone: str | None = "UTC", fmt: str = "%d %b %Y, %H:%M") -> str:
    if value is None:
        return "–"
    try:
        tz = ZoneInfo(zone or "UTC")
    except Exception:
        tz = ZoneInfo("UTC")
    return value.astimezone(tz).strftime(fmt)


def format_date(value: date | datetime | None, fmt: str = "%d %b %Y") -> str:
    if value is None:
        return "–"
    return value.strftime(fmt)


def format_number(value, blank: str = "–") -> str:
    """A decimal without trailing zeros or exponent: 99.500000 -> 99.5, 100.000 -> 100.

    `blank` stands for no value: "–" in text, `num("")` in a form field's value, where a dash
    would be read back as the user's input."""
    if value is None or value == "":
        return blank
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_isodate(value, fmt: str = "%d %b %Y") -> str:
    """An ISO date string (as frozen in report snapshots) in the page's date format."""
    if not value:
        return "–"
    try:
        return date.fromisoformat(str(value)[:10]).strftime(fmt)
    except ValueError:
        return str(value)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["num"] = format_number
    app.jinja_env.filters["isodate"] = format_isodate
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["decimal_money"] = format_decimal_money
    app.jinja_env.filters["localtime"] = local_time
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["role_label"] = access.role_label
    app.jinja_env.globals["htmx_config"] = json.dumps(HTMX_CONFIG)
    app.jinja_env.globals["VISIBILITY_LABELS"] = access.VISIBILITY_LABELS
    app.jinja_env.globals["record_actions"] = record_actions
    app.jinja_env.globals["contract_sections"] = contract_sections

    @app.context_processor
    def policy():
        def can(action, record=None):
            return access.can(current_user, action, record)

        def role_in(contract):
            return access.role_in(current_user, contract)

        def why_not(action, record=None):
            return access.why_not(current_user, action, record)

        return {"can": can, "why_not": why_not, "role_in": role_in}
