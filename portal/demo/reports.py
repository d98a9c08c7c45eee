"""Published accountability reports: quarterly reports per contract, an annual report, one
corrected (superseded) edition and one withdrawn report. Runs after the other features."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app

from portal.extensions import db
from portal.reports import services
from portal.reports.models import Report
from portal.reports.sections import available_sections
from portal.search.index import reindex_all

ORDER = 90

NARRATIVES = {
    "NSH": (
        "Northshore General kept all **420 beds** and the eight theatres available through the quarter. "
        "The main incident was a chilled-water failure in Theatre 4 that took it out of use for most of a day; "
        "the operator rectified it within the contract's response time but the unavailability was deducted.\n\n"
        "Patients and neighbours raised car-park lighting, catering for special diets and cleaning on the "
        "maternity ward. The Department has asked Meridian for a plan on catering complaints by the next quarter.\n\n"
        "| Priority for next quarter | Owner |\n|---|---|\n| Theatre ventilation resilience | Meridian |\n"
        "| Catering menu review with the Patients' Voice | Castlegate and the Department |"
    ),
    "M7": (
        "The M7 stayed open in both directions except for planned night closures at Junction 14 for "
        "resurfacing. Winter readiness was inspected in October: gritters, salt stocks and the incident "
        "response rota met the contract.\n\n"
        "Residents along the route raised noise from the new surface near Ballybrophy and litter at the "
        "lay-bys. The Authority has asked Via Midlands to measure noise at three homes before and after the works."
    ),
    "WTP": (
        "Riverbend delivered water that met the drinking-water standard on every sampled day. A membrane "
        "train was taken out of service for cleaning in the quarter, within the planned maintenance allowance.\n\n"
        "Most feedback was about discoloured water after mains flushing in the north of the town; the "
        "Authority now gives three days' notice of flushing on its website and by text message."
    ),
}


IMPACT_NARRATIVES = {
    "NSH": ("The hospital's energy use per bed-day is monitored between the partners; the Department decided to "
            "publish it from this year so that residents can follow the move away from gas boilers. "
            "Castlegate recruited **38 of its 112 site staff** from the three neighbouring postcodes."),
    "M7": ("Noise complaints are answered by the operator and checked by the Authority. The Authority decided to "
           "publish the indicator this year because noise at the homes near Ballybrophy was the community's "
           "first concern. Via Midlands' local supply chain spend was 61% of its maintenance budget."),
    "WTP": ("Treated-water turbidity and the disposal of sludge to licensed sites are the plant's environmental "
            "indicators. Sludge disposal is published by decision of the Authority. Riverbend's apprenticeship "
            "scheme took on four school leavers from the town."),
}


def _choose_items(report, officer) -> None:
    """What an official would choose: every triple-bottom-line indicator (restricted ones released
    deliberately) and up to three examples from the public board."""

    if "impact" in report.sections:
        candidates = services.item_candidates(report, "impact")
        services.set_items(report, officer, "impact", {c["ref_id"] for c in candidates},
                           {c["ref_id"] for c in candidates if c["restricted"]})
    if "feedback" in report.sections:
        public = [c for c in services.item_candidates(report, "feedback") if not c["restricted"]]
        services.set_items(report, officer, "feedback", {c["ref_id"] for c in public[:3]}, set())


def _at(d: date, hour: int = 10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=UTC)


def _publish(report, officer, manager, published_on: date):
    """The officer drafts and submits; the manager (another person: four eyes) approves and publishes."""
    report.snapshot_at = _at(published_on, 9)
    services.submit(report, officer)
    report.submitted_at = _at(published_on, 9)
    services.approve(report, manager)
    report.approved_at = _at(published_on, 11)
    services.publish(report, manager, now=_at(published_on, 15))
    db.session.flush()
    return report


def seed(ctx) -> str | None:

    if db.session.scalar(sa.select(Report.id).limit(1)) is not None:
        return None
    contracts, users = ctx["contracts"], ctx["users"]
    keys = [k.key for k in available_sections() if k.default]
    count = 0
    with current_app.test_request_context(base_url="http://localhost"):
        for code, contract in sorted(contracts.items()):
            officer, manager = users[f"{code.lower()}_po"], users[f"{code.lower()}_pm"]
            quarters = [(2, date(2026, 7, 24))] if code in ("M7", "WTP") else []
            for quarter, published_on in quarters + [(3, date(2026, 10, 23))]:
                start, end = services.quarter_period(2026, quarter)
                report = services.create_report(contract, officer, kind="quarter", start=start, end=end,
                                                 sections=keys, narrative=NARRATIVES[code],
                                                 impact_narrative=IMPACT_NARRATIVES[code])
                _choose_items(report, officer)
                _publish(report, officer, manager, published_on)
                count += 1
                if code == "M7" and quarter == 2:
                    report.superseded_at = None
                    correction = services.correct(report, officer)
                    correction.narrative = NARRATIVES[code] + (
                        "\n\n*Correction (edition 2):* the first edition gave the night closures at Junction 14 "
                        "as 14 nights; the correct figure is 11 nights.")
                    _publish(correction, officer, manager, date(2026, 8, 5))
                    report.superseded_at = correction.published_at
                    count += 1
                if code == "WTP" and quarter == 2:
                    services.withdraw(report, "The quarter's feedback figures counted the same mains-flushing "
                                              "complaints twice; a corrected report will follow.")
                    report.withdrawn_at = _at(date(2026, 8, 12), 12)
        # The annual report of the largest contract, with payments chosen for publication.
        nsh = contracts["NSH"]
        annual_keys = keys + [k.key for k in available_sections() if k.key == "payments"]
        annual = services.create_report(
            nsh, users["nsh_po"], kind="year", start=date(2025, 12, 1), end=date(2026, 10, 31),
            title="Northshore General Hospital: annual accountability report 2025-26", sections=annual_keys,
            narrative=ANNUAL_NARRATIVE, impact_narrative=IMPACT_NARRATIVES["NSH"])
        _choose_items(annual, users["nsh_po"])
        _publish(annual, users["nsh_po"], users["nsh_pm"], date(2026, 11, 18))
        count += 1
        reindex_all()
    return f"Reports: {count} published reports (one superseded, one withdrawn)."


ANNUAL_NARRATIVE = """### The year in brief

Northshore General Hospital completed its seventh full year of operation under the partnership. The
building was available for **clinical use on every day of the year**; the deductions made under the
payment mechanism reflect short, contained failures rather than loss of service.

### What went well

- Response times for urgent estates requests improved after Castlegate moved two technicians to night shifts.
- Cleaning audits on the wards met the standard in ten of eleven months.
- The Patients' Voice joined the quarterly contract meetings as an observer from March.

### What must improve

- Catering for special diets drew the largest share of complaints; a revised menu was agreed in September.
- Theatre ventilation failed twice; Meridian has committed to replace the chilled-water controls in 2027.

### Accountability

This report is published under the Department's transparency commitment: the partnership's goals,
activities and outcomes are reported every quarter and every year, and every edition stays online with
its fingerprint so that anyone can check it.
"""
