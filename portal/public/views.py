"""The anonymous site: the list of published contracts and each contract's public page."""

from flask import Blueprint

from portal.contracts.services import published_contracts
from portal.web import render

bp = Blueprint("public", __name__)

# Features add sections to the public contract page: name -> (order, template, context fn).
_PUBLIC_PANELS: dict = {}


def register_public_panel(name: str, template: str, context, order: int = 50) -> None:
    _PUBLIC_PANELS[name] = (order, template, context)


@bp.get("/")
def home():
    return render("public/home.html", contracts=published_contracts())


def public_contract_page(contract):
    panels = []
    for name, (_order, template, context) in sorted(_PUBLIC_PANELS.items(), key=lambda i: i[1][0]):
        data = context(contract)
        if data is not None:
            panels.append({"name": name, "template": template, "data": data})
    return render("public/contract.html", contract=contract, panels=panels)
