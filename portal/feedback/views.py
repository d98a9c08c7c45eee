"""The feedback feature's URLs, in one table, and what it adds to the rest of the portal.

The views live by whom they serve: `public_views` (anyone: give feedback, follow it, the public
board), `staff_views` (the queue and one record), `settings_views` (categories and templates)."""

from __future__ import annotations

from flask import Blueprint

from portal.feedback import public_views, settings_views, staff_views
from portal.navigation import register_section
from portal.panels import register_member_panel, register_public_panel

bp = Blueprint("feedback", __name__)

GET, POST, FORM = ["GET"], ["POST"], ["GET", "POST"]
RECORD = "/contracts/<code>/feedback/<reference>"
SETTINGS = "/contracts/<code>/feedback/settings"

# endpoint, URL, view, methods
URLS = [
    # anyone: give feedback and follow it
    ("new_feedback", "/feedback/new", public_views.new_feedback, FORM),
    ("track", "/feedback/track/<token>", public_views.track, FORM),
    ("track_attachment", "/feedback/track/<token>/files/<int:file_id>", public_views.track_attachment, GET),
    ("my_feedback", "/my/feedback", public_views.my_feedback, GET),
    ("my_item", "/my/feedback/<int:feedback_id>", public_views.my_item, FORM),
    ("my_attachment", "/my/feedback/<int:feedback_id>/files/<int:file_id>", public_views.my_attachment, GET),
    # anyone: the public board
    ("board", "/contracts/<code>/feedback/board", public_views.board, GET),
    ("report", "/contracts/<code>/feedback/board/<reference>/report", public_views.report, POST),
    # staff: the queue, feedback received by phone, letter or in person
    ("queue", "/contracts/<code>/feedback", staff_views.queue, GET),
    ("register_feedback", "/contracts/<code>/feedback/register", staff_views.register_feedback, FORM),
    # staff: categories and response templates
    ("settings", SETTINGS, settings_views.show_settings, GET),
    ("save_defaults", SETTINGS + "/defaults", settings_views.save_defaults, POST),
    ("add_category", SETTINGS + "/categories", settings_views.add_category, POST),
    ("edit_category", SETTINGS + "/categories/<int:category_id>", settings_views.edit_category, FORM),
    ("add_template", SETTINGS + "/templates", settings_views.add_template, POST),
    ("edit_template", SETTINGS + "/templates/<int:template_id>", settings_views.edit_template, FORM),
    ("delete_template", SETTINGS + "/templates/<int:template_id>/delete", settings_views.delete_template, POST),
    # staff: one record and its actions
    ("detail", RECORD, staff_views.detail, GET),
    ("acknowledge", RECORD + "/acknowledge", staff_views.acknowledge, POST),
    ("assign", RECORD + "/assign", staff_views.assign, POST),
    ("ask_question", RECORD + "/question", staff_views.ask_question, POST),
    ("add_note", RECORD + "/note", staff_views.add_note, POST),
    ("respond", RECORD + "/respond", staff_views.respond, POST),
    ("close", RECORD + "/close", staff_views.close, POST),
    ("decide_appeal", RECORD + "/appeal-decision", staff_views.decide_appeal, POST),
    ("moderate", RECORD + "/moderate", staff_views.moderate, POST),
    ("hide", RECORD + "/hide", staff_views.hide, POST),
    ("attachment", RECORD + "/files/<int:file_id>", staff_views.attachment, GET),
]

for endpoint, rule, view, methods in URLS:
    bp.add_url_rule(rule, endpoint, view, methods=methods)

register_section("Feedback", "feedback.queue", "feedback.view_queue", order=20)
register_member_panel("feedback", "feedback/_overview_panel.html", staff_views.overview_panel, order=20)
register_public_panel("feedback", "feedback/_public_panel.html", public_views.public_panel, order=20)
