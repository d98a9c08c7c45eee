"""The other side of the hand-overs, as the feedback and performance features will register them
at merge (see the report): a "feedback" and an "area" link kind, the feedback receiver of
`record_taken_up` and the performance receiver of `service_failure_resolved`.

Tests switch them on with the fixtures in tests/issues/conftest.py; the portal itself does not
register them until those features do."""

from __future__ import annotations

from contextlib import contextmanager

from portal import panels, signals, workdays
from portal.extensions import db
from portal.feedback import services as feedback_services
from portal.feedback.models import Feedback
from portal.panels import LinkedRecord, LinkKind
from portal.performance import services as performance_services
from portal.performance.models import FailureEvent, FunctionalArea

# ---- feedback ---------------------------------------------------------------------------------


def resolve_feedback(contract, ref_id):
    item = db.session.get(Feedback, ref_id) if ref_id else None
    if item is None or item.contract_id != contract.id:
        return None
    return LinkedRecord(kind="feedback", ref_id=item.id, contract_id=item.contract_id,
                        title=f"{item.reference} {item.kind_label} about {item.category_name.lower()}",
                        url=f"/contracts/{contract.code}/feedback/{item.reference}",
                        visibility=item.visibility, is_sensitive=item.sensitive)


def feedback_taken_up(contract, source_kind=None, source_id=None, target_kind=None, target_reference="",
                      target_public=False, user=None, target_id=None, **_kwargs):
    if source_kind != "feedback" or target_kind != "issue":
        return
    item = db.session.get(Feedback, source_id)
    if item is None or item.contract_id != contract.id:
        return
    item.issue_id = target_id
    feedback_services.add_event(item, "note", user, f"Issue {target_reference} opened from this feedback.")
    if target_public:
        feedback_services.add_event(item, "note", user, f"An issue was opened: {target_reference}.",
                                    public=True)
    else:
        feedback_services.add_event(item, "note", user, "An issue was opened for the parties to work on.",
                                    public=True)


# ---- performance --------------------------------------------------------------------------------


def resolve_area(contract, ref_id):
    area = db.session.get(FunctionalArea, ref_id) if ref_id else None
    if area is None or area.contract_id != contract.id:
        return None
    return LinkedRecord(kind="area", ref_id=area.id, contract_id=area.contract_id, title=area.name,
                        url=f"/contracts/{contract.code}/performance/framework", visibility=area.visibility)


def area_choices(user, contract):
    return [(a.id, a.name) for a in performance_services.areas_of(contract)]


def failure_resolved(contract, area_id=None, criterion="", reported_at=None, rectified_at=None, reference="",
                     description="", user=None, **_kwargs):
    month = reported_at.astimezone(workdays._zone(contract.time_zone)).date().replace(day=1)
    submission = performance_services.open_submission(contract, month)
    db.session.add(FailureEvent(contract_id=contract.id, submission_id=submission.id, reference=reference,
                                area_id=area_id, criterion=criterion, reported_at=reported_at,
                                rectified_at=rectified_at))
    db.session.flush()


@contextmanager
def registered(*, feedback: bool = False, performance: bool = False):
    kinds, receivers = [], []
    if feedback:
        kinds.append(LinkKind("feedback", "Feedback", resolve_feedback))
        receivers.append((signals.record_taken_up, feedback_taken_up))
    if performance:
        kinds.append(LinkKind("area", "Functional area", resolve_area, area_choices))
        receivers.append((signals.service_failure_resolved, failure_resolved))
    for kind in kinds:
        panels.register_link_kind(kind)
    for signal, receiver in receivers:
        signal.connect(receiver)
    try:
        yield
    finally:
        for kind in kinds:
            panels._LINK_KINDS.pop(kind.kind, None)
        for signal, receiver in receivers:
            signal.disconnect(receiver)
