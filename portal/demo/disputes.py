"""Two or three disputes per demo contract at different stages of the ladder: a disputed monthly
deduction on each, one escalated from an issue, and closed ones (settled, determined, withdrawn)
with the outcome published on one.

Idempotent (does nothing once disputes exist); notifications of the history are not kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from portal.disputes import services
from portal.disputes.models import Dispute
from portal.extensions import db
from portal.issues.models import Issue
from portal.notifications.models import Notification

ORDER = 46


def _t(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


# code: [(raised by key, clause, subject, description, amount minor, month, statement reference,
#         escalate issue titled, [(stage, on, note)], positions {party: text}, outcome or None)]
STORIES = {
    "NSH": [
        ("om", "Schedule 18 (Payment mechanism), paragraph 6.3",
         "Availability deduction for ward block B heating, September 2026",
         "The Trust deducted 46 hours of unavailability for ward block B. The operator's position is that the "
         "rooms were **used** throughout and the used-factor of 0.5 applies, and that the rectification period "
         "started when the helpdesk logged the call, not when the ward first complained.",
         1_840_000, date(2026, 9, 1), "Availability deduction, ward block B (events FE-0911 to FE-0914)", None,
         [("negotiation", "2026-10-27", "Notice period ended without agreement; meeting held 26 October.")],
         {"operator": "The deduction should be halved: the rooms were used, and the clock started at the "
                      "helpdesk call.",
          "government": "The wards were unavailable by the contract's definition; the full deduction stands."},
         None),
        ("pm", "Clause 22 (Lifecycle), paragraph 22.4", "Replacement of lift 3 under the lifecycle plan",
         "After repeated failures of lift 3 the Trust requires the operator to bring forward the lift "
         "replacement planned for 2029. The operator says the lift meets its availability standard.",
         None, None, "", "Lift 3 out of service again", [], {}, None),
        ("om", "Schedule 14 (Catering), indexation", "Indexation of the catering unit price for 2025",
         "Dispute over which price index applies to the 2025 catering price review.", 2_400_000, None, "", None,
         [("negotiation", "2026-02-16", "")], {},
         ("settled", 1_200_000, "The parties agreed to apply the CPI food sub-index for 2025 and split the "
                                "difference for the months already paid.", "2026-03-20", True)),
    ],
    "M7": [
        ("om", "Schedule 5 (Payment), part 3: lane closure deductions",
         "Lane closure deductions for March 2026",
         "The Authority deducted for eleven overrunning closures in March. The operator says four of them were "
         "extended at the Gardaí's request after incidents and are excusing causes.",
         4_625_000, date(2026, 3, 1), "Lane availability deduction, March statement lines 4-14", None,
         [("negotiation", "2026-05-04", ""), ("mediation", "2026-06-15", "Mediator appointed from the panel.")],
         {"operator": "Four closures were extended at the Gardaí's request: excusing causes under clause 31."},
         None),
        ("pm", "Clause 17 (Toll revenue sharing)", "Calculation of the 2025 toll revenue share",
         "The Authority's audit found the revenue share under-stated; the operator disputes the treatment of "
         "tag-account fees.", 31_000_000, None, "", None,
         [("negotiation", "2026-04-13", ""), ("mediation", "2026-06-01", ""),
          ("expert", "2026-08-17", "Referred to an independent chartered accountant.")], {}, None),
        ("om", "Clause 40 (Variations)", "Cost of extending the Cullahill noise barrier",
         "The operator claimed the extension as an Authority variation.", 38_000_000, None, "", None, [], {},
         ("withdrawn", None, "The operator withdrew its claim after the Authority agreed to treat the extension "
                             "as a new variation request.", "2026-07-02", False)),
    ],
    "WTP": [
        ("om", "Schedule 9 (Payment), water quality deductions",
         "Deduction for turbidity failure on membrane train B, July 2026",
         "The deduction treats train B as unavailable for 14 hours; the operator says it was isolated within "
         "40 minutes and the water delivered always met the standard.",
         2_200_000, date(2026, 7, 1), "Water quality deduction, July statement (WQ-07-3)",
         "Turbidity above 1 NTU leaving membrane train B", [("negotiation", "2026-09-07", "")], {}, None),
        ("om", "Clause 26 (Energy pass-through)", "Energy price pass-through for winter 2025/26",
         "Whether the pass-through uses the day-ahead or the contracted tariff.", 12_500_000, None, "", None,
         [("negotiation", "2026-02-02", ""), ("mediation", "2026-03-09", ""), ("expert", "2026-04-20", "")], {},
         ("determined", 8_500_000, "The expert determined that the contracted tariff applies from 1 December "
                                   "and the day-ahead price before it.", "2026-06-30", True)),
    ],
}


def _issue(contract, title, before):
    """The latest issue of that title raised before the dispute, not yet escalated."""
    return db.session.scalar(sa.select(Issue).where(
        Issue.contract_id == contract.id, Issue.title == title, Issue.raised_at < before,
        Issue.dispute_id.is_(None)).order_by(Issue.raised_at.desc()).limit(1)) if title else None


def _one(contract, users, key, story, raised):
    who, clause, subject, text, amount, month, ref, issue_title, stages, positions, outcome = story
    actor, pm = users[f"{key}_{who}"], users[f"{key}_pm"]
    issue = _issue(contract, issue_title, raised)
    dispute = services.raise_dispute(
        contract, actor, services.DisputeInput(clause, subject, text, amount, month, ref), at=raised,
        issue_id=issue.id if issue is not None else None)
    for party, position in positions.items():
        services.set_position(dispute, actor, party, position)
    services.add_submission(dispute, actor, "operator" if who == "om" else "government",
                            f"Notice served under {clause}. Supporting records follow.", at=raised)
    for stage, on, note in stages:
        services.advance(dispute, pm, stage, note, at=_t(on))
    if outcome is not None:
        kind, amount_minor, reasons, on, public = outcome
        services.close(dispute, pm, kind, amount_minor, reasons, at=_t(on, 16))
        services.publish_outcome(dispute, public)


RAISED = {"NSH": ["2026-10-12", "2026-11-16", "2026-01-19"], "M7": ["2026-04-14", "2026-03-02", "2026-05-18"],
          "WTP": ["2026-08-17", "2026-01-05"]}


def seed(ctx) -> str | None:
    contracts = ctx.get("contracts") or {}
    if not contracts or db.session.scalar(sa.select(sa.func.count(Dispute.id))):
        return None
    users, total = ctx["users"], 0
    before = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
    for code, stories in STORIES.items():
        contract = contracts.get(code)
        if contract is None:
            continue
        for story, day in sorted(zip(stories, RAISED[code], strict=True), key=lambda pair: pair[1]):
            _one(contract, users, code.lower(), story, _t(day, 9))
            total += 1
    db.session.flush()
    db.session.execute(sa.delete(Notification).where(Notification.id > before))
    return f"Demo disputes: {total} across {len(contracts)} contracts."
