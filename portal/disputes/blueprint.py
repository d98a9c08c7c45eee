"""The disputes blueprint, shared by the list views (views.py) and the record views (record.py)."""

from flask import Blueprint

bp = Blueprint("disputes", __name__)
