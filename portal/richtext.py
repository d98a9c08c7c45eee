"""Markdown written by people (report narratives, issue descriptions, minutes) as safe HTML.

No images, styles, raw tags, scripts or links to load; links get rel="noopener noreferrer".
Headings keep their structure but are shifted so that the text's top heading becomes `top_level`
(a narrative sits under the page's or report's own h2)."""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6",
                "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "hr", "a"}
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _shift_headings(html: str, top_level: int) -> str:
    levels = [int(level) for _slash, level in _HEADING.findall(html)]
    if not levels:
        return html
    offset = top_level - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, max(top_level, int(m.group(2)) + offset))}", html)


def markdown_html(text: str, top_level: int = 3) -> Markup:
    """Markdown as sanitised HTML, headings shifted to start at `top_level` (3 to 6)."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = _shift_headings(html, top_level)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"https", "http", "mailto"},
                      link_rel="noopener noreferrer", strip_comments=True)
    return Markup(clean)


def plain_text(text: str) -> str:
    """The words of a Markdown text without any markup (for search and summaries)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(markdown_html(text)))).strip()
