"""A signed-in person follows a published contract: a home of their own lists it, and each new
report reaches their notifications."""

from __future__ import annotations

from datetime import date

from portal.contracts import services
from portal.extensions import db
from portal.notifications.models import Notification
from portal.reports import services as reports
from tests.factories import make_contract, make_user


def test_a_resident_follows_a_contract_and_finds_it_at_home(app, world, login):
    resident = login(world["community"])
    page = resident.get("/contracts/AAA").get_data(as_text=True)
    assert "Follow this contract" in page
    assert resident.post("/contracts/AAA/follow").status_code == 303
    assert services.is_following(world["community"], world.contract_a)
    assert "Stop following" in resident.get("/contracts/AAA").get_data(as_text=True)
    home = resident.get("/my/contracts").get_data(as_text=True)
    assert "Welcome, " in home and "Contracts you follow" in home and world.contract_a.title in home
    assert "You do not have a role" not in home and 'action="/search"' in home
    assert resident.post("/contracts/AAA/unfollow").status_code == 303
    assert not services.is_following(world["community"], world.contract_a)


def test_an_unpublished_contract_cannot_be_followed(app, world, login):
    hidden = make_contract("HID", published=False)
    assert login(world["community"]).post(f"/contracts/{hidden.code}/follow").status_code == 404


def test_anonymous_visitors_are_offered_to_sign_in_to_follow(app, world, client):
    assert "Sign in to follow this contract" in client.get("/contracts/AAA").get_data(as_text=True)


def test_followers_hear_of_a_new_report(app, world):
    follower, bystander = make_user("Aoife Follower"), make_user("Tomás Bystander")
    services.follow(follower, world.contract_a)
    report = reports.create_report(world.contract_a, world["public_officer"], kind="quarter", start=date(2026, 7, 1),
                                   end=date(2026, 9, 30), sections=["summary", "narrative"], narrative="Text.")
    reports.submit(report, world["public_officer"])
    reports.approve(report, world["public_manager"])
    with app.test_request_context():
        reports.publish(report, world["public_manager"])
    notes = db.session.query(Notification).filter(Notification.user_id.in_([follower.id, bystander.id])).all()
    assert [(n.user_id, n.title.startswith("New report on AAA")) for n in notes] == [(follower.id, True)]
    assert report.title in reports.latest_public_reports(follower)[0].title
