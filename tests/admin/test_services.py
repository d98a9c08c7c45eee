from datetime import date
from decimal import Decimal

import pytest

from portal.admin import services
from portal.extensions import db
from tests.factories import make_contract, make_org, make_user


def test_money_to_minor_units():
    assert services.to_minor(Decimal("416666.67")) == 41_666_667
    assert services.to_minor(Decimal("3")) == 300
    assert services.from_minor(41_666_667) == Decimal("416666.67")
    with pytest.raises(services.AdminError):
        services.to_minor(Decimal("1.005"))


def test_time_zone_is_checked_with_zoneinfo():
    assert services.check_time_zone(" Europe/Dublin ") == "Europe/Dublin"
    for bad in ("Mars/Olympus", "", "../etc/passwd"):
        with pytest.raises(services.AdminError) as error:
            services.check_time_zone(bad)
        assert error.value.field == "time_zone"


def test_holidays_one_iso_date_per_line():
    assert services.parse_holidays("2026-12-28\n\n 2026-12-25 \n2026-12-25\n") == ["2026-12-25", "2026-12-28"]
    with pytest.raises(services.AdminError) as error:
        services.parse_holidays("2026-12-25\n25/12/2026")
    assert "Line 2" in str(error.value)
    assert services.format_holidays(["2026-12-25", "2026-12-28"]) == "2026-12-25\n2026-12-28"


def test_dispute_ladder_lines():
    text = "notice | Notice of dispute | 10\nmediation | Mediation | 30"
    ladder = services.parse_ladder(text)
    assert ladder == [{"stage": "notice", "label": "Notice of dispute", "days": 10},
                      {"stage": "mediation", "label": "Mediation", "days": 30}]
    assert services.format_ladder(ladder) == text
    for bad in ("", "notice | Notice", "notice | Notice | soon", "a | A | 1\na | B | 2"):
        with pytest.raises(services.AdminError):
            services.parse_ladder(bad)


def _values(**overrides):
    gov = make_org(kind="government")
    op = make_org(kind="operator")
    values = dict(code="new1", title="New Clinic", sector="health", location="Ennis", status="operating",
                  government_org_id=gov.id, operator_org_id=op.id, start_date=date(2026, 1, 1),
                  end_date=date(2050, 12, 31), currency="eur", monthly_unitary_charge=Decimal("1000.50"),
                  point_value=Decimal("2.50"), total_value=Decimal("360180000.00"), deduction_cap_percent=Decimal("10"), ack_working_days=3,
                  response_working_days=15, time_zone="Europe/Dublin", holidays="2026-12-25",
                  dispute_ladder="notice | Notice | 10", public_summary=" Summary ", is_published=True)
    values.update(overrides)
    return values


def test_save_contract_creates_with_minor_units(app):
    contract = services.save_contract(None, _values())
    assert (contract.code, contract.currency) == ("NEW1", "EUR")
    assert contract.monthly_unitary_charge_minor == 100_050 and contract.point_value_minor == 250
    assert contract.holidays == ["2026-12-25"] and contract.public_summary == "Summary"
    assert contract.total_value_minor == 36_018_000_000 and contract.country == ""


def test_save_contract_takes_a_country_and_region_for_its_holidays(app):
    contract = services.save_contract(None, _values(country="gb", subdivision="nir"))
    assert (contract.country, contract.subdivision) == ("GB", "NIR")
    assert date(2027, 3, 17) in contract.calendar  # St Patrick's Day, Northern Ireland only
    assert date(2026, 12, 25) in contract.calendar  # and the contract's own closures


@pytest.mark.parametrize("overrides, field", [
    ({"end_date": date(2025, 1, 1)}, "end_date"),
    ({"time_zone": "Nowhere/City"}, "time_zone"),
    ({"holidays": "tomorrow"}, "holidays"),
    ({"country": "XX"}, "country"),
    ({"country": "IE", "subdivision": "ZZZ"}, "subdivision"),
    ({"subdivision": "ENG"}, "subdivision"),
    ({"monthly_unitary_charge": Decimal("1.001")}, "monthly_unitary_charge"),
    ({"ack_working_days": 30, "response_working_days": 20}, "ack_working_days"),
])
def test_save_contract_refuses_bad_values(app, overrides, field):
    with pytest.raises(services.AdminError) as error:
        services.save_contract(None, _values(**overrides))
    assert error.value.field == field


def test_save_contract_checks_code_and_parties(app):
    existing = make_contract("TAKEN")
    with pytest.raises(services.AdminError) as error:
        services.save_contract(None, _values(code="taken"))
    assert error.value.field == "code"
    with pytest.raises(services.AdminError) as error:
        services.save_contract(None, _values(government_org_id=existing.operator_org_id))
    assert error.value.field == "government_org_id"
    # saving a contract under its own code is fine
    values = _values(code="TAKEN")
    services.save_contract(existing, values)
    assert existing.title == "New Clinic"


def test_organisation_names_are_unique(app):
    make_org("Harbour Trust")
    with pytest.raises(services.AdminError):
        services.save_organisation(None, name="harbour trust", kind="community", website=None, description="")
    org = services.save_organisation(None, name="Harbour Friends", kind="community", website=" ", description="")
    assert org.website is None
    services.save_organisation(org, name="Harbour Friends", kind="community", website="https://x.org", description="d")
    assert org.website == "https://x.org"


def test_administrators_cannot_lock_themselves_out(app):
    admin = make_user(admin=True)
    with pytest.raises(services.AdminError):
        services.update_user(admin, admin, name="Me", active=False, is_admin=True)
    with pytest.raises(services.AdminError):
        services.update_user(admin, admin, name="Me", active=True, is_admin=False)
    other = make_user()
    services.update_user(admin, other, name="Other", active=False, is_admin=True)
    assert (other.name, other.active, other.is_admin) == ("Other", False, True)


def test_user_search(app):
    make_user("Zélie Martin", "zelie@example.org")
    make_user("Bob Stone", "bob_100%@example.org")
    names = lambda q: [u.name for u in db.session.scalars(services.users_query(q))]  # noqa: E731
    assert names("zélie") == ["Zélie Martin"] or names("ZELIE") == ["Zélie Martin"]
    assert names("stone") == ["Bob Stone"]
    assert names("100%") == ["Bob Stone"]
    assert names("_") == ["Bob Stone"]
