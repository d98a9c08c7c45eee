"""Contract pages: public and member overview, members management, my contracts, security headers."""

import sqlalchemy as sa

from portal.contracts.models import Membership
from portal.extensions import db
from tests.factories import make_contract, make_user


def test_public_and_member_views_of_a_contract(world, login):
    public = login(None).get("/contracts/AAA")
    assert public.status_code == 200
    assert b"Public authority" in public.data and b"You are:" not in public.data
    member = login(world["operator_staff"]).get("/contracts/AAA")
    assert member.status_code == 200
    assert b"You are: Operator staff" in member.data
    assert b"Recent activity" in member.data


def test_unpublished_contract_is_404_to_outsiders_like_a_missing_one(world, login):
    hidden = make_contract("HID", published=False)
    assert login(None).get(f"/contracts/{hidden.code}").status_code == 404
    assert login(world["community"]).get(f"/contracts/{hidden.code}").status_code == 404
    assert login(None).get("/contracts/NOPE").status_code == 404
    home = login(None).get("/")
    assert b"HID" not in home.data and b"Alpha Hospital" in home.data


def test_manager_adds_and_removes_a_member(world, login):
    client = login(world["public_manager"])
    newcomer = make_user("Niamh Doyle", "niamh@example.org")
    response = client.post("/contracts/AAA/members", data={"email": "niamh@example.org", "role": "operator_staff",
                                                            "organisation_id": "0"})
    assert response.status_code == 303
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == newcomer.id))
    assert membership.role == "operator_staff"
    assert membership.organisation_id == world.contract_a.operator_org_id
    page = client.get("/contracts/AAA/members")
    assert b"Niamh Doyle" in page.data
    removed = client.post(f"/contracts/AAA/members/{membership.id}/remove")
    assert removed.status_code == 303
    assert db.session.get(Membership, membership.id) is None


def test_adding_an_unknown_person_keeps_the_form(world, login):
    client = login(world["public_manager"])
    response = client.post("/contracts/AAA/members", data={"email": "stranger@example.org", "role": "reviewer",
                                                            "organisation_id": "0"})
    assert response.status_code == 422
    assert b"stranger@example.org" in response.data
    assert b"Ask an administrator to invite" in response.data


def test_the_last_manager_cannot_be_removed(world, login):
    client = login(world["admin"])  # a manager cannot remove itself at all (tests/security)
    own = db.session.scalar(sa.select(Membership).where(Membership.user_id == world["public_manager"].id))
    response = client.post(f"/admin/contracts/AAA/members/{own.id}/remove", follow_redirects=True)
    assert b"at least one public contract manager" in response.data
    assert db.session.get(Membership, own.id) is not None


def test_fragment_for_htmx_and_full_page_otherwise(world, login):
    client = login(world["public_manager"])
    full = client.get("/contracts/AAA/activity")
    fragment = client.get("/contracts/AAA/activity", headers={"HX-Request": "true"})
    assert b"<html" in full.data and b"<html" not in fragment.data
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_my_contracts_lists_only_mine(world, login):
    page = login(world["operator_b"]).get("/my/contracts")
    assert b"Bravo Motorway" in page.data and b"Alpha Hospital" not in page.data


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_htmx_request_after_session_expiry_redirects_the_whole_page(client):
    response = client.get("/my/contracts", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_changes_made_through_the_web_are_audited_with_the_actor(world, login):
    from portal.audit.models import AuditEvent

    make_user("Grace Nolan", "grace@example.org")
    client = login(world["public_manager"])
    client.post("/contracts/AAA/members", data={"email": "grace@example.org", "role": "public_officer",
                                                 "organisation_id": "0"})
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.entity_type == "membership" and event.action == "create"
    assert event.actor_id == world["public_manager"].id
    assert "Grace Nolan" in event.summary
    assert client.get("/contracts/AAA/activity").data.count(b"Grace Nolan") >= 1
