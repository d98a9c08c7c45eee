"""The contract's activity log: the audit events a member may read (blueprint `audit`)."""

import sqlalchemy as sa
from flask import Blueprint, request
from flask_login import current_user, login_required

from portal import access
from portal.audit.models import AuditEvent
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.navigation import register_section
from portal.web import render

bp = Blueprint("audit", __name__)
register_section("Activity", "audit.activity", "activity.view", order=80)


@bp.get("/contracts/<code>/activity")
@login_required
def activity(code):
    contract = member_contract(code, "activity.view")
    query = (
        sa.select(AuditEvent)
        .where(access.visible_clause(current_user, AuditEvent, contract))
        .order_by(AuditEvent.id.desc())
    )
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=30, error_out=False)
    return render("audit/activity.html", "audit/_activity_list.html", contract=contract, page=page)
