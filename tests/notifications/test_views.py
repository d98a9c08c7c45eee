import json

import sqlalchemy as sa

from portal.extensions import db
from portal.notifications.models import Notification
from portal.notifications.services import notify, unread_count
from tests.factories import make_user

HTMX = {"HX-Request": "true"}


def test_list_page_and_fragment(login):
    user = make_user(email_preference="none")
    notify(user, "Evidence submitted for October", "Meridian sent 14 KPI results.", "/contracts/AAA")
    client = login(user)
    page = client.get("/notifications/")
    assert page.status_code == 200 and "Evidence submitted for October" in page.text
    assert "You have 1 unread" in page.text
    fragment = client.get("/notifications/", headers=HTMX)
    assert "<html" not in fragment.text and "Evidence submitted for October" in fragment.text
    assert fragment.headers["Vary"] == "HX-Request" or "HX-Request" in fragment.headers["Vary"]


def test_empty_list(login):
    assert "No notifications yet" in login(make_user()).get("/notifications/").text


def test_bell_shows_the_unread_count(login):
    user = make_user(email_preference="none")
    client = login(user)
    bell = client.get("/notifications/count", headers=HTMX)
    assert 'id="notification-bell"' in bell.text and "unread" not in bell.text
    notify(user, "One")
    notify(user, "Two")
    bell = client.get("/notifications/count", headers=HTMX)
    assert "<html" not in bell.text
    assert '2<span class="usa-sr-only"> unread</span>' in bell.text


def test_mark_read_with_htmx_returns_the_item_and_a_trigger(login):
    user = make_user(email_preference="none")
    note = notify(user, "Meeting minutes approved")
    client = login(user)
    response = client.post(f"/notifications/{note.id}/read", headers=HTMX)
    assert response.status_code == 200
    assert f'id="notification-{note.id}"' in response.text and "<html" not in response.text
    assert "Mark as read" not in response.text and "portal-unread" not in response.text
    assert "notifications-changed" in response.headers["HX-Trigger"]
    assert unread_count(user) == 0


def test_mark_read_without_htmx_redirects(login):
    user = make_user(email_preference="none")
    note = notify(user, "Issue answered", url="/contracts/AAA/issues")
    client = login(user)
    response = client.post(f"/notifications/{note.id}/read")
    assert response.status_code == 303 and response.headers["Location"] == "/notifications/"
    opened = client.post(f"/notifications/{notify(user, 'x', url='/contracts/AAA').id}/read", data={"open": "1"})
    assert opened.headers["Location"] == "/contracts/AAA"


def test_open_never_leaves_the_portal(login):
    user = make_user(email_preference="none")
    note = notify(user, "Suspicious", url="//evil.example/phish")
    response = login(user).post(f"/notifications/{note.id}/read", data={"open": "1"})
    assert response.headers["Location"] == "/notifications/"


def test_others_notifications_are_404(login):
    owner = make_user(email_preference="none")
    note = notify(owner, "Private")
    intruder = login(make_user())
    assert intruder.post(f"/notifications/{note.id}/read").status_code == 404
    assert intruder.post("/notifications/999999/read").status_code == 404
    assert db.session.get(Notification, note.id).read_at is None


def test_mark_all_read_only_touches_mine(login):
    me = make_user(email_preference="none")
    other = make_user(email_preference="none")
    for title in ("A", "B", "C"):
        notify(me, title)
    notify(other, "Theirs")
    client = login(me)
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "3 notification(s) marked as read." in response.text
    assert unread_count(me) == 0 and unread_count(other) == 1
    assert "Nothing was unread." in client.post("/notifications/read-all", follow_redirects=True).text


def test_mark_all_read_with_htmx_announces_it(login):
    me = make_user(email_preference="none")
    notify(me, "A")
    response = login(me).post("/notifications/read-all", headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    trigger = json.loads(response.headers["HX-Trigger"])
    assert trigger["flash"] == "1 notification(s) marked as read." and trigger["notifications-changed"]


def test_session_expiry_under_htmx_redirects_the_whole_page(client):
    response = client.get("/notifications/count", headers=HTMX)
    assert response.status_code == 401 and "/login" in response.headers["HX-Redirect"]


def test_immediate_preference_mails_at_once(app, outbox):
    user = make_user(email_preference="immediate")
    notify(user, "Payment statement approved", "October", "/contracts/AAA")
    (message,) = outbox
    assert message["Subject"] == "[Partnership Portal] Payment statement approved"
    assert "http://" in message.get_content() and "/contracts/AAA" in message.get_content()
    assert db.session.scalar(sa.select(Notification.emailed_at)) is not None
