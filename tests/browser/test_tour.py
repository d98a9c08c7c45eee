"""A visual tour: the main pages of each kind of user, at desktop width (1280) and phone width (390).

Every page must answer 200, pass axe-core (no serious or critical violations), show no horizontal
scroll on the page itself (wide tables scroll inside their own wrapper), and leave a screenshot in
test-artifacts/screenshots/tour-<user>-<page>-<width>.png for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot, sign_in

WIDTHS = {"desktop": 1280, "phone": 390}

PUBLIC = [
    ("home", "/"),
    ("contract-nsh", "/contracts/NSH"),
    ("contract-m7", "/contracts/M7"),
    ("contract-wtp", "/contracts/WTP"),
    ("feedback-form", "/feedback/new?contract=NSH"),
    ("feedback-board", "/contracts/NSH/feedback/board"),
    ("reports", "/reports"),
    ("search", "/search?q=parking"),
]
OFFICIAL = [
    ("my-contracts", "/my/contracts"),
    ("overview", "/contracts/NSH"),
    ("performance", "/contracts/NSH/performance"),
    ("review-queue", "/contracts/NSH/performance/review"),
    ("review-month", "/contracts/NSH/performance/2026-10"),
    ("statement", "/contracts/NSH/performance/2026-09/statement"),
    ("feedback-queue", "/contracts/NSH/feedback"),
    ("feedback-record", "/contracts/NSH/feedback/NSH-FB-2026-00005"),
    ("reports", "/contracts/NSH/reports"),
    ("report", "/contracts/NSH/reports/4"),
    ("activity", "/contracts/NSH/activity"),
    ("members", "/contracts/NSH/members"),
]
OPERATOR = [
    ("overview", "/contracts/NSH"),
    ("submission", "/contracts/NSH/performance/2026-11"),
]
RESIDENT = [
    ("my-feedback", "/my/feedback"),
]
ADMIN = [
    ("index", "/admin/"),
    ("users", "/admin/users"),
    ("contracts", "/admin/contracts"),
    ("organisations", "/admin/organisations"),
    ("contract-members", "/admin/contracts/NSH/members"),
]

USERS = {
    "public": (None, PUBLIC),
    "official": ("fiona.gallagher@health.example.gov", OFFICIAL),
    "operator": ("rachel.whitmore@meridianhealth.example.com", OPERATOR),
    "resident": ("aoife.brennan@example.net", RESIDENT),
    "admin": ("admin@portal.example.gov", ADMIN),
}


OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth + 1) return [];
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > root.clientWidth + 1 && el.parentElement.getBoundingClientRect().right <= root.clientWidth + 1) {
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
    }
  }
  return out.slice(0, 5);
}"""


def _sideways(page) -> list[str]:
    """The outermost elements that stick out past the right edge, when the page scrolls sideways."""
    return page.evaluate(OVERFLOW)


@pytest.mark.parametrize("who", list(USERS))
def test_tour(browser, live_server, who):
    email, pages = USERS[who]
    context = browser.new_context(base_url=live_server["url"], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        if email:
            sign_in(page, email)
        problems: list[str] = []
        for size, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in pages:
                response = page.goto(path)
                assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
                try:
                    assert_accessible(page)
                except AssertionError as failure:  # report every page, not only the first
                    problems.append(f"{width}px: {failure}")
                if wide := _sideways(page):
                    problems.append(f"{path} scrolls sideways at {width}px: {wide}")
                screenshot(page, f"tour-{who}-{name}-{size}")
        assert not problems, "\n".join(problems)
        assert not errors, errors
    finally:
        context.close()
