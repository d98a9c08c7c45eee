"""Property tests of the Markdown sanitiser: whatever an official types, the HTML that comes out
holds only the allowed tags, no event handlers, and links only to http(s) or mailto."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.richtext import ALLOWED_TAGS, markdown_html

PIECES = st.sampled_from([
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>",
    "[x](javascript:alert(1))", "[x](https://example.org)", "<iframe src=//evil>", "<style>", "onload=",
    "<svg><script>alert(1)</script></svg>", "**bold**", "| a | b |\n|---|---|\n| 1 | 2 |", "\n\n", "`code`",
    "<", ">", "&", '"', "'", "<math><mi xlink:href='javascript:1'>", "<form action=//evil><button>",
    "<object data=x>", "<embed src=x>", "<base href=//evil>", "<meta http-equiv=refresh content=0>",
    "[ref]: javascript:alert(1)\n[x][ref]", "<details open ontoggle=alert(1)>", "![img](https://evil/x.png)",
])


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _check(html: str) -> None:
    parser = _Collector()
    parser.feed(str(html))
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"tag {tag} in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), html
            if tag == "a" and name == "href":
                assert (value or "").lower().startswith(("http://", "https://", "mailto:")), html
            elif not (tag == "a" and name == "rel"):
                raise AssertionError(f"attribute {name} on {tag} in {html!r}")
    assert "<script" not in str(html).lower()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=12).map("".join))
def test_sanitised_markdown_has_only_safe_html(text):
    _check(markdown_html(text))


def test_hostile_corpus_is_neutralised(hostile_corpus):
    for text in hostile_corpus:
        _check(markdown_html(text))
