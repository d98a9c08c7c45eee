"""Who is told what as a month moves on. Each notice links to the month's page."""

from __future__ import annotations

from portal.contracts.services import users_with_roles
from portal.notifications.services import notify_many
from portal.performance.models import PaymentStatement, Submission


def month_path(contract, submission: Submission) -> str:
    """The month's page (performance.submission), without a request to build it from."""
    return f"/contracts/{contract.code}/performance/{submission.key}"


def _tell(contract, role: str, submission: Submission, title: str, body: str = "") -> int:
    return notify_many(users_with_roles(contract, role), title, body, url=month_path(contract, submission),
                       contract=contract)


def period_opened(contract, submission: Submission) -> int:
    return _tell(contract, "operator_manager", submission,
                 f"{contract.code} performance for {submission.label} is open",
                 f"The reporting period {submission.label} is open for your KPI measurements, failure events "
                 f"and evidence. Submit it by {submission.due_on:%d %B %Y}.")


def period_late(contract, submission: Submission) -> int:
    return _tell(contract, "operator_manager", submission,
                 f"{contract.code} performance for {submission.label} is late",
                 f"The submission for {submission.label} was due on {submission.due_on:%d %B %Y} and has not "
                 "been submitted. It will be flagged as late when it is.")


def submitted(contract, submission: Submission) -> int:
    return _tell(contract, "public_manager", submission,
                 f"{contract.code} performance for {submission.label} submitted")


def line_decided(contract, submission: Submission, decision: str) -> int:
    """A query asks the operator for an answer; other decisions wait for the statement."""
    if decision != "query":
        return 0
    return _tell(contract, "operator_manager", submission,
                 f"{contract.code} {submission.label}: a line was queried")


def approved(contract, submission: Submission) -> int:
    return _tell(contract, "operator_manager", submission,
                 f"{contract.code} payment statement for {submission.label} awaits countersignature")


def corrected(contract, submission: Submission, statement: PaymentStatement) -> int:
    return _tell(contract, "operator_manager", submission,
                 f"{contract.code} statement for {submission.label} corrected (revision {statement.revision}); "
                 "please countersign")
