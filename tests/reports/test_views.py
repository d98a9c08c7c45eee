"""Report pages: creating, editing (422, stale version, htmx fragment), the live preview and the
whole workflow through the views, down to the public PDF."""

from __future__ import annotations

from datetime import date

from portal.reports import services
from portal.reports.models import Report


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
    monkeypatch.setattr(services, "render_pdf", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no fonts")))
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
