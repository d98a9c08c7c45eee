"""What the performance rules raise; every message is written for the person who sees it."""

from __future__ import annotations


class PerformanceError(Exception):
    """A rule was broken. `field`, when set, names the form field to show the message beside
    (portal.web.put_error_on_form); otherwise it goes above the form."""

    field: str | None = None


class FieldError(PerformanceError):
    """A framework value is wrong: the message belongs beside `field` (None: above the form)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field


class StaleLine(PerformanceError):
    """Someone else decided on this line since the page was loaded."""


class StaleStatement(PerformanceError):
    """Another correction was recorded since the correction form was loaded; `revision` is the
    statement's revision now (what the form must carry to correct it knowingly)."""

    def __init__(self, message: str, revision: int | str):
        super().__init__(message)
        self.revision = revision


class CorrectionError(PerformanceError):
    """Some corrected lines are wrong; `errors` maps form field names to messages."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}
