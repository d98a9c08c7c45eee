"""The issues blueprint, shared by the list views (views.py) and the record views (record.py)."""

from flask import Blueprint

bp = Blueprint("issues", __name__)
