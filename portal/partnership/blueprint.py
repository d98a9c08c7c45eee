"""The partnership blueprint, shared by its view modules (views, health_views)."""

from __future__ import annotations

from flask import Blueprint

from portal.navigation import register_section

bp = Blueprint("partnership", __name__)

register_section("Stakeholders", "partnership.stakeholder_register", "stakeholder.view", order=34)
register_section("Health check", "partnership.health", "healthcheck.view", order=36)
