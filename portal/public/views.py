"""The anonymous site: the list of published contracts and each contract's public page."""

from flask import Blueprint

from portal.contracts.services import published_contracts
from portal.panels import public_panels
from portal.web import render

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render("public/home.html", contracts=published_contracts())


def public_contract_page(contract):
    return render("public/contract.html", contract=contract, panels=public_panels(contract))
