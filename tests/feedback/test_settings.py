"""Categories and response templates: the services and the staff screens."""

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.feedback import intake, settings
from portal.feedback.errors import FeedbackError
from portal.feedback.models import Feedback, ResponseTemplate
from tests.feedback.helpers import make_feedback

SETTINGS = "/contracts/AAA/feedback/settings"


# ---- services ------------------------------------------------------------------------------


def test_defaults_are_created_once_with_templates(world):
    assert settings.ensure_defaults(world.contract_a) is True
    assert settings.ensure_defaults(world.contract_a) is False
    assert len(settings.categories(world.contract_a)) == len(settings.DEFAULT_CATEGORIES)
    assert len(settings.response_templates(world.contract_a)) == len(settings.DEFAULT_TEMPLATES)


def test_deleting_every_template_does_not_bring_the_defaults_back(world):
    settings.ensure_defaults(world.contract_a)
    for template in settings.response_templates(world.contract_a):
        settings.delete_template(template)
    assert settings.response_templates(world.contract_a) == []


def test_add_and_update_category_rules(world):
    contract = world.contract_a
    settings.categories(contract)
    parking = settings.add_category(contract, "  Parking   and  access ", "operator")
    assert parking.name == "Parking and access" and parking.active
    assert parking.position == max(c.position for c in settings.categories(contract))
    with pytest.raises(FeedbackError) as error:
        settings.add_category(contract, "PARKING AND ACCESS", "operator")  # case-insensitive clash
    assert error.value.field == "name"
    with pytest.raises(FeedbackError) as error:
        settings.add_category(contract, "Tolls", "community")
    assert error.value.field == "routed_to"
    with pytest.raises(FeedbackError):
        settings.add_category(contract, "   ", "operator")
    # the same name is fine on another contract
    settings.add_category(world.contract_b, "Parking and access", "government")
    settings.update_category(parking, "Parking", "government", active=False)
    assert (parking.name, parking.routed_to, parking.active) == ("Parking", "government", False)
    assert parking not in settings.categories(contract)
    assert parking in settings.categories(contract, active_only=False)
    settings.update_category(parking, "parking", "government", active=False)  # its own name, new case


def test_rerouting_applies_to_new_feedback_only(world):
    contract = world.contract_a
    earlier, _ = make_feedback(contract, routed_to="operator")
    category = earlier.category
    settings.update_category(category, category.name, "government", active=True)
    later = intake.create_feedback(contract, intake.Submission("complaint", category, "Again"),
                                     notify_staff=False)[0]
    assert earlier.routed_to == "operator" and later.routed_to == "government"


def test_the_last_active_category_stays_active(world):
    settings.set_categories(world.contract_b, [("Only one", "operator")])
    only = settings.categories(world.contract_b)[0]
    with pytest.raises(FeedbackError) as error:
        settings.update_category(only, "Only one", "operator", active=False)
    assert error.value.field == "active"


def test_category_usage_counts_sensitive_feedback_too(world):
    feedback, _ = make_feedback(world.contract_a, routed_to="operator")
    make_feedback(world.contract_a, routed_to="operator", sensitive=True)
    assert settings.category_usage(world.contract_a)[feedback.category_id] == 2


def test_template_rules(world):
    contract = world.contract_a
    settings.response_templates(contract)
    template = settings.add_template(contract, "Road closed", "The road is closed until {date}.")
    with pytest.raises(FeedbackError) as error:
        settings.add_template(contract, "road CLOSED", "x")
    assert error.value.field == "title"
    with pytest.raises(FeedbackError) as error:
        settings.add_template(contract, "Empty", "  ")
    assert error.value.field == "body"
    settings.update_template(template, "Road closed for works", "Closed until Friday.")
    assert template.title == "Road closed for works"
    titles = [t.title for t in settings.response_templates(contract)]
    assert titles == sorted(titles, key=str.lower)


# ---- screens -------------------------------------------------------------------------------


def test_settings_page_for_government_only_with_configure_for_the_manager(login, world):
    pm = login(world["public_manager"]).get(SETTINGS)
    assert pm.status_code == 200 and b"Add category" in pm.data and b"Add template" in pm.data
    officer = login(world["public_officer"]).get(SETTINGS)
    assert officer.status_code == 200 and b"Add category" not in officer.data and b"Add template" in officer.data
    assert b"Only the public contract manager" in officer.data
    assert login(world["operator_manager"]).get(SETTINGS).status_code == 404  # a refused read is not found
    assert login(world["reviewer"]).get(SETTINGS).status_code == 404
    assert login(world["operator_b"]).get(SETTINGS).status_code == 404
    queue = login(world["public_officer"]).get("/contracts/AAA/feedback")
    assert b"Categories and templates" in queue.data
    assert b"Categories and templates" not in login(world["operator_manager"]).get("/contracts/AAA/feedback").data


def test_add_category_422_keeps_input_then_succeeds(login, world):
    pm = login(world["public_manager"])
    pm.get(SETTINGS)
    bad = pm.post(SETTINGS + "/categories", data={"name": "Service quality", "routed_to": "government"})
    assert bad.status_code == 422 and b"already has a category with that name" in bad.data
    assert b'value="Service quality"' in bad.data
    missing = pm.post(SETTINGS + "/categories", data={"name": "", "routed_to": ""})
    assert missing.status_code == 422 and b"Give the category a name" in missing.data
    good = pm.post(SETTINGS + "/categories", data={"name": "Parking", "routed_to": "operator"})
    assert good.status_code == 303
    assert b"Parking" in pm.get(SETTINGS).data
    assert b"Parking" in login(None).get("/feedback/new?contract=AAA").data  # offered to the public


def test_edit_category_with_version_conflict(login, world):
    pm = login(world["public_manager"])
    settings.ensure_defaults(world.contract_a)
    category = settings.categories(world.contract_a)[0]
    db.session.commit()
    url = f"{SETTINGS}/categories/{category.id}"
    page = pm.get(url)
    assert page.status_code == 200 and category.name.encode() in page.data
    assert pm.post(url, data={"name": "Quality of service", "routed_to": "government", "active": "y",
                              "version": "1"}).status_code == 303
    db.session.refresh(category)
    assert (category.name, category.routed_to, category.version) == ("Quality of service", "government", 2)
    stale = pm.post(url, data={"name": "My rename", "routed_to": "operator", "version": "1"})
    assert stale.status_code == 422 and b"Someone else saved this category" in stale.data
    assert b'value="My rename"' in stale.data
    db.session.refresh(category)
    assert category.name == "Quality of service"
    # deactivating hides it from the public form
    assert pm.post(url, data={"name": "Quality of service", "routed_to": "government",
                              "version": str(category.version)}).status_code == 303
    assert b"Quality of service" not in login(None).get("/feedback/new?contract=AAA").data
    settings.ensure_defaults(world.contract_b)
    other = settings.categories(world.contract_b)[0]
    db.session.commit()
    assert pm.get(f"{SETTINGS}/categories/{other.id}").status_code == 404  # another contract's category


def test_templates_add_edit_conflict_delete(login, world):
    officer = login(world["public_officer"])
    officer.get(SETTINGS)
    bad = officer.post(SETTINGS + "/templates", data={"title": "Works notice", "body": ""})
    assert bad.status_code == 422 and b"Works notice" in bad.data
    assert officer.post(SETTINGS + "/templates", data={"title": "Works notice",
                                                       "body": "Works run until Friday."}).status_code == 303
    template = db.session.scalar(sa.select(ResponseTemplate).where(ResponseTemplate.title == "Works notice"))
    url = f"{SETTINGS}/templates/{template.id}"
    assert b"Works run until Friday." in officer.get(url).data
    assert officer.post(url, data={"title": "Works notice", "body": "Works run until Monday.",
                                   "version": "1"}).status_code == 303
    stale = officer.post(url, data={"title": "Works notice", "body": "My long careful text", "version": "1"})
    assert stale.status_code == 422 and b"My long careful text" in stale.data
    assert b"Someone else saved this template" in stale.data and b"Works run until Monday." in stale.data
    assert officer.post(url + "/delete", data={"version": "1"}).status_code == 422  # stale delete refused
    assert officer.post(url + "/delete", data={"version": "2"}).status_code == 303
    assert db.session.get(ResponseTemplate, template.id) is None
    assert officer.get(url).status_code == 404


def test_new_template_is_offered_on_the_record(login, world):
    feedback, _ = make_feedback(world.contract_a, routed_to="government")
    officer = login(world["public_officer"])
    officer.post(SETTINGS + "/templates", data={"title": "Refund issued", "body": "We issued a refund."})
    template = db.session.scalar(sa.select(ResponseTemplate).where(ResponseTemplate.title == "Refund issued"))
    page = officer.get(f"/contracts/AAA/feedback/{feedback.reference}?template={template.id}")
    assert b"Refund issued" in page.data and b"We issued a refund." in page.data


def test_a_new_contract_offers_the_defaults_without_writing_on_a_get(login, world):
    """A contract nobody configured: its pages show the defaults and save nothing; the first POST
    that chooses one saves them, and the feedback is filed under the one chosen."""
    contract, anon = world.contract_a, login(None)
    page = anon.get("/feedback/new?contract=AAA")
    assert page.status_code == 200 and b'value="default-3"' in page.data and b"Safety" in page.data
    staff = login(world["public_manager"])
    for url in ("/contracts/AAA/feedback", SETTINGS, "/contracts/AAA/feedback/register"):
        assert staff.get(url).status_code == 200
    assert b"Save the defaults" in staff.get(SETTINGS).data
    assert not settings.is_configured(contract)  # no GET wrote anything
    response = anon.post("/feedback/new?contract=AAA", data={
        "kind": "complaint", "category": "default-3", "text": "No railing on the footbridge"})
    assert response.status_code == 303
    feedback = db.session.scalar(sa.select(Feedback).where(Feedback.contract_id == contract.id))
    assert feedback.category.name == "Safety" and feedback.routed_to == "government"
    saved = settings.categories(contract)
    assert [c.name for c in saved] == [name for name, _ in settings.DEFAULT_CATEGORIES] and all(c.id for c in saved)
    assert len(settings.response_templates(contract)) == len(settings.DEFAULT_TEMPLATES)
    # the page now offers the saved ones by id; a default's key still finds its saved category
    assert f'value="{saved[3].id}"'.encode() in anon.get("/feedback/new?contract=AAA").data
    assert settings.chosen_category(contract, "default-3") is saved[3]
    assert settings.chosen_category(contract, "default-99") is None
    assert settings.chosen_category(world.contract_b, str(saved[3].id)) is None  # not another contract's


def test_saving_the_defaults_to_edit_them(login, world):
    officer = login(world["public_officer"])
    assert officer.post(SETTINGS + "/defaults").status_code == 303
    assert settings.is_configured(world.contract_a)
    page = officer.get(SETTINGS)
    assert b"Save the defaults" not in page.data and b"Edit or delete" in page.data
    assert settings.ensure_defaults(world.contract_a) is False  # saved once
