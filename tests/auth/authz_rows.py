from tests.authz.matrix import Route, everyone, signed_in


def _reset_token(world):
    from datetime import timedelta

    from portal.auth.services import issue_token

    return {"token": issue_token(world["community"], "reset", timedelta(hours=1))}


def _invite_token(world):
    from datetime import timedelta

    from portal.auth.services import invite_user

    _, secret = invite_user("invited@example.test", "Invited Person", timedelta(days=7))
    return {"token": secret}


def _register_token(world):
    from datetime import timedelta

    from portal.auth.services import request_registration

    _, _, secret = request_registration("newcomer@example.test", "Newcomer", timedelta(hours=2))
    return {"token": secret}


ROWS = [
    Route("auth.finish_registration", "GET", "/register/{token}", everyone(), setup=_register_token),
    Route("auth.finish_registration", "POST", "/register/{token}", everyone("allowed"), setup=_register_token),
    Route("auth.login", "GET", "/login", everyone("allowed")),
    Route("auth.login", "POST", "/login", everyone("allowed")),
    Route("auth.logout", "POST", "/logout", everyone("allowed")),
    Route("auth.register", "GET", "/register", everyone("allowed")),
    Route("auth.register", "POST", "/register", everyone("allowed")),
    Route("auth.account", "GET", "/account", signed_in()),
    Route("auth.update_account", "POST", "/account", signed_in("allowed")),
    Route("auth.change_password", "POST", "/account/password", signed_in("allowed")),
    Route("auth.request_reset", "GET", "/reset", everyone()),
    Route("auth.request_reset", "POST", "/reset", everyone("allowed")),
    Route("auth.reset_password", "GET", "/reset/{token}", everyone(), setup=_reset_token),
    Route("auth.reset_password", "POST", "/reset/{token}", everyone("allowed"), setup=_reset_token),
    Route("auth.accept_invite", "GET", "/invite/{token}", everyone(), setup=_invite_token),
    Route("auth.accept_invite", "POST", "/invite/{token}", everyone("allowed"), setup=_invite_token),
    # account security; nobody in the matrix has two-factor sign-in on or a code pending
    Route("security.pending_code", "GET", "/login/two-factor", everyone(302)),
    Route("security.pending_code", "POST", "/login/two-factor", everyone(302)),
    Route("security.overview", "GET", "/account/security", signed_in()),
    Route("security.end_everywhere", "POST", "/account/sessions/end-all", signed_in("allowed")),
    Route("security.enrol", "GET", "/account/two-factor/enrol", signed_in()),
    Route("security.enrol", "POST", "/account/two-factor/enrol", signed_in("allowed")),
    Route("security.new_codes", "POST", "/account/two-factor/recovery-codes", signed_in(404)),
    Route("security.disable", "POST", "/account/two-factor/disable", signed_in(404)),
]
