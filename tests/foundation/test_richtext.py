"""Markdown as safe HTML: headings keep their structure under the page's own headings."""

from portal.richtext import markdown_html, plain_text


def test_headings_are_shifted_not_dropped():
    html = str(markdown_html("## Cleaning\n\nText\n\n### Wards\n\nMore"))
    assert "<h3>Cleaning</h3>" in html and "<h4>Wards</h4>" in html


def test_heading_levels_start_where_asked_and_stop_at_six():
    html = str(markdown_html("# Top\n\n###### Deep", top_level=4))
    assert "<h4>Top</h4>" in html and "<h6>Deep</h6>" in html


def test_plain_text_drops_markup():
    assert plain_text("**Lifts** out on <script>x</script> ward 3") == "Lifts out on ward 3"
