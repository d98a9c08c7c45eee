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


class Refused(Exception):
    """Raised by a receiver that refuses what a signal announced (e.g. a change to a settled month).
    The message is for the user; the sender turns it into its own domain error and rolls back."""


# A variation that changes the unitary charge was approved. Sender: the contract.
# kwargs: reference (str, e.g. "NSH-VAR-007"), title (str), url (str, the variation's page),
# effective_month (date, the first day of the first month charged at the new figure),
# monthly_charge_change_minor (int, minor units of the contract's currency, may be negative), user.
# Performance writes the payment terms from that month and returns a sentence saying what it
# changed; it raises Refused when the month is already settled or no terms are in force.
variation_approved = _signals.signal("variation-approved")
# A feature asks for an action on the contract's one action list (portal.actions keeps it): a
# meeting outcome, a follow-up from a stakeholder contact, a low health-check score, and later
# an issue, a risk response or a dispute step. Sender: the contract. kwargs:
#   title (str, required, up to 200 characters),
#   owner_user_id (int | None): the person who owns it (a member of the contract), or
#   owner_party (str | None): "government" or "operator" when a party, not a person, owns it;
#   due_on (date | None): the due date, in the contract's calendar,
#   source_kind (str): what it came from ("meeting", "issue", "risk", "dispute", "healthcheck", ...),
#   source_id (int | None), source_title (str): the source record, shown as "from ..." on the action,
#   source_url (str, optional): where the source record is read,
#   visibility (str): one of access.VISIBILITIES, usually the source record's,
#   user: who asked (the creator).
# The receiver returns the new action's id, so the sender may keep it:
#   [(receiver, action_id)] = action_requested.send(contract, **kwargs)
# A wrong value (unknown owner, bad party or visibility, empty title) raises ValueError, which the
# sender turns into its own domain error.
action_requested = _signals.signal("action-requested")
