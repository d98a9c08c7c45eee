"""The contract's activity log: the audit events a member may read (blueprint `audit`)."""

import sqlalchemy as sa
from flask import Blueprint, request
from flask_login import current_user, login_required

from portal import access
from portal.audit.models import AuditEvent
from portal.contracts.services import member_contract
from portal.navigation import register_section
from portal.web import keyset_page, render

bp = Blueprint("audit", __name__)
register_section("Activity", "audit.activity", "activity.view", order=80)


@bp.get("/contracts/<code>/activity")
@login_required
def activity(code):
    contract = member_contract(code, "activity.view")
    query = sa.select(AuditEvent).where(access.visible_clause(current_user, AuditEvent, contract))
    page = keyset_page(query, AuditEvent.id, before=request.args.get("before", type=int),
                       after=request.args.get("after", type=int))
    return render("audit/activity.html", "audit/_activity_list.html", contract=contract, page=page)
