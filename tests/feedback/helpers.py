"""Builders for feedback tests."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.feedback import intake, settings


def category(contract, routed_to="operator"):
    settings.ensure_defaults(contract)
    for item in settings.categories(contract):
        if item.routed_to == routed_to:
            return item
    raise AssertionError("no such category")


def make_feedback(contract, *, routed_to="operator", sensitive=False, submitter=None, email="", text=None,
                  received_at=None, kind="complaint", notify_staff=True):
    sub = intake.Submission(kind=kind, category=category(contract, routed_to),
                              text=text or "The car park barrier at gate B has been broken for a week.",
                              place="Gate B", email=email, sensitive=sensitive)
    return intake.create_feedback(contract, sub, submitter=submitter,
                                    received_at=received_at or datetime(2026, 11, 2, 10, tzinfo=UTC),
                                    notify_staff=notify_staff)
