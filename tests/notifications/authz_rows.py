from tests.authz.matrix import Route, signed_in


def _notification(world):
    from portal.notifications.services import notify

    return {"note": notify(world["public_manager"], "Evidence submitted").id}


ROWS = [
    Route("notifications.list_notifications", "GET", "/notifications/", signed_in()),
    Route("notifications.count", "GET", "/notifications/count", signed_in()),
    Route("notifications.mark_read", "POST", "/notifications/{note}/read",
          signed_in(404, public_manager="allowed"), setup=_notification),
    Route("notifications.mark_all_read", "POST", "/notifications/read-all", signed_in("allowed")),
]
