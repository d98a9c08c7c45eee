import re

import pytest
import sqlalchemy as sa

from portal.auth import services as accounts
from portal.auth.models import User
from portal.contracts.models import Contract, Membership, Organisation
from portal.extensions import db
from tests.factories import make_user

NEW_PASSWORD = "blue lanterns over the harbour"


@pytest.fixture
def admin(world, login):
    return login(world["admin"])


def _contract_form(client, code):
    """The edit form's current values, as a browser would send them back."""
    page = client.get(f"/admin/contracts/{code}/edit").text
    data = dict(re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page))
    data.update({name: value for value, name in re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="([^"]+)"', page)})
    for name in ("holidays", "dispute_ladder", "public_summary"):
        data[name] = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    for name in ("sector", "status", "government_org_id", "operator_org_id"):
        select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
        data[name] = re.search(r'<option selected value="([^"]*)"', select).group(1)
    data.pop("csrf_token", None)
    if 'checked' in re.search(r'<input[^>]*name="is_published"[^>]*>', page).group(0):
        data["is_published"] = "y"
    else:
        data.pop("is_published", None)
    return data


def test_index_and_lists_render(admin, world):
    for path in ("/admin/", "/admin/users", "/admin/organisations", "/admin/contracts",
                 "/admin/contracts/AAA/members", "/admin/contracts/new", "/admin/organisations/new"):
        assert admin.get(path).status_code == 200, path
    assert "Alpha Hospital" in admin.get("/admin/contracts").text


def test_user_search_page_and_fragment(admin, world):
    page = admin.get("/admin/users?q=reviewer")
    assert "reviewer@example.org" in page.text and "community@example.org" not in page.text
    fragment = admin.get("/admin/users?q=reviewer", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "reviewer@example.org" in fragment.text
    assert "No one matches" in admin.get("/admin/users?q=zzzz").text


def test_invite_and_accept(admin, client, outbox):
    response = admin.post("/admin/users/invite", data={"name": "Nadia Haddad", "email": "Nadia@Example.org"})
    assert response.status_code == 303
    user = accounts.find_user("nadia@example.org")
    assert user.password_hash is None and not user.is_admin
    assert "Invited" in admin.get("/admin/users?q=nadia").text
    (message,) = outbox
    assert message["To"] == "nadia@example.org" and "Admin has invited you" in message.get_content()
    link = re.search(r"https?://[^/\s]+(/invite/\S+)", message.get_content()).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Welcome, Nadia Haddad" in page.text
    weak = client.post(link, data={"password": "short", "confirm": "short"})
    assert weak.status_code == 422
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert accounts.authenticate("nadia@example.org", NEW_PASSWORD) == user
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410


def test_invite_errors_keep_input(admin, world):
    taken = admin.post("/admin/users/invite", data={"name": "Someone", "email": "community@example.org"})
    assert taken.status_code == 422 and "already has an account" in taken.text
    assert 'value="Someone"' in taken.text
    missing = admin.post("/admin/users/invite", data={"name": "", "email": "fresh@example.org"})
    assert missing.status_code == 422 and 'value="fresh@example.org"' in missing.text


def test_edit_user(admin, world):
    user = world["community"]
    response = admin.post(f"/admin/users/{user.id}", data={"name": "Renamed", "is_admin": "y"})
    assert response.status_code == 303
    assert (user.name, user.active, user.is_admin) == ("Renamed", False, True)
    me = world["admin"]
    response = admin.post(f"/admin/users/{me.id}", data={"name": "Admin", "active": "y"})
    assert response.status_code == 422 and "your own administrator rights" in response.text
    assert me.is_admin
    assert admin.get("/admin/users/999999").status_code == 404


def test_deactivated_users_are_signed_out(admin, world, login):
    client = login(world["community"])
    assert client.get("/account").status_code == 200
    admin.post(f"/admin/users/{world['community'].id}", data={"name": "Community Member"})
    assert client.get("/account").status_code == 302


def test_organisations(admin):
    response = admin.post("/admin/organisations/new", data={"name": "Harbour Residents", "kind": "community",
                                                            "website": "https://harbour.example.org"})
    assert response.status_code == 303
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Harbour Residents"))
    assert org.kind == "community"
    clash = admin.post(f"/admin/organisations/{org.id}", data={"name": "Harbour Residents", "kind": "planet"})
    assert clash.status_code == 422 and "Not a valid choice" in clash.text
    bad_url = admin.post("/admin/organisations/new", data={"name": "Other", "kind": "community", "website": "nope"})
    assert bad_url.status_code == 422 and "full address" in bad_url.text and 'value="Other"' in bad_url.text
    duplicate = admin.post("/admin/organisations/new", data={"name": "harbour residents", "kind": "community"})
    assert duplicate.status_code == 422 and "already has this name" in duplicate.text
    assert admin.get("/admin/organisations/999999").status_code == 404


def test_create_contract(admin, world):
    data = _contract_form(admin, "AAA")
    data.update(code="CCC", title="Charlie Prison", monthly_unitary_charge="250000.50", point_value="4.25", total_value="90000000",
                holidays="2026-12-25\n2026-12-26", time_zone="Africa/Nairobi", currency="kes")
    response = admin.post("/admin/contracts/new", data=data)
    assert response.status_code == 303, response.text
    contract = db.session.scalar(sa.select(Contract).where(Contract.code == "CCC"))
    assert contract.monthly_unitary_charge_minor == 25_000_050 and contract.point_value_minor == 425
    assert contract.currency == "KES" and contract.holidays == ["2026-12-25", "2026-12-26"]
    assert contract.dispute_ladder == world.contract_a.dispute_ladder


def test_edit_form_shows_amounts_as_decimals(admin, world):
    data = _contract_form(admin, "AAA")
    assert data["monthly_unitary_charge"] == "416666.67" and data["point_value"] == "3.00"
    assert data["holidays"].split() == ["2026-12-25", "2026-12-28"]
    assert data["version"] == str(world.contract_a.version)


@pytest.mark.parametrize("change, message", [
    ({"time_zone": "Mars/Olympus"}, "Unknown time zone"),
    ({"holidays": "2026-12-25\nChristmas"}, "Line 2"),
    ({"monthly_unitary_charge": "a lot"}, "Not a valid decimal"),
    ({"monthly_unitary_charge": "10.001"}, "two decimal places"),
    ({"deduction_cap_percent": "150"}, "0 to 100"),
    ({"currency": "EURO"}, "three-letter"),
    ({"end_date": "2001-01-01"}, "after the start date"),
    ({"code": "BBB"}, "already uses this code"),
    ({"title": ""}, "This field is required"),
    ({"dispute_ladder": "notice only"}, "key | Label | days"),
])
def test_edit_contract_errors_keep_input(admin, world, change, message):
    data = _contract_form(admin, "AAA")
    data.update(location="Typed but not saved", **change)
    response = admin.post("/admin/contracts/AAA/edit", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert "Typed but not saved" in response.text
    db.session.refresh(world.contract_a)
    assert world.contract_a.location == "Testville"


def test_edit_contract_saves_and_audits(admin, world):
    from portal.audit.models import AuditEvent

    data = _contract_form(admin, "AAA")
    data.update(title="Alpha Hospital (renamed)", deduction_cap_percent="12.5")
    before = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))
    assert admin.post("/admin/contracts/AAA/edit", data=data).status_code == 303
    assert world.contract_a.title == "Alpha Hospital (renamed)"
    assert str(world.contract_a.deduction_cap_percent) == "12.50"
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == before + 1


def test_concurrent_contract_edit_is_detected(admin, world):
    stale = _contract_form(admin, "AAA")
    fresh = dict(stale, title="Saved first")
    assert admin.post("/admin/contracts/AAA/edit", data=fresh).status_code == 303
    stale.update(title="Saved second", location="My careful edit")
    response = admin.post("/admin/contracts/AAA/edit", data=stale)
    assert response.status_code == 422
    assert "Someone else saved this contract" in response.text
    assert "My careful edit" in response.text and "Saved second" in response.text
    assert world.contract_a.title == "Saved first"
    # the form now carries the current version: saving again knowingly replaces the other edit
    new_version = re.search(r'name="version" type="hidden" value="(\d+)"', response.text).group(1)
    assert new_version == str(world.contract_a.version)
    assert admin.post("/admin/contracts/AAA/edit", data=dict(stale, version=new_version)).status_code == 303
    assert world.contract_a.title == "Saved second"


def test_memberships_from_the_admin_side(admin, world):
    person = make_user("Nuala Quinn", "nuala@example.org")
    response = admin.post("/admin/contracts/AAA/members",
                          data={"email": "nuala@example.org", "role": "public_officer", "organisation_id": "0"})
    assert response.status_code == 303
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == person.id))
    assert membership.role == "public_officer"
    assert membership.organisation_id == world.contract_a.government_org_id
    unknown = admin.post("/admin/contracts/AAA/members",
                         data={"email": "ghost@example.org", "role": "reviewer", "organisation_id": "0"})
    assert unknown.status_code == 422 and "Invite the person first" in unknown.text
    no_org = admin.post("/admin/contracts/AAA/members",
                        data={"email": "nuala@example.org", "role": "reviewer", "organisation_id": "0"})
    assert no_org.status_code == 422 and "Choose the organisation" in no_org.text
    response = admin.post(f"/admin/contracts/AAA/members/{membership.id}/remove")
    assert response.status_code == 303
    assert db.session.get(Membership, membership.id) is None


def test_last_public_manager_cannot_be_removed(admin, world):
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == world["public_manager"].id))
    response = admin.post(f"/admin/contracts/AAA/members/{membership.id}/remove", follow_redirects=True)
    assert "at least one public contract manager" in response.text
    assert db.session.get(Membership, membership.id) is not None
    other = db.session.scalar(sa.select(Membership).where(Membership.user_id == world["operator_b"].id))
    assert admin.post(f"/admin/contracts/AAA/members/{other.id}/remove").status_code == 404


def test_administrators_are_not_members(admin, world):
    """Administration is not a back door: without a membership an admin sees only public pages."""
    from portal.contracts.services import add_member

    assert admin.get("/contracts/AAA/activity").status_code == 404
    assert admin.get("/contracts/AAA/members").status_code == 404
    overview = admin.get("/contracts/AAA")
    assert overview.status_code == 200 and "You are:" not in overview.text
    unpublished = world.contract_b
    unpublished.is_published = False
    db.session.flush()
    assert admin.get("/contracts/BBB").status_code == 404
    add_member(world.contract_a, world["admin"], "reviewer", world.contract_a.government_org)
    assert admin.get("/contracts/AAA/activity").status_code == 200


def test_non_admins_get_404(login, world):
    assert login(world["public_manager"]).get("/admin/users").status_code == 404
    assert login(None).get("/admin/users").status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "community@example.org"))
    assert login(user).post("/admin/users/invite", data={"name": "x", "email": "x@example.org"}).status_code == 404
