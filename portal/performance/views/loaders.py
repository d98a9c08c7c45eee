"""Load what a performance URL names, or answer 404/403: the first phase of every view.

A record the user may not read is not found (404); one they read but may not act on is 403."""

from __future__ import annotations

from flask import abort

from portal import access
from portal.contracts.services import member_contract
from portal.performance import queries
from portal.performance.months import parse_month
from portal.web import record_of

READ = "performance.view"  # what a member needs to see any of a contract's performance


def month_for(code: str, month: str, action: str = "view"):
    """The contract and its month (`2026-10`), for a user allowed `action` on the month."""
    contract = member_contract(code, READ)
    when = parse_month(month)
    submission = queries.get_submission(contract, when) if when else None
    if submission is None:
        abort(404)
    access.authorize(action, submission)
    return contract, submission


def statement_for(code: str, month: str):
    """The contract, the month and its current payment statement (404 before approval)."""
    contract, submission = month_for(code, month)
    statement = queries.statement_of(submission)
    if statement is None:
        abort(404)
    access.authorize("view", statement)
    return contract, submission, statement


def revision_of(submission, revision: int):
    """One revision of the month's statement, superseded ones included, and the list of them all."""
    revisions = queries.statement_revisions(submission)
    statement = next((s for s in revisions if s.revision == revision), None)
    if statement is None:
        abort(404)
    access.authorize("view", statement)
    return statement, revisions


def line_for(submission, kind: str, line_id: int):
    """A measurement or failure event of the month, for someone who reviews it."""
    line = queries.line_of(submission, kind, line_id)
    if line is None:
        abort(404)
    access.authorize("evidence.review", line)
    return line


def record_for(contract, model, record_id: int | None, action: str):
    """The contract's `model` row for an edit page (None for a new one), for a user allowed `action`."""
    if record_id is None:
        return None
    record = record_of(contract, model, record_id)
    access.authorize(action, record)
    return record
