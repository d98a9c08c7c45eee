"""Finding 8: nobody grants, changes or removes their own contract membership (an administrator
adding itself as public officer could read a sensitive grievance), and every membership change is
told to the contract's public managers."""

from __future__ import annotations

import sqlalchemy as sa

from portal.contracts.models import Membership
from portal.extensions import db
from portal.notifications.models import Notification
from tests.feedback.helpers import make_feedback


def _notes(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.title).where(Notification.user_id == user.id)))


def test_an_administrator_cannot_grant_itself_access(world, login):
    feedback, _ = make_feedback(world.contract_a, sensitive=True, text="Harassment by a night porter")
    db.session.commit()
    admin = login(world["admin"])
    response = admin.post("/admin/contracts/AAA/members", data={
        "email": world["admin"].email, "role": "public_officer", "organisation_id": "0"})
    assert response.status_code == 422 and b"You cannot give yourself a role" in response.data
    assert db.session.scalar(sa.select(Membership).where(Membership.user_id == world["admin"].id)) is None
    assert admin.get(f"/contracts/AAA/feedback/{feedback.reference}").status_code == 404


def test_a_manager_cannot_change_or_remove_their_own_role(world, login):
    manager = login(world["public_manager"])
    response = manager.post("/contracts/AAA/members", data={
        "email": world["public_manager"].email, "role": "reviewer", "organisation_id": "0"})
    assert response.status_code == 422 and b"You cannot give yourself a role" in response.data
    own = db.session.scalar(sa.select(Membership).where(Membership.user_id == world["public_manager"].id))
    manager.post(f"/contracts/AAA/members/{own.id}/remove")
    db.session.refresh(own)
    assert own.role == "public_manager"


def test_every_change_is_told_to_the_public_managers(world, login):
    admin = login(world["admin"])
    response = admin.post("/admin/contracts/AAA/members", data={
        "email": world["community"].email, "role": "operator_staff", "organisation_id": "0"})
    assert response.status_code == 303
    assert any("Community Member was added to AAA as Operator staff" in t
               for t in _notes(world["public_manager"]))
    officer = db.session.scalar(sa.select(Membership).where(Membership.user_id == world["public_officer"].id))
    assert admin.post(f"/admin/contracts/AAA/members/{officer.id}/remove").status_code == 303
    assert any("no longer has a role on AAA" in t for t in _notes(world["public_manager"]))
    # a manager's own change is told to the other managers, not to itself
    second = world["reviewer"]
    login(world["public_manager"]).post("/contracts/AAA/members", data={
        "email": second.email, "role": "public_manager", "organisation_id": "0"})
    before = len(_notes(world["public_manager"]))
    login(second).post("/contracts/AAA/members", data={
        "email": world["operator_b"].email, "role": "operator_staff", "organisation_id": "0"})
    assert len(_notes(world["public_manager"])) == before + 1
    assert not any("Operator B" in t for t in _notes(second))
