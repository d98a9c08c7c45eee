"""The feedback feature's domain error: what a view shows beside a form field, or above the form."""

from __future__ import annotations


class FeedbackError(Exception):
    """A rule was broken; `field` names the form field the message belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
