"""An approved variation that changes the unitary charge becomes payment terms.

Listens to `portal.signals.variation_approved` (the changes feature never imports performance):
from the variation's effective month the monthly charge moves by the variation's amount. The
terms in force that month are copied into a new version starting then (or, when a version
already starts that month, that version is adjusted), and every later version moves by the same
amount, so the change holds from its effective date on. Settled months are never touched: a
variation effective in or before the last settled month is refused. Every version it writes or
adjusts records the variation as its source, which the month's statement shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal import signals
from portal.extensions import db
from portal.performance import framework, queries
from portal.performance import paymech as pm
from portal.performance.models import PaymentTerms
from portal.performance.months import next_month
from portal.performance.queries import terms_for
from portal.performance.terms_sources import TermsSource


def _values(terms: PaymentTerms) -> dict:
    return {name: getattr(terms, name) for name in framework.TERMS_FIELDS}


def _check_month(contract, month: date) -> PaymentTerms:
    settled = queries.last_settled_month(contract)
    if settled is not None and month <= settled:
        raise signals.Refused(
            f"{settled:%B %Y} is already settled: a variation changes the charge only from a month not yet "
            f"settled ({next_month(settled):%B %Y} at the earliest).")
    in_force = terms_for(contract, month)
    if in_force is None:
        raise signals.Refused(f"No payment terms are in force for {month:%B %Y}: set up the contract's payment "
                              "terms on the performance framework page first.")
    return in_force


def _adjusted(terms: PaymentTerms, annual_change: Decimal) -> dict:
    values = _values(terms)
    values["annual_unitary_charge"] = Decimal(terms.annual_unitary_charge) + annual_change
    if values["annual_unitary_charge"] < 0:
        raise signals.Refused("The variation would take the unitary charge below zero.")
    return values


def apply_variation(contract, *, reference: str, title: str = "", url: str = "", effective_month: date,
                    monthly_charge_change_minor: int, user=None, **_ignored) -> str | None:
    """Write the new terms from `effective_month`; returns what changed, in words."""
    if not monthly_charge_change_minor:
        return None
    try:
        return _apply(contract, reference, title, url, effective_month, monthly_charge_change_minor)
    except framework.FieldError as error:
        raise signals.Refused(str(error)) from None


def _apply(contract, reference: str, title: str, url: str, effective_month: date, change_minor: int) -> str:
    month = effective_month.replace(day=1)
    in_force = _check_month(contract, month)
    monthly = Decimal(change_minor) / 100
    before = in_force.monthly_unitary_charge
    later = [t for t in framework.terms_versions(contract) if t.effective_from > month]
    targets = list(later)
    if in_force.effective_from == month:
        targets.append(in_force)
        framework.save_terms(contract, in_force, _adjusted(in_force, monthly * 12))
    else:
        values = _adjusted(in_force, monthly * 12)
        values["effective_from"] = month
        targets.append(framework.save_terms(contract, None, values))
    for terms in later:
        framework.save_terms(contract, terms, _adjusted(terms, monthly * 12))
    for terms in targets:
        db.session.add(TermsSource(contract_id=contract.id, terms_id=terms.id, reference=reference, title=title[:200],
                                   url=url[:300], monthly_change=format(pm.money(monthly), "+f")))
    db.session.flush()
    after = terms_for(contract, month).monthly_unitary_charge
    text = (f"Payment terms from {month:%B %Y}: monthly unitary charge {contract.currency} {before:,.2f} "
            f"→ {contract.currency} {after:,.2f}.")
    if later:
        text += f" {len(later)} later terms version(s) moved by the same amount."
    return text


signals.variation_approved.connect(apply_variation)
