"""The performance blueprint: every URL of the feature in one table, the contract section, and the
panels it adds to the member overview and the public contract page.

Every performance page is for signed-in members; each view then asks the access policy."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

from portal.navigation import register_section
from portal.panels import register_member_panel, register_public_panel
from portal.performance import overviews
from portal.performance.views import framework_pages as framework
from portal.performance.views import month_pages as month
from portal.performance.views import statement_pages as statement

bp = Blueprint("performance", __name__)

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]
M = "/<month>"  # a reporting month, e.g. 2026-10
FRAMEWORK = "/framework"

# path under /contracts/<code>/performance, view, methods
URLS = [
    ("", month.index, GET),
    ("/open", month.open_period, POST),
    ("/review", month.queue, GET),
    ("/events-template.csv", month.events_template, GET),
    ("/events-template.xlsx", month.events_template_xlsx, GET),
    ("/evidence/<int:file_id>", month.evidence_file, GET),
    (M, month.submission, FORM),
    (M + "/submit", month.submit, POST),
    (M + "/evidence", month.upload_evidence, POST),
    (M + "/events/import", month.import_events, POST),
    (M + "/review/<kind>/<int:line_id>", month.review, POST),
    (M + "/approve", month.approve, POST),
    (M + "/countersign", month.countersign, POST),
    (M + "/statement", statement.statement, GET),
    (M + "/statement/revision-<int:revision>", statement.statement_revision, GET),
    (M + "/statement.json", statement.statement_json, GET),
    (M + "/statement.csv", statement.statement_csv, GET),
    (M + "/correction", statement.correction, FORM),
    (FRAMEWORK, framework.framework_index, GET),
    (FRAMEWORK + "/terms/new", framework.new_terms, FORM),
    (FRAMEWORK + "/terms/<int:terms_id>", framework.edit_terms, FORM),
    (FRAMEWORK + "/areas/new", framework.edit_area, FORM),
    (FRAMEWORK + "/areas/<int:area_id>", framework.edit_area, FORM),
    (FRAMEWORK + "/kpis/new", framework.edit_kpi, FORM),
    (FRAMEWORK + "/kpis/<int:kpi_id>", framework.edit_kpi, FORM),
]

for path, view, methods in URLS:
    bp.add_url_rule(f"/contracts/<code>/performance{path}", view.__name__, view, methods=methods)


@bp.before_request
@login_required
def signed_in_only():
    """Anonymous visitors are sent to sign in before any performance view runs."""

register_section("Performance", "performance.index", "performance.view", order=10)
register_member_panel("performance", "performance/_panel.html", overviews.member_panel, order=10)
register_public_panel("performance", "performance/_public_panel.html", overviews.public_panel, order=10)
