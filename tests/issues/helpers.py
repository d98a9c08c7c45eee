"""Builders for issue tests, and the small pieces other features will register (the performance
"area" link kind and the failure-event receiver) written as the performance side will."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.issues import services


def make_issue(contract, user, *, title="Street lights out on the access road", priority="medium",
               visibility="community", routed_to="operator", category="Maintenance and repairs",
               description="Six lights between the roundabout and gate B have been dark since Monday.",
               at=None, link=None):
    data = services.IssueInput(title=title, description=description, category=category, priority=priority,
                               visibility=visibility, routed_to=routed_to)
    return services.raise_issue(contract, user, data, at=at or datetime(2026, 11, 16, 9, tzinfo=UTC), link=link)
