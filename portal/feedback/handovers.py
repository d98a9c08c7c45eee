"""What feedback offers and takes from the other features, without importing them:

- feedback items as a link kind ("feedback"), so an issue can say which feedback it came from;
- when another feature takes a feedback item up (an issue is opened from it,
  `signals.record_taken_up`), the item keeps the link and its timeline says so: the staff read
  the issue's reference; the submitter's tracking page names it only when the issue is public."""

from __future__ import annotations

from portal import signals
from portal.extensions import db
from portal.feedback.intake import add_event
from portal.feedback.models import Feedback
from portal.panels import LinkedRecord, LinkKind, register_link_kind


def _resolve_feedback(contract, ref_id) -> LinkedRecord | None:
    item = db.session.get(Feedback, ref_id) if ref_id else None
    if item is None or item.contract_id != contract.id:
        return None
    return LinkedRecord(kind="feedback", ref_id=item.id, contract_id=item.contract_id,
                        title=f"{item.reference} {item.kind_label} about {item.category_name.lower()}",
                        url=f"/contracts/{contract.code}/feedback/{item.reference}",
                        visibility=item.visibility, is_sensitive=item.sensitive)


register_link_kind(LinkKind("feedback", "Feedback", _resolve_feedback))


@signals.record_taken_up.connect
def taken_up(contract, source_kind=None, source_id=None, target_kind=None, target_id=None, target_reference="",
             target_public=False, user=None, **_kwargs) -> None:
    if source_kind != "feedback" or target_kind != "issue":
        return
    item = db.session.get(Feedback, source_id)
    if item is None or item.contract_id != contract.id:
        return
    item.issue_id = target_id
    add_event(item, "issue_opened", user, f"Issue {target_reference} was opened from this feedback.")
    told = (f"An issue, {target_reference}, was opened for the parties to work on." if target_public
            else "An issue was opened for the parties to work on.")
    add_event(item, "issue_opened", user, told, public=True)
    db.session.flush()
