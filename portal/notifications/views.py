"""The bell, the notifications page, and marking notifications read."""

import sqlalchemy as sa
from flask import Blueprint, abort, request, url_for
from flask_login import current_user, login_required

from portal.extensions import db
from portal.notifications import services
from portal.notifications.models import Notification
from portal.web import done, render

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def bell():
    """Every page's header shows the unread count (asked only when a template calls it)."""
    def unread_notifications():
        return services.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": unread_notifications}


@bp.get("/")
@login_required
def list_notifications():
    return render("notifications/list.html", "notifications/_list.html", **_list_context())


def _list_context() -> dict:
    query = (
        sa.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=25, error_out=False)
    return {"page": page, "unread": services.unread_count(current_user)}


@bp.get("/count")
@login_required
def count():
    return render("notifications/_bell.html", "notifications/_bell.html")


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id):
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    services.mark_read(current_user, notification_id)
    db.session.commit()
    db.session.refresh(note)  # the bulk UPDATE does not touch the loaded object
    if request.form.get("open") and _local(note.url):
        return done(note.url)
    return done(url_for("notifications.list_notifications"), fragment="notifications/_item.html",
                trigger="notifications-changed", note=note)


def _local(url: str) -> bool:
    """Only paths inside the portal: never `//elsewhere` or `/\\elsewhere`, which browsers treat as hosts."""
    return url.startswith("/") and not url.startswith(("//", "/\\"))


@bp.post("/read-all")
@login_required
def mark_all_read():
    changed = services.mark_read(current_user)
    db.session.commit()
    return done(url_for("notifications.list_notifications"),
                f"{changed} notification(s) marked as read." if changed else "Nothing was unread.",
                fragment="notifications/_list.html", trigger="notifications-changed", **_list_context())
