"""Response helpers shared by every view: full page or htmx fragment, 422 forms, 303 success,
file downloads, domain errors on form fields and stale-edit detection."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.orm.exc import StaleDataError

from portal import clock, storage
from portal.extensions import db, htmx

STALE_EDIT = ("Someone else saved this {what} while you were editing. Your changes are kept below: "
              "check theirs (reload the page in another tab), then save again to replace them.")


def external_url(endpoint: str, **values) -> str:
    """An absolute link built on the configured BASE_URL, never on the request's Host header
    (which the client chooses: links in open data, feeds and e-mails must not follow it)."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def after_response(response, work) -> None:
    """Run `work()` once `response` has been sent, in its own app context and transaction: the
    answer's content and timing do not depend on what the work finds (no account enumeration by
    the time a mail takes). A failure is logged, never shown."""
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            try:
                work()
                db.session.commit()
            except Exception:  # noqa: BLE001 - logged; the person already has their answer
                db.session.rollback()
                app.logger.exception("Work after the response failed")

    response.call_on_close(run)


def wants_fragment() -> bool:
    return bool(htmx) and not htmx.boosted


def render(template: str, fragment: str | None = None, status: int = 200, **context):
    """Render the full page, or only `fragment` when htmx (not a boosted link) asked for it."""
    name = fragment if fragment and wants_fragment() else template
    response = make_response(render_template(name, **context), status)
    response.vary.add("HX-Request")
    return response


def invalid(template: str, fragment: str | None = None, **context):
    """A form with errors: re-render it, with what the user typed, as 422."""
    return render(template, fragment, status=422, **context)


def done(location: str, message: str | None = None, *, fragment: str | None = None,
         trigger: str | None = None, **context):
    """After a successful write: 303 to `location`, or for htmx the updated fragment."""
    if fragment and wants_fragment():
        response = make_response(render_template(fragment, **context))
        response.vary.add("HX-Request")
        events = [trigger] if trigger else []
        if message:
            events.append("flash")
            response.headers["HX-Trigger"] = _trigger_header(events, message)
        elif events:
            response.headers["HX-Trigger"] = ",".join(events)
        return response
    if message:
        flash(message, "success")
    return redirect(location, code=303)


def run_and_redirect(run, errors, location: str, message: str | None = None, *, rollback: bool = False):
    """A one-button action: run the service; on a domain error (`errors`) flash its text and return
    to `location` without committing (`rollback` first undoes what the service flushed); otherwise
    commit and return there with `message`."""
    try:
        run()
    except errors as error:
        if rollback:
            db.session.rollback()
        flash(str(error), "error")
        return done(location)
    db.session.commit()
    return done(location, message)


def record_of(contract, model, record_id):
    """The contract's `model` row `record_id`, or 404 (a row of another contract is not there)."""
    record = db.session.get(model, record_id)
    if record is None or record.contract_id != contract.id:
        abort(404)
    return record


def _trigger_header(events: list[str], message: str) -> str:
    payload = {event: (message if event == "flash" else True) for event in events}
    return json.dumps(payload)


def not_modified_since(record, submitted_version) -> bool:
    """True when the form was loaded from the record's current version (no concurrent edit)."""
    try:
        return int(submitted_version) == int(record.version)
    except (TypeError, ValueError):
        return False


def put_error_on_form(form, error) -> None:
    """Show a domain error beside the field it names (`error.field`), else above the form."""
    field = getattr(form, getattr(error, "field", None) or "", None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def save_form(form, save, errors: type[Exception] | tuple, *, record=None, what: str = "record") -> bool:
    """Validate `form`, refuse it when `record` changed since the form was loaded, then run `save()`.

    True when saved (the caller commits). False, with the problem on the form and everything the
    user typed kept, when the page must be shown again (422): invalid input, a domain error
    (`errors`, shown by `put_error_on_form`) or a concurrent edit. After a concurrent edit the form
    carries the record's new version, so saving again knowingly replaces the other change."""
    if not form.validate():
        return False
    if record is not None and not not_modified_since(record, form.version.data):
        form.form_errors.append(STALE_EDIT.format(what=what))
        form.version.data = record.version
        return False
    try:
        save()
        db.session.flush()
    except errors as error:
        db.session.rollback()
        put_error_on_form(form, error)
        return False
    except StaleDataError:
        db.session.rollback()
        form.form_errors.append(STALE_EDIT.format(what=what))
        if record is not None:
            form.version.data = db.session.get(type(record), record.id).version
        return False
    return True


def send_bytes(data: bytes | str, filename: str, mimetype: str, *, inline: bool = False,
               cache: str = "private, no-store", headers: dict | None = None) -> Response:
    """A file download: the browser saves it under `filename` (or shows it, `inline`), never
    sniffs another type and never runs it in the portal's origin."""
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "inline" if inline else "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = cache
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.update(headers or {})
    return response


def send_stored(key: str, filename: str, mimetype: str, **options) -> Response:
    """A stored upload or generated file as a download, or 404 when its bytes are gone. Read into
    memory: files are capped in size, and no open handle outlives a dropped connection."""
    try:
        data = storage.read_bytes(key)
    except FileNotFoundError:
        abort(404)
    # Served under the extension of its checked type, whatever the uploader named it.
    return send_bytes(data, storage.served_name(filename, mimetype), mimetype, **options)


def public_page(version: tuple[int, datetime | None], make: Callable[[], Response]) -> Response:
    """A public page with an ETag and Last-Modified from the data it shows (`version`: the id and
    time of the latest audit event it depends on) and the day (pages say "3 days ago"). A browser
    or proxy that holds the current copy gets 304 without the page being rendered. Only for pages
    that are the same for every anonymous reader (a flash message pending skips it)."""
    event_id, changed_at = version
    fingerprint = f"{request.full_path}|{request.headers.get('HX-Request', '')}|{event_id}|{clock.today()}"
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag) and not session.get("_flashes"):
        response = Response(status=304)
    else:
        response = make()
    response.set_etag(etag)
    if changed_at is not None:
        response.last_modified = changed_at
    response.cache_control.no_cache = True  # keep it, but ask each time (cheap: 304)
    response.vary.update(("Cookie", "HX-Request"))
    return response


@dataclass
class KeysetPage:
    """One page of a newest-first list, found by id rather than by OFFSET: page 1,000 costs what
    page 1 costs. `newer`/`older`: the ids to link to (?after= / ?before=), or None at the ends."""

    items: list
    newer: int | None
    older: int | None


def keyset_page(query, id_column, *, before: int | None, after: int | None, per_page: int = 30) -> KeysetPage:
    """`query` (a select of one entity) newest first by `id_column`, the page before or after an id."""
    if after is not None:
        rows = list(db.session.scalars(query.where(id_column > after).order_by(id_column.asc()).limit(per_page + 1)))
        more_newer = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        return KeysetPage(items, items[0].id if more_newer and items else None, items[-1].id if items else None)
    if before is not None:
        query = query.where(id_column < before)
    rows = list(db.session.scalars(query.order_by(id_column.desc()).limit(per_page + 1)))
    items = rows[:per_page]
    newer = items[0].id if before is not None and items else None
    return KeysetPage(items, newer, items[-1].id if len(rows) > per_page else None)
