"""Risk and objective pages through the test client: full pages and htmx fragments, the 422
paths, stale edits, and what each side sees."""

from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.risks.models import Objective, Risk
from tests.risks.helpers import make_objective, make_risk

HX = {"HX-Request": "true"}


def _form(**values):
    data = dict(title="Sinkhole under the access road", kind="threat", category="operational",
                allocation="shared", owner_party="operator", owner_id="0", inherent_likelihood="3",
                inherent_impact="5", residual_likelihood="2", residual_impact="5", response="reduce",
                controls="Ground radar survey each year.", visibility="partners", description="")
    data.update(values)
    return data


def test_position_page_shows_both_heat_maps_with_links(world, login):
    make_risk(world.contract_a, residual_likelihood=4, residual_impact=5)
    page = login(world["public_officer"]).get("/contracts/AAA/risks")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Residual position of open threats: 1 risk" in html and "Inherent position of open threats" in html
    assert "likelihood=4" in html and "impact=5" in html and "Critical" in html
    assert 'style="' not in html  # the CSP forbids inline styles


def test_register_full_page_and_fragment(world, login):
    make_risk(world.contract_a, title="Energy price rise")
    make_risk(world.contract_a, title="Solar canopy", kind="opportunity", response="exploit")
    client = login(world["public_manager"])
    full = client.get("/contracts/AAA/risks/register")
    assert full.status_code == 200 and b"<html" in full.data and b"Energy price rise" in full.data
    fragment = client.get("/contracts/AAA/risks/register?kind=opportunity", headers=HX)
    assert fragment.status_code == 200 and b"<html" not in fragment.data
    assert b"Solar canopy" in fragment.data and b"Energy price rise" not in fragment.data


def test_register_filters_by_heat_map_cell_band_and_sorts(world, login):
    make_risk(world.contract_a, title="Low one", residual_likelihood=1, residual_impact=2)
    make_risk(world.contract_a, title="Critical one", residual_likelihood=5, residual_impact=5)
    client = login(world["public_manager"])
    cell = client.get("/contracts/AAA/risks/register?basis=residual&likelihood=5&impact=5").get_data(as_text=True)
    assert "Critical one" in cell and "Low one" not in cell
    band = client.get("/contracts/AAA/risks/register?band=low").get_data(as_text=True)
    assert "Low one" in band and "Critical one" not in band
    ascending = client.get("/contracts/AAA/risks/register?sort=residual&direction=asc").get_data(as_text=True)
    assert ascending.index("Low one") < ascending.index("Critical one")
    assert 'aria-sort="ascending"' in ascending


def test_add_a_risk_and_the_422_path_keeps_what_was_typed(world, login):
    db.session.commit()  # a refused save rolls back: keep the world (the test's transaction still ends it)
    client = login(world["public_officer"])
    assert client.get("/contracts/AAA/risks/new").status_code == 200
    bad = client.post("/contracts/AAA/risks/new", data=_form(allocation="public"))
    assert bad.status_code == 422
    assert b"Sinkhole under the access road" in bad.data and b"a public risk stays with government" in bad.data
    good = client.post("/contracts/AAA/risks/new", data=_form())
    assert good.status_code == 303, good.headers.get("Location")
    risk = db.session.scalar(sa.select(Risk).where(Risk.contract_id == world.contract_a.id))
    assert risk.reference == "AAA-RSK-001" and risk.residual_score == 10 and risk.visibility == "partners"
    assert good.headers["Location"].endswith("/contracts/AAA/risks/AAA-RSK-001")


def test_a_stale_edit_is_refused_and_keeps_the_text(world, login):
    risk = make_risk(world.contract_a)
    db.session.commit()
    client = login(world["public_manager"])
    assert client.get(f"/contracts/AAA/risks/{risk.reference}/edit").status_code == 200
    stale = client.post(f"/contracts/AAA/risks/{risk.reference}/edit",
                        data=_form(title="My new title", version=str(risk.version - 1)))
    assert stale.status_code == 422 and b"Someone else saved this risk" in stale.data and b"My new title" in stale.data
    saved = client.post(f"/contracts/AAA/risks/{risk.reference}/edit", data=_form(version=str(risk.version)))
    assert saved.status_code == 303 and db.session.get(Risk, risk.id).title == "Sinkhole under the access road"


def test_review_a_risk(world, login):
    risk = make_risk(world.contract_a, today=date(2026, 5, 1))
    db.session.commit()
    client = login(world["public_officer"])
    detail = client.get(f"/contracts/AAA/risks/{risk.reference}")
    assert detail.status_code == 200 and b"Record a review" in detail.data
    bad = client.post(f"/contracts/AAA/risks/{risk.reference}/review",
                      data={"likelihood": "9", "impact": "3", "reviewed_on": "2026-11-01", "version": risk.version})
    assert bad.status_code == 422
    done = client.post(f"/contracts/AAA/risks/{risk.reference}/review",
                       data={"likelihood": "4", "impact": "5", "reviewed_on": "2026-11-01",
                             "note": "Second incident this quarter.", "version": risk.version})
    assert done.status_code == 303
    page = client.get(f"/contracts/AAA/risks/{risk.reference}").get_data(as_text=True)
    assert "Second incident this quarter." in page and "score rose since the last review" in page
    assert db.session.get(Risk, risk.id).next_review_on == date(2026, 12, 1)


def test_close_and_reopen(world, login):
    risk = make_risk(world.contract_a)
    db.session.commit()
    client = login(world["public_manager"])
    assert client.post(f"/contracts/AAA/risks/{risk.reference}/close", data={"reason": "", "version": risk.version}
                       ).status_code == 422
    assert client.post(f"/contracts/AAA/risks/{risk.reference}/close",
                       data={"reason": "Transferred to the insurer.", "version": risk.version}).status_code == 303
    assert db.session.get(Risk, risk.id).status == "closed"
    assert client.post(f"/contracts/AAA/risks/{risk.reference}/reopen").status_code == 303
    assert db.session.get(Risk, risk.id).status == "open"


def test_the_operator_reads_partner_risks_only_and_changes_nothing(world, login):
    shared = make_risk(world.contract_a, allocation="shared", visibility="partners", title="Shared one")
    secret = make_risk(world.contract_a, title="Government only")
    client = login(world["operator_manager"])
    register = client.get("/contracts/AAA/risks/register").get_data(as_text=True)
    assert "Shared one" in register and "Government only" not in register
    assert client.get(f"/contracts/AAA/risks/{secret.reference}").status_code == 404
    page = client.get(f"/contracts/AAA/risks/{shared.reference}")
    assert page.status_code == 200 and b"Record a review" not in page.data and b">Edit<" not in page.data
    assert client.post(f"/contracts/AAA/risks/{shared.reference}/review", data={}).status_code == 403


def test_objectives_pages(world, login):
    db.session.commit()
    client = login(world["public_manager"])
    assert client.post("/contracts/AAA/objectives", data={"title": "", "visibility": "partners"}).status_code == 422
    made = client.post("/contracts/AAA/objectives", data={"title": "A reliable motorway", "visibility": "partners",
                                                         "active": "y"})
    assert made.status_code == 303
    objective = db.session.scalar(sa.select(Objective).where(Objective.contract_id == world.contract_a.id))
    make_risk(world.contract_a, title="Pavement wear", objective_ids=[objective.id])
    page = client.get(f"/contracts/AAA/objectives/{objective.reference}").get_data(as_text=True)
    assert "A reliable motorway" in page and "Pavement wear" in page
    community = login(world["community_rep"]).get(f"/contracts/AAA/objectives/{objective.reference}")
    assert community.status_code == 404  # partners only
    open_objective = make_objective(world.contract_a, "Good neighbour", visibility="community")
    seen = login(world["community_rep"]).get(f"/contracts/AAA/objectives/{open_objective.reference}")
    assert seen.status_code == 200 and b"Pavement wear" not in seen.data


def test_the_overview_is_a_dashboard_with_the_risk_tile(world, login):
    make_risk(world.contract_a, residual_likelihood=4, residual_impact=5, title="Critical threat")
    manager = login(world["public_manager"]).get("/contracts/AAA").get_data(as_text=True)
    assert 'class="portal-dashboard"' in manager and "risk-tile-heading" in manager
    assert "Critical threat" in manager and "Critical threats" in manager
    community = login(world["community_rep"]).get("/contracts/AAA").get_data(as_text=True)
    assert "risk-tile-heading" not in community and "Critical threat" not in community


def test_portfolio_sorts_by_a_feature_column(world, login):
    from tests.factories import add_member

    manager = world["public_manager"]
    add_member(manager, world.contract_b, "public_officer")
    make_risk(world.contract_b, residual_likelihood=4, residual_impact=5)
    client = login(manager)
    page = client.get("/my/portfolio?sort=risks_severe&direction=desc").get_data(as_text=True)
    assert page.index("Bravo Motorway") < page.index("Alpha Hospital")
    assert 'aria-sort="descending"' in page
    by_code = client.get("/my/portfolio").get_data(as_text=True)
    assert by_code.index("Alpha Hospital") < by_code.index("Bravo Motorway")
