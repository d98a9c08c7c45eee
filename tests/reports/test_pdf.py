"""render_pdf: the static-only fetcher, hostile Markdown, the PDF's text, pages and tagging."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from portal.pdf import STATIC_BASE, PdfMetadata, RefusedURL, StaticOnlyFetcher, render_pdf
from portal.reports import services

HOSTILE = """# Heading

<img src="file:///etc/passwd"> and ![x](http://evil.example/x.png)

<link rel="stylesheet" href="https://evil.example/a.css">
<style>body { background: url(https://evil.example/bg.png) }</style>
<div style="background-image: url('https://evil.example/t.png')">styled</div>
<script>alert(1)</script><iframe src="https://evil.example"></iframe>
[a link](javascript:alert(1)) and [ok](https://example.org)

Closing paragraph with figures 123,456.
"""


def _text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://example.org/a.css", "https://example.org/x.png",
    "ftp://example.org/x", "data:text/css,body{}", STATIC_BASE + "../../pyproject.toml",
    STATIC_BASE + "%2e%2e/%2e%2e/pyproject.toml", "https://static.portal.invalid/pyproject.toml",
])
def test_fetcher_refuses_everything_but_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_fetcher_serves_the_portal_font():
    response = StaticOnlyFetcher().fetch(STATIC_BASE + "vendor/source-sans-3/files/source-sans-3-latin-400-normal.woff")
    assert response.read(4) == b"wOFF"


def test_render_pdf_metadata_and_tagging():
    html = ('<!doctype html><html lang="en"><head><title>T</title></head><body><h1>Hello</h1>'
            '<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></body></html>')
    pdf = render_pdf(html, PdfMetadata(title="Quarterly report", author="Department", subject="S", keywords=["PPP", "NSH"]))
    reader = PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info.title == "Quarterly report"
    assert info.author == "Department"
    assert info.subject == "S"
    assert "PPP" in info["/Keywords"]
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "PDF/UA needs a structure tree"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # the PDF/UA identification in the XMP metadata


def test_hostile_markdown_fetches_nothing_and_breaks_nothing(app, world):
    contract = world.contract_a
    report = services.create_report(contract, world["public_officer"], kind="quarter",
                                     start=date(2026, 7, 1), end=date(2026, 9, 30),
                                     sections=["summary", "narrative"], narrative=HOSTILE)
    with app.test_request_context():
        html = services.report_html(report)
        assert "<script" not in html and "evil.example" not in html.split("</style>", 1)[1].replace("https://example.org", "")
        assert "file:///etc/passwd" not in html
        fetcher = StaticOnlyFetcher()
        pdf = render_pdf(html, services.report_metadata(report), fetcher)
    assert fetcher.refused == []  # nothing hostile even reached the fetcher
    assert all(path.startswith("vendor/source-sans-3/") for path in fetcher.served)
    text, _pages = _text(pdf)
    assert "Closing paragraph with figures 123,456." in text
    assert "alert(1)" not in text


def test_fetcher_blocks_what_reaches_it(app):
    html = ('<!doctype html><html lang="en"><head><title>x</title>'
            '<link rel="stylesheet" href="https://evil.example/a.css">'
            '<style>body{background:url(file:///etc/passwd)}</style></head>'
            '<body><img src="file:///etc/passwd" alt=""><img src="http://127.0.0.1:9/x.png" alt="">ok</body></html>')
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf(html, PdfMetadata(title="x"), fetcher)
    assert pdf.startswith(b"%PDF")
    assert any(u.startswith("file:") for u in fetcher.refused)
    assert any("evil.example" in u for u in fetcher.refused)
    assert not any("passwd" in s for s in fetcher.served)


def test_report_pdf_text_pages_and_toc(app, world):
    contract = world.contract_a
    report = services.create_report(contract, world["public_officer"], kind="year", start=date(2026, 1, 1),
                                     end=date(2026, 12, 31), sections=["summary", "narrative", "methodology"],
                                     narrative="The hospital stayed open **every day** of the year.")
    with app.test_request_context():
        pdf = services.render_report_pdf(report)
    text, pages = _text(pdf)
    assert pages >= 3  # cover, contents, sections
    assert "Alpha Hospital" in text
    assert "€5,000,000.04" in text  # 12 months of the unitary charge (41,666,667 cents a month)
    assert f"Page 3 of {pages}" in text
    assert "Contents" in text and "Summary" in text
    assert "every day" in text
