"""The disputes blueprint, shared by the list views (views.py) and the record views (record.py),
and the one way they load a contract: anyone who may not read its disputes (community
representatives included) learns nothing, whatever the method: 404 (or sign in)."""

from flask import Blueprint
from flask_login import current_user

from portal import access
from portal.contracts.services import get_contract

bp = Blueprint("disputes", __name__)


def dispute_contract(code: str, action: str | None = None):
    """The contract, for a reader of its disputes; with `action`, a refused change is 403."""
    contract = get_contract(code)
    if contract is None or not access.can(current_user, "dispute.view", contract):
        access.deny_read()
    if action is not None:
        access.authorize_contract(action, contract)
    return contract
