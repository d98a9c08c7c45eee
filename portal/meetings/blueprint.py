"""The meetings blueprint, shared by its view modules (views, minutes_views, calendar_views)."""

from __future__ import annotations

from flask import Blueprint

from portal.navigation import register_section

bp = Blueprint("meetings", __name__)

register_section("Meetings", "meetings.list_meetings", "meeting.view", order=30)
