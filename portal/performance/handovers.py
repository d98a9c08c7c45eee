"""What performance takes from the other features, without importing them:

- functional areas as a link kind ("area"), so an issue can name the area that failed;
- a service failure resolved elsewhere (an issue marked as one, `signals.service_failure_resolved`)
  becomes a failure event of the month it was reported in, a pending line the review decides like
  any other. A month already settled is refused: a failure found after approval is a recorded
  correction of that month's statement, which only the public manager makes."""

from __future__ import annotations

from portal import signals, workdays
from portal.extensions import db
from portal.panels import LinkedRecord, LinkKind, register_link_kind
from portal.performance import queries, services
from portal.performance.models import FailureEvent, FunctionalArea


def _resolve_area(contract, ref_id) -> LinkedRecord | None:
    area = db.session.get(FunctionalArea, ref_id) if ref_id else None
    if area is None or area.contract_id != contract.id:
        return None
    return LinkedRecord(kind="area", ref_id=area.id, contract_id=area.contract_id, title=area.name,
                        url=f"/contracts/{contract.code}/performance/framework", visibility=area.visibility)


def _area_choices(_user, contract) -> list[tuple[int, str]]:
    return [(area.id, area.name) for area in queries.areas_of(contract)]


register_link_kind(LinkKind("area", "Functional area", _resolve_area, _area_choices))


@signals.service_failure_resolved.connect
def record_failure(contract, area_id=None, criterion="", reported_at=None, rectified_at=None, reference="",
                   description="", user=None, **_kwargs) -> FailureEvent:
    month = workdays.local_date(reported_at, contract.time_zone).replace(day=1)
    existing = queries.get_submission(contract, month)
    if existing is not None and existing.settled:
        raise signals.Refused(f"{month:%B %Y} is already settled: a failure found now is recorded by a "
                              "correction of that month's statement, not by a new line.")
    submission = services.open_submission(contract, month)
    event = FailureEvent(contract_id=contract.id, submission_id=submission.id, reference=reference[:40],
                         area_id=area_id, criterion=criterion, reported_at=reported_at, rectified_at=rectified_at)
    db.session.add(event)
    db.session.flush()
    return event
