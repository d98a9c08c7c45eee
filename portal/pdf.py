"""PDF rendering: the one function that turns a document (a report, a letter, minutes) into a
tagged PDF/UA-1 file.

WeasyPrint gets a URL fetcher that serves only the portal's own static files (from disk, under
a private base URL) and refuses every other URL: no file://, no network, no redirects."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in report HTML resolve against this; it names no real host.
STATIC_BASE = "https://static.portal.invalid/static/"
_STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"

# One image cache shared by every render in the process.
_IMAGE_CACHE: dict = {}


class RefusedURL(ValueError):
    """The report tried to load something that is not one of the portal's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves files under static/ for URLs below STATIC_BASE; refuses everything else."""

    def __init__(self, static_root: Path | None = None):
        super().__init__(allowed_protocols={"https"}, allow_redirects=False, fail_on_errors=False)
        self.static_root = (static_root or _STATIC_ROOT).resolve()
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_BASE):
            self.refused.append(url)
            raise RefusedURL(f"refused to fetch {url[:200]!r}: only the portal's static files")
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            url = url.split("?", 1)[0].split("#", 1)[0]
        relative = unquote(url[len(STATIC_BASE):])
        path = (self.static_root / relative).resolve()
        if self.static_root not in path.parents or not path.is_file():
            self.refused.append(url)
            raise RefusedURL(f"no such static file: {relative[:200]!r}")
        self.served.append(relative)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


@dataclass
class PdfMetadata:
    title: str
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    lang: str = "en"


def render_pdf_pages(html: str, meta: PdfMetadata, fetcher: StaticOnlyFetcher | None = None) -> tuple[bytes, int]:
    """Lay out `html` (a full document with <html lang> and <title>) as a PDF/UA-1 PDF; returns
    the PDF and its number of pages (from the layout: no PDF reader needed)."""
    fetcher = fetcher or StaticOnlyFetcher()
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).render(
        pdf_variant="pdf/ua-1", cache=_IMAGE_CACHE, presentational_hints=False)
    document.metadata.title = meta.title
    document.metadata.authors = [meta.author] if meta.author else []
    document.metadata.description = meta.subject
    document.metadata.keywords = list(meta.keywords)
    document.metadata.lang = meta.lang
    return document.write_pdf(pdf_variant="pdf/ua-1", cache=_IMAGE_CACHE), len(document.pages)


def render_pdf(html: str, meta: PdfMetadata, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The one way the portal makes a PDF (reports, letters, minutes): see `render_pdf_pages`."""
    return render_pdf_pages(html, meta, fetcher)[0]
