"""The changes blueprint, shared by the variation and contingency-event views."""

from flask import Blueprint

bp = Blueprint("changes", __name__)
