"""Issue pages through the test client: full pages and htmx fragments, 422s, stale edits,
exports and hostile input."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from portal.issues import services
from tests.issues.helpers import make_issue

HX = {"HX-Request": "true"}
HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) '
           '<a hx-get="/admin" hx-trigger="load">x</a>')


def test_list_full_page_and_fragment(world, login):
    make_issue(world.contract_a, world["public_officer"], title="Lift 2 out of service", priority="urgent")
    client = login(world["community_rep"])
    page = client.get("/contracts/AAA/issues")
    assert page.status_code == 200 and "Lift 2 out of service" in page.text and "<html" in page.text
    fragment = client.get("/contracts/AAA/issues?priority=urgent&status=open", headers=HX)
    assert fragment.status_code == 200 and 'id="issue-results"' in fragment.text and "<html" not in fragment.text
    none = client.get("/contracts/AAA/issues?priority=low", headers=HX)
    assert "No issues match" in none.text


def test_filters_mine_watching_overdue_and_party(world, login):
    mine = make_issue(world.contract_a, world["community_rep"], title="Raised by the rep")
    other = make_issue(world.contract_a, world["public_officer"], title="Raised by the officer", routed_to="government")
    client = login(world["community_rep"])
    text = client.get("/contracts/AAA/issues?mine=y").text
    assert mine.title in text and other.title not in text
    services.unwatch(mine, world["community_rep"])  # a raiser watches their issue until they stop
    services.watch(other, world["community_rep"])
    text = client.get("/contracts/AAA/issues?watching=y").text
    assert other.title in text and mine.title not in text
    text = client.get("/contracts/AAA/issues?party=government").text
    assert other.title in text and mine.title not in text
    assert "No issues match" in client.get("/contracts/AAA/issues?overdue=y").text


def test_keyset_pages(world, login):
    for n in range(27):
        make_issue(world.contract_a, world["public_officer"], title=f"Issue number {n:02d}")
    client = login(world["public_officer"])
    first = client.get("/contracts/AAA/issues?sort=oldest")
    assert "Issue number 00" in first.text and "Issue number 26" not in first.text
    cursor = first.text.split("after=")[1].split('"')[0].replace("&amp;", "&").split("&")[0]
    second = client.get(f"/contracts/AAA/issues?sort=oldest&after={cursor}")
    assert "Issue number 26" in second.text and "Issue number 00" not in second.text
    assert "Next page" not in second.text


def test_raise_an_issue_and_the_422_path(world, login, outbox):
    client = login(world["community_rep"])
    assert client.get("/contracts/AAA/issues/new").status_code == 200
    bad = client.post("/contracts/AAA/issues/new", data={"title": "", "category": "Other", "priority": "high",
                                                          "routed_to": "operator", "visibility": "community",
                                                          "description": "kept text"})
    assert bad.status_code == 422 and "kept text" in bad.text
    good = client.post("/contracts/AAA/issues/new", data={
        "title": "Lift 3 stuck between floors", "category": "Maintenance and repairs", "priority": "urgent",
        "routed_to": "operator", "visibility": "public", "description": "Twice this week."})
    assert good.status_code == 303 and good.headers["Location"].endswith("/contracts/AAA/issues/AAA-ISS-0001")
    issue = services.find_by_reference(world.contract_a, "AAA-ISS-0001")
    assert issue.raised_by_id == world["community_rep"].id and issue.visibility == "public"


def test_detail_and_htmx_comment_updates_the_timeline(world, login):
    issue = make_issue(world.contract_a, world["community_rep"])
    client = login(world["operator_staff"])
    url = f"/contracts/AAA/issues/{issue.reference}"
    page = client.get(url)
    assert page.status_code == 200 and 'id="issue-work"' in page.text and 'id="issue-counts"' in page.text
    response = client.post(url + "/comments", data={"body": "Crew booked for **tonight**."}, headers=HX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "<strong>tonight</strong>" in response.text
    assert '"issues-changed": true' in response.headers["HX-Trigger"]
    empty = client.post(url + "/comments", data={"body": ""}, headers=HX)
    assert empty.status_code == 422 and 'id="issue-work"' in empty.text and "<html" not in empty.text
    counts = client.get("/contracts/AAA/issues/counts", headers=HX)
    assert counts.status_code == 200 and 'id="issue-counts"' in counts.text


def test_comment_without_javascript_redirects(world, login):
    issue = make_issue(world.contract_a, world["community_rep"])
    client = login(world["community_rep"])
    response = client.post(f"/contracts/AAA/issues/{issue.reference}/comments", data={"body": "Still dark."})
    assert response.status_code == 303
    assert "Still dark." in client.get(response.headers["Location"]).text


def test_status_change_is_version_checked(world, login):
    issue = make_issue(world.contract_a, world["community_rep"])
    url = f"/contracts/AAA/issues/{issue.reference}/status"
    stale = issue.version
    client = login(world["operator_manager"])
    assert client.post(url, data={"status": "in_progress", "version": stale}).status_code == 303
    second = login(world["public_officer"]).post(url, data={"status": "resolved", "reason": "my note",
                                                            "version": stale}, headers=HX)
    assert second.status_code == 422 and "Someone else saved this issue" in second.text and "my note" in second.text
    assert issue.status == "in_progress"


def test_reopen_needs_a_reason_and_only_permitted_moves(world, login):
    issue = make_issue(world.contract_a, world["community_rep"])
    url = f"/contracts/AAA/issues/{issue.reference}/status"
    assert login(world["community_rep"]).post(url, data={"status": "resolved", "version": issue.version}).status_code == 403
    login(world["operator_manager"]).post(url, data={"status": "resolved", "version": issue.version})
    rep = login(world["community_rep"])
    assert rep.post(url, data={"status": "open", "version": issue.version}).status_code == 422
    assert rep.post(url, data={"status": "open", "reason": "Back again", "version": issue.version}).status_code == 303
    assert issue.status == "open" and issue.reopened_count == 1


def test_edit_is_version_checked_and_keeps_the_text(world, login):
    issue = make_issue(world.contract_a, world["public_officer"])
    url = f"/contracts/AAA/issues/{issue.reference}/edit"
    client = login(world["public_manager"])
    assert client.get(url).status_code == 200
    data = {"title": "Lights out", "category": "Safety", "priority": "high", "routed_to": "operator",
            "visibility": "community", "description": "My careful rewrite", "version": issue.version}
    assert client.post(url, data=data).status_code == 303
    stale = client.post(url, data=data | {"description": "Second rewrite"})
    assert stale.status_code == 422 and "Second rewrite" in stale.text and "Someone else saved" in stale.text


def test_hostile_markdown_is_inert_in_pages_fragments_and_exports(world, login):
    issue = make_issue(world.contract_a, world["public_officer"], title="=HYPERLINK(\"http://evil\")",
                       description=HOSTILE)
    client = login(world["public_officer"])
    url = f"/contracts/AAA/issues/{issue.reference}"
    fragment = client.post(url + "/comments", data={"body": HOSTILE}, headers=HX).text
    for text in (client.get(url).text, fragment):
        assert "<script>alert" not in text and "onerror" not in text and "javascript:" not in text
        assert 'hx-get="/admin"' not in text
    rows = list(csv.reader(io.StringIO(client.get("/contracts/AAA/issues/export.csv").data.decode("utf-8-sig"))))
    assert rows[0][0] == "reference" and rows[1][1].startswith("'=HYPERLINK")
    book = load_workbook(io.BytesIO(client.get("/contracts/AAA/issues/export.xlsx").data))
    assert book.active["B2"].value.startswith("'=HYPERLINK") and book.active["B2"].data_type == "s"


def test_exports_respect_filters_and_visibility(world, login):
    make_issue(world.contract_a, world["public_officer"], title="Partners only", visibility="partners")
    make_issue(world.contract_a, world["public_officer"], title="For the community")
    rep = login(world["community_rep"]).get("/contracts/AAA/issues/export.csv")
    assert rep.headers["Content-Disposition"].startswith("attachment")
    assert "For the community" in rep.data.decode() and "Partners only" not in rep.data.decode()
    assert login(world["public_officer"]).get("/contracts/AAA/issues/export.pdf").status_code == 404


def test_public_issue_is_readable_by_anyone_and_on_the_public_page(world, login):
    issue = make_issue(world.contract_a, world["public_officer"], visibility="public", title="Noise at night")
    anonymous = login(None)
    page = anonymous.get(f"/contracts/AAA/issues/{issue.reference}")
    assert page.status_code == 200 and "Add a comment" not in page.text and "Public Officer" not in page.text
    assert "Noise at night" in anonymous.get("/contracts/AAA").text
    private = make_issue(world.contract_a, world["public_officer"])
    assert anonymous.get(f"/contracts/AAA/issues/{private.reference}").status_code in (302, 401)


def test_attachments_are_checked_by_content(world, login):
    issue = make_issue(world.contract_a, world["community_rep"])
    client = login(world["community_rep"])
    url = f"/contracts/AAA/issues/{issue.reference}/files"
    bad = client.post(url, data={"file": (io.BytesIO(b"MZ not a pdf"), "photo.pdf")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "not a file type we accept" in bad.text
    good = client.post(url, data={"file": (io.BytesIO(b"%PDF-1.4\n%test\n"), "report.pdf")},
                       content_type="multipart/form-data")
    assert good.status_code == 303
    item = issue.attachments[0]
    download = client.get(f"/contracts/AAA/issues/{issue.reference}/files/{item.id}")
    assert download.headers["X-Content-Type-Options"] == "nosniff" and download.data.startswith(b"%PDF")
    assert issue.events[-1].kind == "attachment"


def test_settings_page_and_overview_panel(world, login):
    make_issue(world.contract_a, world["public_officer"])
    assert login(world["community_rep"]).get("/contracts/AAA/issues/settings").status_code == 200
    client = login(world["public_manager"])
    form = {f"{p}_{k}": v for p in ("urgent", "high", "medium", "low")
            for k, v in (("respond", 1), ("respond_unit", "working_days"), ("resolve", 3),
                         ("resolve_unit", "working_days"))}
    bad = client.post("/contracts/AAA/issues/settings", data=form | {"categories": "", "version": 0})
    assert bad.status_code == 422
    good = client.post("/contracts/AAA/issues/settings", data=form | {"categories": "Lighting\nLifts", "version": 0})
    assert good.status_code == 303 and services.categories_of(world.contract_a) == ["Lighting", "Lifts"]
    overview = client.get("/contracts/AAA")
    assert "issues-panel-heading" in overview.text


def test_assign_and_watch(world, login):
    issue = make_issue(world.contract_a, world["community_rep"])
    url = f"/contracts/AAA/issues/{issue.reference}"
    client = login(world["operator_manager"])
    assert client.post(url + "/assign", data={"assignee": world["operator_staff"].id,
                                              "version": issue.version}).status_code == 303
    assert issue.assignee_id == world["operator_staff"].id
    assert client.post(url + "/assign", data={"assignee": world["community_rep"].id,
                                              "version": issue.version}).status_code == 422
    assert client.post(url + "/watch").status_code == 303 and services.is_watching(issue, world["operator_manager"])
    client.post(url + "/watch")
    assert not services.is_watching(issue, world["operator_manager"])
