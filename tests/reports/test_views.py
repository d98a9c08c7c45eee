"""Report pages: creating, editing (422, stale version, htmx fragment), the live preview and the
whole workflow through the views, down to the public PDF."""

from __future__ import annotations

from datetime import date

from portal.reports import services
from portal.reports.models import Report
from tests.factories import add_member, make_user


def _draft(world):
    return services.create_report(world.contract_a, world["public_officer"], kind="quarter", start=date(2026, 7, 1),
                                  end=date(2026, 9, 30), sections=["summary", "narrative", "methodology"],
                                  narrative="First text.")


def test_create_report_and_422(app, world, login):
    client = login(world["public_officer"])
    page = client.get("/contracts/AAA/reports/new")
    assert page.status_code == 200 and "Create draft" in page.get_data(as_text=True)
    bad = client.post("/contracts/AAA/reports/new", data={"period_kind": "custom", "title": "Kept title",
                                                          "sections": ["summary"]})
    assert bad.status_code == 422 and "Kept title" in bad.get_data(as_text=True)
    ok = client.post("/contracts/AAA/reports/new", data={"period_kind": "quarter", "year": "2026", "quarter": "2",
                                                         "sections": ["summary", "narrative"]})
    assert ok.status_code == 303
    report = app.extensions["sqlalchemy"].session.get(Report, int(ok.headers["Location"].rsplit("/", 1)[1]))
    assert report.period_start == date(2026, 4, 1) and report.sections == ["summary", "narrative"]


def test_edit_stale_version_keeps_text(app, world, login):
    report = _draft(world)
    client = login(world["public_officer"])
    response = client.post(f"/contracts/AAA/reports/{report.id}", data={
        "title": "T", "sections": ["summary"], "narrative": "My careful words", "methodology": "m",
        "version": str(report.version - 1 if report.version > 1 else 99)})
    assert response.status_code == 422
    assert "My careful words" in response.get_data(as_text=True)
    assert "Someone else saved" in response.get_data(as_text=True)


def test_edit_htmx_returns_the_editor_fragment(app, world, login):
    report = _draft(world)
    client = login(world["public_officer"])
    response = client.post(f"/contracts/AAA/reports/{report.id}", headers={"HX-Request": "true"}, data={
        "title": "Better title", "sections": ["summary", "narrative"], "narrative": "New **text**",
        "methodology": "m", "version": str(report.version)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="report-editor"' in html and "<html" not in html
    assert "<strong>text</strong>" in html


def test_preview_renders_typed_text_without_saving(app, world, login):
    report = _draft(world)
    client = login(world["public_officer"])
    response = client.post(f"/contracts/AAA/reports/{report.id}/preview", headers={"HX-Request": "true"},
                           data={"title": "Typed", "narrative": "Typed <script>x</script>*emphasis*",
                                 "sections": ["summary", "narrative"]})
    html = response.get_data(as_text=True)
    assert "<em>emphasis</em>" in html and "<script>x" not in html and "Typed" in html
    assert report.narrative == "First text."


def test_full_workflow_through_the_views(app, world, login):
    report = _draft(world)
    officer, manager = login(world["public_officer"]), login(world["public_manager"])
    assert officer.post(f"/contracts/AAA/reports/{report.id}/submit").status_code == 303
    assert officer.post(f"/contracts/AAA/reports/{report.id}/approve").status_code == 403
    assert manager.post(f"/contracts/AAA/reports/{report.id}/approve").status_code == 303
    assert manager.post(f"/contracts/AAA/reports/{report.id}/publish").status_code == 303
    assert report.status == "published"
    page = manager.get(f"/contracts/AAA/reports/{report.id}").get_data(as_text=True)
    assert report.pdf_sha256 in page
    pdf = login(None).get(f"/reports/{report.id}.pdf")
    assert pdf.status_code == 200 and services.sha256_of(pdf.data) == report.pdf_sha256
    bad = manager.post(f"/contracts/AAA/reports/{report.id}/withdraw", data={"reason": "short"})
    assert bad.status_code == 422
    assert manager.post(f"/contracts/AAA/reports/{report.id}/withdraw",
                        data={"reason": "The figures were misstated."}).status_code == 303
    assert report.status == "withdrawn"


def test_failed_publication_shows_the_error(app, world, login, monkeypatch):
    report = _draft(world)
    services.submit(report)
    services.approve(report, world["public_manager"])
    monkeypatch.setattr(services, "render_pdf_pages", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no fonts")))
    manager = login(world["public_manager"])
    assert manager.post(f"/contracts/AAA/reports/{report.id}/publish").status_code == 303
    page = manager.get(f"/contracts/AAA/reports/{report.id}").get_data(as_text=True)
    assert "could not be published" in page and "no fonts" in page
    assert report.status == "approved"


def test_tab_and_list(app, world, login):
    _draft(world)
    page = login(world["public_officer"]).get("/contracts/AAA/reports").get_data(as_text=True)
    assert "Accountability reports" in page and ">Reports<" in page
    community = login(world["community_rep"]).get("/contracts/AAA/reports").get_data(as_text=True)
    assert "First text" not in community and "No report has been drafted" in community


def test_choose_items_and_impact_narrative_through_the_views(app, world, login):
    from tests.reports.test_sections import _impact_kpis

    social, green = _impact_kpis(world.contract_a)
    report = services.create_report(world.contract_a, world["public_officer"], kind="quarter",
                                    start=date(2026, 7, 1), end=date(2026, 9, 30), sections=["impact", "narrative"])
    officer = login(world["public_officer"])
    page = officer.get(f"/contracts/AAA/reports/{report.id}").get_data(as_text=True)
    assert "Publish although restricted" in page and "EN1 Energy use per bed-day" in page
    stale = officer.post(f"/contracts/AAA/reports/{report.id}/items/impact",
                         data={"version": str(report.version - 1), "chosen": [str(green.id)]})
    assert stale.status_code == 303 and services.chosen_items(report, "impact")[0]["ref_id"] == social.id
    response = officer.post(f"/contracts/AAA/reports/{report.id}/items/impact",
                            data={"version": str(report.version), "chosen": [str(social.id), str(green.id)],
                                  "release": [str(green.id)]})
    assert response.status_code == 303
    assert {(i["ref_id"], i["release"]) for i in services.chosen_items(report, "impact")} == {
        (social.id, False), (green.id, True)}
    bad = officer.post(f"/contracts/AAA/reports/{report.id}/items/summary", data={"version": str(report.version)})
    assert bad.status_code == 303  # no items there: a message, nothing saved
    assert login(world["operator_manager"]).post(f"/contracts/AAA/reports/{report.id}/items/impact",
                                                 data={"version": "1"}).status_code == 404
    saved = officer.post(f"/contracts/AAA/reports/{report.id}", data={
        "title": report.title, "sections": ["impact", "narrative"], "narrative": "x", "methodology": "m",
        "impact_narrative": "Forty *local* jobs.", "version": str(report.version)})
    assert saved.status_code == 303 and report.impact_narrative == "Forty *local* jobs."
    preview = officer.post(f"/contracts/AAA/reports/{report.id}/preview", data={
        "title": "T", "sections": ["impact"], "impact_narrative": "Typed <script>x</script> **now**"})
    html = preview.get_data(as_text=True)
    assert "<strong>now</strong>" in html and "<script>x" not in html and "EN1" in html


def test_the_page_says_why_the_preparer_cannot_approve_and_the_post_is_refused(app, world, login):
    from portal.reports import services

    manager = world["public_manager"]
    report = services.create_report(world.contract_a, manager, kind="quarter", start=date(2026, 7, 1),
                                    end=date(2026, 9, 30), sections=["summary", "narrative"], narrative="Text.")
    client = login(manager)
    assert client.post(f"/contracts/AAA/reports/{report.id}/submit").status_code == 303
    page = client.get(f"/contracts/AAA/reports/{report.id}").get_data(as_text=True)
    assert "another person must approve it" in page and ">Approve</button>" not in page
    refused = client.post(f"/contracts/AAA/reports/{report.id}/approve")
    assert refused.status_code == 403 and "four-eyes" in refused.get_data(as_text=True)
    assert report.status == "submitted"
    second = make_user("Second Manager")
    add_member(second, world.contract_a, "public_manager")
    assert login(second).post(f"/contracts/AAA/reports/{report.id}/approve").status_code == 303
    assert report.status == "approved"
