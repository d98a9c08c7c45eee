"""The anonymous site's home: the list of published contracts. (A contract's public page is served
at its one address, /contracts/<code>, from its public panels.)"""

from flask import Blueprint

from portal.contracts.services import published_contracts
from portal.web import render

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render("public/home.html", contracts=published_contracts())
