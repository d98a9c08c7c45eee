"""The action list: the signal, owners, statuses, filters, My actions, CSV and reminders."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from portal import access, clock
from portal.actions import services
from portal.actions.models import Action
from portal.extensions import db
from portal.notifications.models import Notification
from portal.signals import action_requested
from tests.actions.helpers import make_action


def test_another_feature_asks_through_the_signal(world):
    [(_receiver, action_id)] = action_requested.send(
        world.contract_a, title="Review the risk response", owner_party="government", due_on=None,
        source_kind="risk", source_id=7, source_title="AAA-RSK-0007 Lift failure", visibility="government",
        user=world["public_manager"])
    action = db.session.get(Action, action_id)
    assert (action.reference, action.owner_label, action.source_label) == ("AAA-ACT-0001", "The public authority", "Risk")
    with pytest.raises(ValueError):
        action_requested.send(world.contract_a, title="", owner_party="government", user=None)


def test_owner_must_be_a_member_who_can_see_the_action(world):
    with pytest.raises(services.ActionError):
        make_action(world, owner=world["operator_b"])
    with pytest.raises(services.ActionError) as error:
        make_action(world, owner=world["operator_manager"], visibility="government")
    assert "could not see" in str(error.value)


def test_statuses_and_the_drop_reason(world):
    action = make_action(world)
    services.set_status(action, "in_progress")
    with pytest.raises(services.ActionError) as error:
        services.set_status(action, "dropped")
    assert error.value.field == "reason"
    services.set_status(action, "dropped", "The lift is being replaced instead.")
    assert action.closed_at is not None and not action.is_open


def test_who_may_move_an_action_along(world):
    mine = make_action(world, owner=world["operator_staff"])
    party = make_action(world, party="operator")
    assert access.may_update_action(world["operator_staff"], mine)
    assert not access.may_update_action(world["reviewer"], mine)
    assert access.may_update_action(world["operator_staff"], party)
    assert not access.may_update_action(world["community_rep"], party)
    assert not access.may_update_action(world["operator_b"], party)


def test_filters_mine_overdue_source_party(world):
    make_action(world, owner=world["operator_manager"], title="Late one", days=-3)
    make_action(world, owner=world["public_officer"], title="Officer's", source_kind="healthcheck")
    make_action(world, party="operator", title="Operator party")
    titles = lambda user, **f: sorted(a.title for a in db.session.scalars(  # noqa: E731
        services.list_query(user, world.contract_a, services.Filters(**f))))
    assert titles(world["operator_manager"], mine=True) == ["Late one"]
    assert titles(world["public_manager"], overdue=True) == ["Late one"]
    assert titles(world["public_manager"], source="healthcheck") == ["Officer's"]
    assert titles(world["public_manager"], party="operator") == ["Late one", "Operator party"]
    assert titles(world["public_manager"], owner_id=world["public_officer"].id) == ["Officer's"]


def test_community_reps_see_only_community_actions(world):
    make_action(world, title="Partners")
    make_action(world, owner=world["community_rep"], visibility="community", title="Leaflet")
    seen = [a.title for a in db.session.scalars(services.list_query(world["community_rep"], world.contract_a,
                                                                    services.Filters(status="all")))]
    assert seen == ["Leaflet"]


def test_my_actions_across_contracts(world):
    from tests.factories import add_member

    add_member(world["operator_manager"], world.contract_b, "operator_manager")
    access.forget_memberships(world["operator_manager"])
    make_action(world, title="On A")
    make_action(world, contract=world.contract_b, title="On B")
    done = make_action(world, title="Finished")
    services.set_status(done, "done")
    assert sorted(a.title for a in services.my_actions(world["operator_manager"])) == ["On A", "On B"]
    assert len(services.my_actions(world["operator_manager"], include_closed=True)) == 3


def test_csv_neutralises_formulas(world):
    action = make_action(world, title="=HYPERLINK(\"http://evil\")")
    rows = list(csv.reader(io.StringIO(services.csv_export([action]))))
    assert rows[1][1].startswith("'=")


def test_reminders_soon_and_overdue_once_each(world):
    soon = make_action(world, days=2, title="Soon")
    late = make_action(world, party="government", days=-1, title="Late")
    make_action(world, days=20, title="Later")
    before = db.session.query(Notification).count()
    sent = services.send_reminders()
    assert sent == 2  # the owner of "Soon", the public manager for the government's "Late"
    assert services.send_reminders() == 0
    notes = db.session.query(Notification).order_by(Notification.id).all()[before:]
    assert [n.title for n in notes] == [f"{soon.reference} is due on {soon.due_on:%d %b %Y}",
                                        f"{late.reference} is overdue (due {late.due_on:%d %b %Y})"]
    services.update_action(soon, soon.title, owner_user_id=soon.owner_user_id, owner_party=None,
                           due_on=soon.due_on + timedelta(days=1), notes="")
    assert services.send_reminders() == 1  # a new due date re-arms the reminder


def test_remind_command(world, app):
    make_action(world, days=1)
    result = app.test_cli_runner().invoke(args=["portal", "remind"])
    assert result.exit_code == 0 and "1 reminder(s) sent." in result.output


def test_pages(world, login):
    action = make_action(world, days=-2, title="Send the root-cause analysis")
    db.session.commit()
    client = login(world["public_manager"])
    page = client.get("/contracts/AAA/actions?overdue=y")
    assert b"Send the root-cause analysis" in page.data and b"<html" in page.data
    fragment = client.get("/contracts/AAA/actions?status=closed", headers={"HX-Request": "true"})
    assert b"<html" not in fragment.data and b"No action matches" in fragment.data
    export = client.get("/contracts/AAA/actions.csv")
    assert export.mimetype == "text/csv" and b"Send the root-cause analysis" in export.data
    refused = client.post(f"/contracts/AAA/actions/{action.reference}/status", data={"status": "dropped",
                                                                                     "version": action.version})
    assert refused.status_code == 422 and b"Say why the action is dropped." in refused.data
    owner = login(world["operator_manager"])
    assert b"Send the root-cause analysis" in owner.get("/my/actions").data
    done = owner.post(f"/contracts/AAA/actions/{action.reference}/status",
                      data={"status": "done", "version": db.session.get(Action, action.id).version})
    assert done.status_code == 303
    assert clock.now() >= db.session.get(Action, action.id).closed_at
