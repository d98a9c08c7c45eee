"""Signals: how one feature tells the others that something happened, without importing them.

Features are independent siblings (import-linter enforces it), so a feature that must react to
another's change subscribes here; the sender announces here. Each signal's sender is the
contract; keyword arguments are documented beside it. Receivers flush, never commit: they run
inside the sender's transaction, so the change and its consequences land together or not at all."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A service failure recorded outside performance (an issue marked as one) was rectified.
# kwargs: area_id, criterion (str), reported_at, rectified_at (aware datetimes), reference (str),
# description (str), user. Performance records it as a failure event in that month's submission.
service_failure_resolved = _signals.signal("service-failure-resolved")

# A record of one feature was taken up by another (feedback became an issue, an issue escalated
# into a dispute). kwargs: source_kind, source_id, target_kind, target_id, target_reference,
# target_public (bool), user. The source feature notes it on its own record's timeline.
record_taken_up = _signals.signal("record-taken-up")
