"""An OCDS release package (OCDS for PPPs profile) for one published contract.

Only public information goes in: the parties, the contract, the published reports as documents,
and, when the performance feature provides public figures, payments, deductions and metrics."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from datetime import date as date_cls
from decimal import Decimal

from portal import clock
from portal.performance import figures as performance_figures
from portal.reports.services import public_reports
from portal.web import external_url

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
    try:
        return performance_figures.performance_figures(contract, start, end, public_only=True)
    except Exception:  # the other feature's data must never break the open data export
        return None


def release_package(contract, now: datetime | None = None) -> dict:
    now = now or clock.now()
    ocid = f"{OCID_PREFIX}-{contract.code}"
    government, operator = contract.government_org, contract.operator_org
    reports = [r for r in public_reports(contract) if r.status == "published"]
    documents = [{
        "id": f"report-{r.id}",
        "documentType": "physicalProgressReport" if r.period_kind != "year" else "annualReport",
        "title": r.title,
        "description": f"Edition {r.edition}, {r.period_label}. SHA-256 {r.pdf_sha256}."
                       + (" Superseded by a corrected edition." if r.superseded_at else ""),
        "url": external_url("reports.report_pdf", report_id=r.id),
        "datePublished": _iso(r.published_at),
        "format": "application/pdf",
        "language": "en",
    } for r in reports]
    year_start = date(now.year, now.month, 1)
    implementation: dict = {"documents": documents, "charges": [{
        # The annual unitary charge the government pays (OCDS for PPPs: implementation charges).
        "id": f"{contract.code}-unitary-charge",
        "title": "Unitary charge (availability payment), before deductions",
        "paidBy": "government",
        "period": {"startDate": _iso(year_start),
                   "endDate": _iso(date(year_start.year + 1, year_start.month, 1) - timedelta(days=1))},
        "estimatedValue": _amount(contract.monthly_unitary_charge_minor * 12, contract.currency),
    }]}
    perf = _performance(contract, date(now.year - 1, now.month, 1), now.date())
    if perf or reports:
        transactions, metrics = performance_to_ocds(contract, perf, reports)
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
            # The contract's value is its total over the term, not one year's charge.
            **({"value": _amount(contract.total_value_minor, contract.currency)} if contract.total_value_minor else {}),
            "implementation": implementation,
        }],
    }
    return {
        "uri": external_url("opendata.contract_ocds", code=contract.code),
        "version": "1.1",
        "publishedDate": _iso(now),
        "publisher": {"name": PUBLISHER["name"]},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "extensions": [],
        "releases": [release],
    }


def performance_to_ocds(contract, perf, reports=()) -> tuple[list, list]:
    """KPI results (public KPIs, reviewed months) as metrics; payments and deductions as
    transactions, taken only from published reports whose officials chose to publish them."""

    transactions, metrics = [], []
    payer = {"id": f"{OCID_PREFIX}-org-{contract.government_org_id}", "name": contract.government_org.name}
    payee = {"id": f"{OCID_PREFIX}-org-{contract.operator_org_id}", "name": contract.operator_org.name}
    seen = set()
    for report in reports:
        if report.superseded_at is not None:
            continue
        for row in ((report.snapshot or {}).get("payments") or {}).get("months", []):
            label = row.get("label")
            if not label or label in seen:
                continue
            seen.add(label)
            month = datetime.strptime(label, "%b %Y").date()
            slug = month.strftime("%Y-%m")
            if row.get("net_payment") is not None:
                transactions.append({"id": f"{contract.code}-payment-{slug}", "source": "unitary charge",
                                     "date": _iso(month), "value": _decimal_amount(row["net_payment"], contract.currency),
                                     "payer": payer, "payee": payee})
            if row.get("deduction") not in (None, "0", "0.00"):
                transactions.append({"id": f"{contract.code}-deduction-{slug}", "source": "performance deduction",
                                     "date": _iso(month),
                                     "value": _decimal_amount(f"-{row['deduction']}", contract.currency),
                                     "payer": payer, "payee": payee})
    if isinstance(perf, dict):
        for kpi in perf.get("kpis") or []:
            observations = []
            for month in perf.get("months") or []:
                for value in month.get("kpis", []):
                    if value.get("code") == kpi.get("code") and value.get("value") is not None:
                        first = date_cls.fromisoformat(month["month"] + "-01")
                        observations.append({
                            "id": f"{kpi['code']}-{month['month']}",
                            "period": {"startDate": _iso(first)},
                            "measure": str(value["value"]),
                            "unit": {"name": str(kpi.get("unit") or "") or None},
                        })
            metrics.append({"id": str(kpi["code"]), "title": str(kpi.get("name") or kpi["code"]),
                            "description": f"Target {kpi.get('target')} {kpi.get('unit') or ''}".strip(),
                            "observations": observations})
    return transactions, metrics


def _decimal_amount(value, currency: str) -> dict:
    return {"amount": float(Decimal(str(value))), "currency": currency}
