"""The risks feature's one blueprint, shared by the risk pages and the objective pages."""

from flask import Blueprint

bp = Blueprint("risks", __name__)
