"""An OCDS release package (OCDS for PPPs profile) for one published contract.

Only public information goes in: the parties, the contract, the published reports as documents,
and, when the performance feature provides public figures, payments, deductions and metrics."""

from __future__ import annotations

import importlib
import importlib.util
from datetime import UTC, datetime, time
from decimal import Decimal

from flask import url_for

from portal.reports.services import public_reports

OCID_PREFIX = "ocds-ppport"
PROFILE = "https://standard.open-contracting.org/profiles/ppp/schema/1__0__0__beta4/release-schema.json"
PUBLISHER = {"name": "Partnership Portal", "scheme": None, "uid": None, "uri": None}


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return datetime.combine(value, time(0), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _amount(minor: int, currency: str) -> dict:
    return {"amount": float(Decimal(minor) / 100), "currency": currency}


def _org(org, roles: list[str]) -> dict:
    return {"id": f"{OCID_PREFIX}-org-{org.id}", "name": org.name, "roles": roles}


def _performance(contract, start, end) -> dict | None:
    if importlib.util.find_spec("portal.performance") is None or \
            importlib.util.find_spec("portal.performance.figures") is None:
        return None
    figures = importlib.import_module("portal.performance.figures")
    try:
        return figures.performance_figures(contract, start, end, public_only=True)
    except Exception:  # the other feature's data must never break the open data export
        return None


def release_package(contract, now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    ocid = f"{OCID_PREFIX}-{contract.code}"
    government, operator = contract.government_org, contract.operator_org
    reports = [r for r in public_reports(contract) if r.status == "published"]
    documents = [{
        "id": f"report-{r.id}",
        "documentType": "physicalProgressReport" if r.period_kind != "year" else "annualReport",
        "title": r.title,
        "description": f"Edition {r.edition}, {r.period_label}. SHA-256 {r.pdf_sha256}."
                       + (" Superseded by a corrected edition." if r.superseded_at else ""),
        "url": url_for("reports.report_pdf", report_id=r.id, _external=True),
        "datePublished": _iso(r.published_at),
        "format": "application/pdf",
        "language": "en",
    } for r in reports]
    implementation: dict = {"documents": documents}
    perf = _performance(contract, contract.start_date, now.date())
    if perf:
        transactions, metrics = performance_to_ocds(contract, perf)
        if transactions:
            implementation["transactions"] = transactions
        if metrics:
            implementation["metrics"] = metrics
    release = {
        "ocid": ocid,
        "id": f"{ocid}-implementation-{now:%Y%m%d}",
        "date": _iso(now),
        "tag": ["implementation"],
        "initiationType": "tender",
        "language": "en",
        "parties": [_org(government, ["buyer", "procuringEntity", "payer"]),
                    _org(operator, ["supplier", "privateParty", "payee"])],
        "buyer": {"id": f"{OCID_PREFIX}-org-{government.id}", "name": government.name},
        "contracts": [{
            "id": contract.code,
            "awardID": f"{contract.code}-award",
            "title": contract.title,
            "description": contract.public_summary,
            "status": "active" if contract.status in ("operating", "construction") else "terminated",
            "period": {"startDate": _iso(contract.start_date), "endDate": _iso(contract.end_date)},
            "value": _amount(contract.monthly_unitary_charge_minor * 12, contract.currency),
            "implementation": implementation,
        }],
    }
    return {
        "uri": url_for("opendata.contract_ocds", code=contract.code, _external=True),
        "version": "1.1",
        "publishedDate": _iso(now),
        "publisher": {"name": PUBLISHER["name"]},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "extensions": [],
        "releases": [release],
    }


def performance_to_ocds(contract, perf) -> tuple[list, list]:
    """Payments and deductions as transactions, KPI results as metrics, from performance figures.

    Accepts the performance feature's figures (a mapping); unknown shapes give nothing."""
    transactions, metrics = [], []
    if not isinstance(perf, dict):
        return transactions, metrics
    payer = {"id": f"{OCID_PREFIX}-org-{contract.government_org_id}", "name": contract.government_org.name}
    payee = {"id": f"{OCID_PREFIX}-org-{contract.operator_org_id}", "name": contract.operator_org.name}
    for row in perf.get("payments") or perf.get("statements") or []:
        if not isinstance(row, dict):
            continue
        period = str(row.get("period") or row.get("label") or row.get("id") or len(transactions))
        net = row.get("net_payment_minor", row.get("net_minor"))
        deduction = row.get("deductions_minor", row.get("deduction_minor"))
        when = row.get("date") or row.get("period_end") or row.get("end")
        if net is not None:
            transactions.append({"id": f"{contract.code}-payment-{period}", "source": "unitary charge",
                                 "date": _iso(_as_date(when)) if when else None,
                                 "value": _amount(int(net), contract.currency), "payer": payer, "payee": payee})
        if deduction:
            transactions.append({"id": f"{contract.code}-deduction-{period}", "source": "performance deduction",
                                 "date": _iso(_as_date(when)) if when else None,
                                 "value": _amount(-int(deduction), contract.currency), "payer": payer, "payee": payee})
    for kpi in perf.get("kpis") or []:
        if not isinstance(kpi, dict):
            continue
        observations = []
        for n, result in enumerate(kpi.get("results") or kpi.get("periods") or []):
            if isinstance(result, dict) and result.get("value") is not None:
                observations.append({"id": f"{kpi.get('code')}-{n + 1}", "measure": str(result.get("value")),
                                     "unit": {"name": str(kpi.get("unit") or "") or None}})
        metrics.append({"id": str(kpi.get("code") or kpi.get("id") or len(metrics)),
                        "title": str(kpi.get("name") or kpi.get("code") or "KPI"),
                        "observations": observations})
    for t in transactions:
        if t["date"] is None:
            del t["date"]
    return transactions, metrics


def _as_date(value):
    from datetime import date

    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
