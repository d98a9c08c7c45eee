"""The heat map as data, and its one template in a page and in a PDF (WeasyPrint, static files only)."""

import io

from flask import render_template

from portal.pdf import PdfMetadata, render_pdf
from portal.risks.heatmap import heat_map


def _map():
    counts = {("threat", 4, 5): 2, ("threat", 1, 1): 1, ("opportunity", 4, 5): 7}
    return heat_map("Residual position of open threats", counts, link=lambda lk, im: f"/cell/{lk}/{im}")


def test_cells_run_from_severe_down_and_rare_across_with_bands_and_links():
    heat = _map()
    assert [impact for impact, _label, _cells in heat.rows] == [5, 4, 3, 2, 1]
    top = heat.rows[0][2]
    assert [c.likelihood for c in top] == [1, 2, 3, 4, 5]
    critical = top[3]
    assert (critical.count, critical.band, critical.url) == (2, "critical", "/cell/4/5")
    assert top[0].url is None and top[0].band == "medium"  # 1 x 5 = 5, no risks: no link
    assert heat.total == 3 and heat.by_band() == {"critical": 2, "high": 0, "medium": 0, "low": 1}


def test_the_table_is_accessible_markup_without_inline_styles(app):
    with app.test_request_context():
        html = render_template("risks/_heatmap.html", heat=_map(), compact=False)
    assert "<caption>Residual position of open threats: 3 risks</caption>" in html
    assert html.count('scope="col"') == 6 and html.count('scope="row"') == 5
    assert 'aria-label="2 risks at likelihood 4, impact 5: critical"' in html
    assert "style=" not in html


def test_the_same_template_renders_in_a_pdf(app):
    from pypdf import PdfReader

    with app.test_request_context():
        table = render_template("risks/_heatmap.html", heat=_map(), compact=False)
    document = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Risk position</title>'
                '<link rel="stylesheet" href="css/portal.css"></head><body>' + table + "</body></html>")
    pdf = render_pdf(document, PdfMetadata(title="Risk position"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Residual position of open threats" in text and "Critical" in text and "Almost" in text
