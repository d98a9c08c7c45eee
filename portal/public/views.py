"""The anonymous site's home: the list of published contracts. (A contract's public page is served
at its one address, /contracts/<code>, from its public panels.)"""

from flask import Blueprint

from portal.audit.services import data_version
from portal.contracts.services import published_contracts
from portal.extensions import db
from portal.web import public_page, render

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return public_page(data_version(db.session),
                       lambda: render("public/home.html", contracts=published_contracts()))
