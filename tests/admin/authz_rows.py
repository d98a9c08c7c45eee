"""Administration pages: administrators only; everyone else signed in gets 404, anonymous signs in."""

from tests.authz.matrix import Route, signed_in

ADMIN_PAGE = signed_in(404, admin="ok")
ADMIN_ACTION = signed_in(404, admin="allowed")


def _ids(world):
    import sqlalchemy as sa

    from portal.contracts.models import Membership
    from portal.extensions import db

    membership_id = db.session.scalar(sa.select(Membership.id).where(
        Membership.user_id == world["reviewer"].id, Membership.contract_id == world.contract_a.id))
    return {"user": world["community"].id, "org": world.contract_a.government_org_id,
            "membership": membership_id}


ROWS = [
    Route("admin.index", "GET", "/admin/", ADMIN_PAGE),
    Route("admin.users", "GET", "/admin/users", ADMIN_PAGE),
    Route("admin.invite_user", "GET", "/admin/users/invite", ADMIN_PAGE),
    Route("admin.invite_user", "POST", "/admin/users/invite", ADMIN_ACTION),
    Route("admin.edit_user", "GET", "/admin/users/{user}", ADMIN_PAGE, setup=_ids),
    Route("admin.edit_user", "POST", "/admin/users/{user}", ADMIN_ACTION, setup=_ids),
    Route("admin.end_user_sessions", "POST", "/admin/users/{user}/sessions/end", ADMIN_ACTION, setup=_ids),
    Route("admin.reset_two_factor", "POST", "/admin/users/{user}/two-factor/reset", ADMIN_ACTION, setup=_ids),
    Route("admin.organisations", "GET", "/admin/organisations", ADMIN_PAGE),
    Route("admin.create_organisation", "GET", "/admin/organisations/new", ADMIN_PAGE),
    Route("admin.create_organisation", "POST", "/admin/organisations/new", ADMIN_ACTION),
    Route("admin.edit_organisation", "GET", "/admin/organisations/{org}", ADMIN_PAGE, setup=_ids),
    Route("admin.edit_organisation", "POST", "/admin/organisations/{org}", ADMIN_ACTION, setup=_ids),
    Route("admin.contracts_list", "GET", "/admin/contracts", ADMIN_PAGE),
    Route("admin.create_contract", "GET", "/admin/contracts/new", ADMIN_PAGE),
    Route("admin.create_contract", "POST", "/admin/contracts/new", ADMIN_ACTION),
    Route("admin.edit_contract", "GET", "/admin/contracts/{a}/edit", ADMIN_PAGE),
    Route("admin.edit_contract", "POST", "/admin/contracts/{a}/edit", ADMIN_ACTION),
    Route("admin.contract_members", "GET", "/admin/contracts/{a}/members", ADMIN_PAGE),
    Route("admin.contract_members", "POST", "/admin/contracts/{a}/members", ADMIN_ACTION),
    Route("admin.remove_member", "POST", "/admin/contracts/{a}/members/{membership}/remove",
          ADMIN_ACTION, setup=_ids),
]
