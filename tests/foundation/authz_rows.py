from tests.authz.matrix import Route, everyone, members_of_a, only, signed_in
from tests.factories import ROLES


def _membership(world):
    import sqlalchemy as sa

    from portal.contracts.models import Membership
    from portal.extensions import db

    membership_id = db.session.scalar(sa.select(Membership.id).where(
        Membership.user_id == world["reviewer"].id, Membership.contract_id == world.contract_a.id))
    return {"membership": membership_id}


MEMBER_VIEWERS = tuple(r for r in ROLES if r != "community_rep")

ROWS = [
    Route("public.home", "GET", "/", everyone()),
    Route("contracts.my_contracts", "GET", "/my/contracts", signed_in()),
    Route("contracts.overview", "GET", "/contracts/{a}", everyone()),
    # Anyone signed in follows a published contract (contract A is published in the world).
    Route("contracts.follow", "POST", "/contracts/{a}/follow", signed_in("allowed")),
    Route("contracts.unfollow", "POST", "/contracts/{a}/unfollow", signed_in("allowed")),
    Route("contracts.members", "GET", "/contracts/{a}/members", only(MEMBER_VIEWERS, "ok")),
    Route("contracts.members", "POST", "/contracts/{a}/members", only(["public_manager"])),
    Route("contracts.remove_member", "POST", "/contracts/{a}/members/{membership}/remove",
          only(["public_manager"]), setup=_membership),
    Route("audit.activity", "GET", "/contracts/{a}/activity", members_of_a()),
]
