"""A month's payment statement: its page, its revisions, its CSV and JSON, and the recorded
correction that writes the next revision."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import request, url_for
from flask_login import current_user

from portal.extensions import db
from portal.performance import corrections, notices, queries, statements
from portal.performance.errors import CorrectionError, PerformanceError, StaleStatement
from portal.performance.forms import ActionForm, CorrectionForm
from portal.performance.views.loaders import month_for, revision_of, statement_for
from portal.web import done, invalid, render, send_bytes


def statement(code, month):
    contract, sub, current = statement_for(code, month)
    return _statement_page(contract, sub, current, queries.statement_revisions(sub))


def statement_revision(code, month, revision):
    contract, sub, _ = statement_for(code, month)
    shown, revisions = revision_of(sub, revision)
    return _statement_page(contract, sub, shown, revisions)


def statement_json(code, month):
    contract, sub, current = statement_for(code, month)
    return send_bytes(statements.statement_json(current), f"{contract.code}-{sub.key}-statement.json",
                      "application/json")


def statement_csv(code, month):
    contract, sub, current = statement_for(code, month)
    return send_bytes(statements.statement_csv(current), f"{contract.code}-{sub.key}-statement.csv", "text/csv")


def correction(code, month):
    contract, sub = month_for(code, month, "payment.approve")
    if request.method == "POST":
        return _record_correction(contract, sub)
    current = queries.statement_of(sub)
    form = CorrectionForm(data={"revision": current.revision if current else ""})
    return _correction_page(contract, sub, form)


def _record_correction(contract, sub):
    form = CorrectionForm()
    lines = _corrected_lines(sub)
    if not form.validate():
        return _correction_page(contract, sub, form, 422, typed=lines)
    try:
        revised = corrections.record_correction(contract, sub, current_user, form.reason.data, lines,
                                                form.revision.data)
    except StaleStatement as error:
        db.session.rollback()
        form.revision.data = error.revision
        return _correction_page(contract, sub, form, 422, typed=lines, page_error=str(error))
    except CorrectionError as error:
        db.session.rollback()
        return _correction_page(contract, sub, form, 422, typed=lines, page_error=str(error), errors=error.errors)
    except PerformanceError as error:
        db.session.rollback()
        return _correction_page(contract, sub, form, 422, typed=lines, page_error=str(error))
    notices.corrected(contract, sub, revised)
    db.session.commit()
    return done(url_for("performance.statement", code=contract.code, month=sub.key),
                f"Correction recorded: revision {revised.revision} supersedes revision {revised.revision - 1}. "
                "The operator manager countersigns it.")


# ---- helpers ------------------------------------------------------------------------------


def _statement_page(contract, sub, shown, revisions):
    return render("performance/statement.html", contract=contract, submission=sub, statement=shown,
                  calc=shown.data, action_form=ActionForm(), revisions=revisions)


def _corrected_lines(sub) -> corrections.CorrectedLines:
    """The corrected lines as typed: every line the form sent, by id."""
    form = request.form
    return corrections.CorrectedLines(
        measurements={m.id: (form.get(f"value-{m.id}", ""), form.get(f"mstatus-{m.id}", ""))
                      for m in sub.measurements if f"value-{m.id}" in form},
        events={e.id: (form.get(f"rectified-{e.id}", ""), form.get(f"estatus-{e.id}", ""))
                for e in sub.events if f"estatus-{e.id}" in form})


def _correction_page(contract, sub, form, status: int = 200, **changed):
    context = dict(contract=contract, submission=sub, form=form, current=queries.statement_of(sub),
                   choices=corrections.SETTLED_CHOICES, errors={}, typed=corrections.CorrectedLines(),
                   zone=ZoneInfo(contract.time_zone or "UTC"), page_error=None)
    context.update(changed)
    return (invalid if status == 422 else render)("performance/correction.html", **context)
