"""Administration: users and invitations, organisations, contracts and their memberships."""

from flask import Blueprint

from portal.access import require_admin
from portal.web import render

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def only_administrators():
    require_admin()


@bp.get("/")
def index():
    return render("admin/index.html")
