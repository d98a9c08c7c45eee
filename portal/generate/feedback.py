"""Years of community feedback per contract with their timelines, shaped like the demo's.

The demo sector's categories and stories; items arrive at random over the contract's history and
are as far through the workflow as their age allows: the newest wait for acknowledgement, most
older ones were answered (a quarter late), rated, sometimes appealed, and a third of the answered
ones were moderated onto the public board. One in two hundred is a sensitive grievance."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from portal.demo.feedback import CATEGORIES, SENSITIVE, STORIES
from portal.feedback.models import (
    EVENT_LABELS,
    Feedback,
    FeedbackCategory,
    FeedbackEvent,
    ResponseTemplate,
)

ORDER = 40
DEMO_OF_SECTOR = {"health": "NSH", "transport": "M7", "water": "WTP"}
NAMES = ["", "", "", "Mary Dolan", "Kevin Walsh", "Ana Silva", "Liam Foley", "Ruth Keane"]
TEMPLATES = [("Acknowledgement", "Thank you for your feedback. We have logged it and will reply within the "
              "contract's response time."),
             ("Resolved on site", "The problem you reported was put right on site. Thank you for telling us.")]


def estimate(plan) -> int:
    return plan.contracts * (plan.feedback_per_contract * 5 + 10)


def _working_days_after(start: datetime, days: int) -> datetime:
    moment = start
    while days:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment.replace(hour=23, minute=59, second=0)


class _Item:
    """One feedback item as it is written: its row, then its timeline."""

    def __init__(self, ctx, contract: dict, row: dict):
        self.ctx, self.contract, self.row = ctx, contract, row
        self.sensitive = row["sensitive"]

    def event(self, kind: str, at: datetime, actor: dict | None, body: str, public: bool = True) -> None:
        self.ctx.writer.add(FeedbackEvent, {
            "feedback_id": self.row["id"], "contract_id": self.contract["id"], "kind": kind, "body": body,
            "public": public, "actor_id": actor["id"] if actor else None,
            "actor_name": actor["name"] if actor else "Submitter",
            "visibility": "government" if self.sensitive else "partners", "is_sensitive": self.sensitive,
            "created_at": at}, summary=EVENT_LABELS.get(kind, kind))


def _lifecycle(ctx, rng, row: dict, people: dict, answer: str, now: datetime) -> list[tuple]:
    """Set the row's workflow columns from its age; return its timeline after `received`."""
    received = row["received_at"]
    responder = people["operator_manager"] if row["routed_to"] == "operator" else people["public_officer"]
    late = rng.random() < 0.25
    steps = []
    ack_at = received + timedelta(days=rng.uniform(8, 14) if late else rng.uniform(0.2, 4))
    if ack_at >= now:
        return steps
    row.update(status="acknowledged", acknowledged_at=ack_at)
    steps.append(("acknowledged", ack_at, responder, "Thank you, we are looking into this."))
    if rng.random() < 0.2:
        assignee = people["operator_staff"] if row["routed_to"] == "operator" else people["public_officer"]
        row.update(status="in_review", assignee_id=assignee["id"])
        steps.append(("assigned", ack_at + timedelta(hours=2), responder, f"Assigned to {assignee['name']}."))
        steps.append(("note", ack_at + timedelta(hours=3), responder,
                      "Checked with the site team; see the job sheet in the CMMS."))
    resp_at = received + timedelta(days=rng.uniform(30, 50) if late else rng.uniform(3, 24))
    if resp_at >= now:
        return steps
    row.update(status="responded", response=answer, response_by_id=responder["id"], responded_at=resp_at)
    steps.append(("responded", resp_at, responder, answer))
    if rng.random() < 0.7 and resp_at + timedelta(days=2) < now:
        happy = rng.random() < (0.5 if late else 0.8)
        rated = resp_at + timedelta(days=2)
        comment = "" if happy else "It took too long and the problem came back."
        row.update(satisfied=happy, satisfaction_comment=comment, rated_at=rated)
        verdict = "Satisfied with the response." if happy else "Not satisfied with the response."
        steps.append(("rated", rated, None, f"{verdict} {comment}".strip()))
        if happy:
            row.update(status="closed", closed_at=rated)
        elif rng.random() < 0.3 and rated + timedelta(days=1) < now:
            _appeal(row, steps, rated + timedelta(days=1), people, now)
    elif resp_at + timedelta(days=15) < now:
        row.update(status="closed", closed_at=resp_at + timedelta(days=15))
        steps.append(("closed", resp_at + timedelta(days=15), responder, "Closed after 15 days without a reply."))
    return steps


def _appeal(row: dict, steps: list, at: datetime, people: dict, now: datetime) -> None:
    text = "The response does not solve the problem; please review it."
    row.update(status="appealed", appealed_at=at, appeal_text=text, routed_to="government",
               appeal_due_at=_working_days_after(at, 20))
    steps.append(("appealed", at, None, text))
    decided = at + timedelta(days=11)
    if decided < now:
        decision = "Upheld in part: the operator will carry out a permanent repair and report back within a month."
        row.update(status="closed", closed_at=decided, appeal_decision=decision, appeal_decided_at=decided)
        steps.append(("appeal_decided", decided, people["public_manager"], decision))


def _row(ctx, rng, contract, category, kind, text, place, received, number, sensitive, people) -> dict:
    writer = ctx.writer
    feedback_id = writer.next_id(Feedback)
    resident = rng.random() < 0.11
    channel = rng.choice(["web"] * 6 + ["phone", "letter", "in_person"])
    return {
        "id": feedback_id, "contract_id": contract["id"],
        "reference": f"{contract['code']}-FB-{received.year}-{number:05d}", "year": received.year,
        "number": number, "kind": kind, "category_id": None if sensitive else category["id"],
        "routed_to": "government" if sensitive else category["routed_to"], "text": text, "place": place,
        "latitude": None, "longitude": None,
        "submitter_id": rng.choice(people["residents"])["id"] if resident else None,
        "submitter_name": rng.choice(NAMES), "submitter_email": rng.choice(["", "", "resident@example.net"]),
        "show_name": rng.random() < 0.2, "channel": channel,
        "registered_by_id": people["operator_staff"]["id"] if channel != "web" else None,
        "token_hash": hashlib.sha256(f"{ctx.plan.seed}:feedback:{feedback_id}".encode()).hexdigest(),
        "sensitive": sensitive, "status": "received", "received_at": received,
        "ack_due_at": _working_days_after(received, contract["ack_working_days"]),
        "response_due_at": _working_days_after(received, contract["response_working_days"]),
        "acknowledged_at": None, "responded_at": None, "closed_at": None, "assignee_id": None,
        "awaiting_reply": False, "response": "", "response_by_id": None, "satisfied": None,
        "satisfaction_comment": "", "rated_at": None, "appealed_at": None, "appeal_text": "",
        "appeal_due_at": None, "appeal_decision": "", "appeal_decided_at": None, "on_board": False,
        "public_text": "", "public_response": "", "moderated_at": None, "hidden_reason": "",
        "abuse_reports": 0, "issue_id": None, "visibility": "government" if sensitive else "partners",
        "version": 1, "created_at": received,
    }


def _categories(ctx, contract: dict) -> list[dict]:
    demo = DEMO_OF_SECTOR[contract["sector"]]
    rows = [ctx.writer.add(FeedbackCategory, {
        "contract_id": contract["id"], "name": name, "routed_to": routed, "position": position, "active": True,
        "version": 1}, summary=f"{name} (to {routed})", at=ctx.shared["start"])
        for position, (name, routed) in enumerate(CATEGORIES[demo])]
    for title, body in TEMPLATES:
        ctx.writer.add(ResponseTemplate, {"contract_id": contract["id"], "title": title, "body": body, "version": 1},
                       summary=title, at=ctx.shared["start"])
    return rows


def _contract_feedback(ctx, contract: dict) -> int:
    rng = ctx.rng(f"feedback:{contract['code']}")
    now, plan = ctx.now, ctx.plan
    people = ctx.shared["members"][contract["id"]]
    categories = {c["name"]: c for c in _categories(ctx, contract)}
    stories = STORIES[DEMO_OF_SECTOR[contract["sector"]]]
    span = timedelta(days=30.44 * plan.months).total_seconds()
    moments = sorted(now - timedelta(seconds=rng.uniform(3600, span)) for _ in range(plan.feedback_per_contract))
    numbers: dict[int, int] = {}
    for index, received in enumerate(moments):
        numbers[received.year] = numbers.get(received.year, 0) + 1
        sensitive = index % 200 == 199
        name, kind, text, place, answer = stories[rng.randrange(len(stories))]
        if sensitive:
            kind, text, place = "grievance", SENSITIVE[DEMO_OF_SECTOR[contract["sector"]]], ""
        row = _row(ctx, rng, contract, categories[name], kind, text, place, received, numbers[received.year],
                   sensitive, people)
        steps = _lifecycle(ctx, rng, row, people, answer, now)
        if row["responded_at"] and kind != "compliment" and not sensitive and rng.random() < 0.33:
            moderated = row["responded_at"] + timedelta(days=1)
            if moderated < now:
                row.update(on_board=True, public_text=text, public_response=answer, moderated_at=moderated,
                           visibility="public")
                steps.append(("moderated", moderated, people["public_manager"],
                              "Published on the public board (personal details removed)."))
        summary = f"{row['reference']} (sensitive)" if sensitive else f"{row['reference']} ({kind}, {row['status']})"
        ctx.writer.add(Feedback, row, summary=summary)
        item = _Item(ctx, contract, row)
        how = f" by {row['channel'].replace('_', ' ')}" if row["channel"] != "web" else ""
        item.event("received", received, None, f"Received{how}.")
        for kind_, at, actor, body in sorted(steps, key=lambda step: step[1]):
            item.event(kind_, at, actor, body, public=kind_ not in ("note", "assigned", "moderated"))
    return len(moments)


def generate(ctx) -> str:
    total = sum(_contract_feedback(ctx, contract) for contract in ctx.shared["contracts"])
    return f"Generated: {total} feedback items with their timelines."
