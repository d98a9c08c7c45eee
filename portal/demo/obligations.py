"""A year of contract obligations on the three demo contracts (Dec 2025 - Nov 2026): certificates,
accounts, lifecycle plans and returns discharged with evidence, some late, one returned, some
overdue now; and the handback surveys of the final years. Idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from portal import storage
from portal.extensions import db
from portal.notifications.models import Notification
from portal.obligations import services
from portal.obligations.models import Obligation

ORDER = 46
NOW = date(2026, 11, 18)  # the demo's "today", as in the performance and feedback history

# code: [(title, category, owed_by, clause, frequency, first due, evidence required, condition at expiry,
#         days late per due date in turn: None = not sent yet, "return" = sent on time and returned)]
OBLIGATIONS = {
    "NSH": [
        ("Insurance certificates (all risks, third-party liability)", "insurance", "operator", "Clause 53",
         "annual", "2025-12-31", "Broker's certificates naming the Health Board as co-insured.", "", [0]),
        ("Audited annual accounts of Northshore Health Partners", "accounts", "operator", "Clause 62.3", "annual",
         "2026-04-30", "Signed accounts and the auditor's report.", "", [19]),
        ("Lifecycle (maintenance) plan for the coming year", "lifecycle", "operator", "Schedule 18", "annual",
         "2026-03-31", "The plan with the five-year replacement forecast.", "", [0]),
        ("Health and safety return", "health_safety", "operator", "Schedule 12, part 8", "quarterly",
         "2026-01-31", "RIDDOR log, fire drills and the H&S committee minutes.", "", [0, 0, 12, None]),
        ("Annual review of the output specification", "regulatory", "government", "Clause 9.4", "annual",
         "2026-06-30", "Minutes of the joint review meeting.", "", [0]),
        ("Handback condition survey (five years before expiry)", "handback_survey", "operator", "Schedule 21",
         "once", "2044-03-31", "Independent surveyor's report on every building element.",
         "Every element in condition B (good) or better, with at least five years of residual life; "
         "no outstanding category 1 defects.", []),
    ],
    "M7": [
        ("Insurance certificates", "insurance", "operator", "Clause 47", "annual", "2026-06-30",
         "Certificates for all-risks and motor liability.", "", [0]),
        ("Audited annual accounts of Via Midlands", "accounts", "operator", "Clause 58", "annual", "2026-05-31",
         "Signed accounts and the auditor's report.", "", [0]),
        ("Lifecycle (maintenance) plan", "lifecycle", "operator", "Schedule 9", "annual", "2026-01-31",
         "Pavement, structures and tolling systems plan.", "", [23]),
        ("Road safety audit return", "health_safety", "operator", "Schedule 4, part 6", "half_yearly",
         "2026-03-31", "Collision data and the road safety inspection log.", "", [0, "wait"]),
        ("Pavement condition survey", "regulatory", "operator", "Schedule 4, part 2", "annual", "2026-11-30",
         "SCRIM and deflectograph survey results.", "", [None]),
        ("Handback pavement and structures survey", "handback_survey", "operator", "Schedule 16", "once",
         "2042-06-30", "Independent survey of pavement and every structure.",
         "Pavement residual life of at least 10 years; skid resistance above the investigatory level; every "
         "structure at condition rating 2 or better.", []),
    ],
    "WTP": [
        ("Insurance certificates", "insurance", "operator", "Clause 40", "annual", "2026-01-31",
         "Certificates for all-risks and environmental liability.", "", [0]),
        ("Audited annual accounts of AquaNova Riverbend", "accounts", "operator", "Clause 51", "annual",
         "2026-06-30", "Signed accounts and the auditor's report.", "", [31]),
        ("Drinking-water compliance return to the regulator", "regulatory", "operator", "Schedule 3, part 5",
         "quarterly", "2026-01-15", "The quarterly return as filed with the EPA.", "", [0, 0, 0, None]),
        ("Lifecycle (maintenance) plan", "lifecycle", "operator", "Schedule 8", "annual", "2026-09-30",
         "Plan including the membrane replacement schedule.", "", ["return"]),
        ("Handback inspection of the membrane trains", "handback_inspection", "operator", "Schedule 14", "once",
         "2044-12-31", "Membrane integrity tests and the inspector's report.",
         "Membranes replaced within the last five years; integrity test results within the design limits.", []),
    ],
}


def _pdf(title: str) -> bytes:
    """A small valid one-page PDF saying what the evidence is (demo files only)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _discharge(ctx, contract, obligation: Obligation, plan) -> None:
    key = contract.code.lower()
    sender, checker = ctx["users"][f"{key}_{'om' if obligation.owed_by == 'operator' else 'po'}"], \
        ctx["users"][f"{key}_{'pm' if obligation.owed_by == 'operator' else 'om'}"]
    for step in plan:
        due = obligation.next_due
        if due is None or step is None or due.due_on > NOW:
            return
        sent = due.due_on - timedelta(days=3) if step in (0, "wait", "return") else due.due_on + timedelta(days=step)
        stored = storage.store_bytes(_pdf(f"{contract.code}: {obligation.title}, due {due.due_on:%d %B %Y}"),
                                     f"{contract.code}-{obligation.category}-{due.due_on:%Y-%m-%d}.pdf",
                                     storage.DOCUMENTS)
        services.send_evidence(due, sender, [stored], f"{obligation.title}, {due.due_on:%B %Y}", at=_at(sent))
        if step == "wait":
            return
        if step == "return":
            services.check(due, checker, accept=False, at=_at(sent + timedelta(days=6)),
                           comment="The membrane replacement schedule is missing; send the plan with it.")
            return
        services.check(due, checker, accept=True, at=_at(sent + timedelta(days=4)))


def seed(ctx) -> str | None:
    if db.session.scalar(sa.select(sa.func.count(Obligation.id))):
        return None
    first_note = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
    count = 0
    for code, specs in OBLIGATIONS.items():
        contract = ctx["contracts"][code]
        for title, category, owed_by, clause, frequency, first, evidence, condition, plan in specs:
            obligation = services.add_obligation(contract, {
                "title": title, "category": category, "owed_by": owed_by, "clause": clause, "frequency": frequency,
                "first_due_on": date.fromisoformat(first), "evidence_required": evidence,
                "condition_required": condition})
            _discharge(ctx, contract, obligation, plan)
            count += 1
    db.session.execute(sa.delete(Notification).where(Notification.id > first_note))
    db.session.flush()
    return f"Obligations: {count} obligations with a year of due dates and evidence."
