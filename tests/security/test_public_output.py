"""Finding 9 (public output): absolute links from BASE_URL, not the Host header; the Atom feed is
well-formed whatever the query string; published PDFs are revalidated (a withdrawal shows at
once); HSTS in production."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from portal import create_app

EVIL = {"Host": "evil.example"}


def test_open_data_links_use_base_url_not_the_host_header(app, client, world):
    body = client.get("/contracts.json", headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in body and app.config["BASE_URL"] in body
    ocds = client.get("/contracts/AAA/ocds.json", headers=EVIL)
    assert ocds.status_code == 200
    assert json.loads(ocds.data)["uri"].startswith(app.config["BASE_URL"])
    assert "evil.example" not in client.get("/reports.json", headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in client.get("/reports.atom", headers=EVIL).get_data(as_text=True)


def test_atom_feed_is_well_formed_with_hostile_query_strings(client, world, hostile_corpus):
    for text in ['"', "<", "&", "]]>", *hostile_corpus[:8]]:
        response = client.get("/reports.atom", query_string={"a": text})
        assert response.status_code == 200
        root = ET.fromstring(response.data)
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"


def test_published_pdfs_are_revalidated_so_a_withdrawal_shows_at_once(world, login):
    from tests.reports.test_views import _draft

    report = _draft(world)
    officer, manager = login(world["public_officer"]), login(world["public_manager"])
    officer.post(f"/contracts/AAA/reports/{report.id}/submit")
    manager.post(f"/contracts/AAA/reports/{report.id}/approve")
    assert manager.post(f"/contracts/AAA/reports/{report.id}/publish").status_code == 303
    public = login(None)
    pdf = public.get(f"/reports/{report.id}.pdf")
    assert pdf.status_code == 200
    cache = pdf.headers["Cache-Control"]
    assert "immutable" not in cache and "max-age=86400" not in cache and "no-cache" in cache
    assert pdf.headers["ETag"].strip('"') == report.pdf_sha256
    again = public.get(f"/reports/{report.id}.pdf", headers={"If-None-Match": pdf.headers["ETag"]})
    assert again.status_code == 304
    manager.post(f"/contracts/AAA/reports/{report.id}/withdraw", data={"reason": "The figures were misstated."})
    assert public.get(f"/reports/{report.id}.pdf", headers={"If-None-Match": pdf.headers["ETag"]}).status_code == 404


def test_hsts_in_production_only(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    production = create_app(dict(app.config, HSTS_SECONDS=31536000))
    response = production.test_client().get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
