"""Health-check pages: rounds, answering, results (aggregates only), the trend and the gap."""

from __future__ import annotations

import io
from datetime import timedelta

from flask import abort, request, url_for
from flask_login import current_user, login_required

from portal import access, tabular
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.panels import register_member_panel
from portal.partnership import figures, services
from portal.partnership.blueprint import bp
from portal.partnership.forms import AnswerForm, EmptyForm, RoundForm
from portal.partnership.models import DIMENSIONS, SIDES, HealthCheckRound
from portal.web import done, invalid, record_of, render, run_and_redirect, save_form, send_bytes


def _panel(user, contract):
    if not access.can(user, "healthcheck.view", contract):
        return None
    open_round = next((r for r in services.rounds(contract) if r.status == "open"), None)
    return {"contract": contract, "trend": figures.trend(contract, limit=4), "open_round": open_round,
            "to_answer": open_round is not None and access.can(user, "healthcheck.rate", contract)
            and not services.has_answered(open_round, user)}


register_member_panel("healthcheck", "partnership/_overview_panel.html", _panel, order=36)


def _health_page(contract, round_form=None):
    rounds = services.rounds(contract)
    open_round = next((r for r in rounds if r.status == "open"), None)
    if round_form is None:
        label, opens, closes = services.next_period(contract)
        round_form = RoundForm(formdata=None, label=label, opens_on=opens, closes_on=closes)
    context = dict(contract=contract, rounds=rounds, open_round=open_round, trend=figures.trend(contract),
                   counts=services.answer_counts(open_round) if open_round else {}, round_form=round_form,
                   answered=open_round is not None and services.has_answered(open_round, current_user),
                   min_answers=figures.MIN_ANSWERS, dimensions=DIMENSIONS, sides=SIDES)
    return (invalid if round_form.errors else render)("partnership/health.html", **context)


@bp.get("/contracts/<code>/health")
@login_required
def health(code):
    return _health_page(member_contract(code, "healthcheck.view"))


@bp.post("/contracts/<code>/health/rounds")
@login_required
def open_round(code):
    contract = member_contract(code, "healthcheck.manage")
    form = RoundForm()
    if not save_form(form, lambda: services.open_round(contract, form.label.data, form.opens_on.data,
                                                       form.closes_on.data), services.PartnershipError):
        return _health_page(contract, form)
    db.session.commit()
    return done(url_for("partnership.health", code=contract.code), f"Round {form.label.data} is open for answers.")


def _round(code, round_id, action="healthcheck.view"):
    contract = member_contract(code, action)
    rnd = record_of(contract, HealthCheckRound, round_id)
    access.authorize("view", rnd)
    return contract, rnd


@bp.get("/contracts/<code>/health/<int:round_id>")
@login_required
def health_round(code, round_id):
    contract, rnd = _round(code, round_id)
    return render("partnership/round.html", contract=contract, result=figures.round_result(rnd),
                  counts=services.answer_counts(rnd), dimensions=DIMENSIONS, min_answers=figures.MIN_ANSWERS,
                  form=EmptyForm(formdata=None))


@bp.route("/contracts/<code>/health/<int:round_id>/answer", methods=["GET", "POST"])
@login_required
def answer_health_check(code, round_id):
    contract, rnd = _round(code, round_id, "healthcheck.rate")
    if rnd.status != "open":
        abort(404)
    form = AnswerForm() if request.method == "POST" else AnswerForm(formdata=None)
    context = dict(contract=contract, rnd=rnd, form=form, dimensions=DIMENSIONS,
                   answered=services.has_answered(rnd, current_user), min_answers=figures.MIN_ANSWERS)
    if request.method == "GET":
        return render("partnership/answer.html", **context)
    scores = {d: getattr(form, d).data for d in DIMENSIONS}
    if not save_form(form, lambda: services.answer(rnd, current_user, scores, form.comment.data or ""),
                     services.PartnershipError):
        return invalid("partnership/answer.html", **context)
    db.session.commit()
    return done(url_for("partnership.health", code=contract.code), "Thank you: your answer is recorded anonymously.")


@bp.post("/contracts/<code>/health/<int:round_id>/close")
@login_required
def close_round(code, round_id):
    contract, rnd = _round(code, round_id, "healthcheck.manage")
    return run_and_redirect(lambda: services.close_round(rnd), services.PartnershipError,
                            url_for("partnership.health_round", code=contract.code, round_id=rnd.id),
                            f"Round {rnd.label} closed.")


@bp.post("/contracts/<code>/health/<int:round_id>/release")
@login_required
def release_round(code, round_id):
    contract, rnd = _round(code, round_id, "healthcheck.manage")
    return run_and_redirect(lambda: services.release(rnd), services.PartnershipError,
                            url_for("partnership.health_round", code=contract.code, round_id=rnd.id),
                            f"Results of {rnd.label} released for the transparency report.")


@bp.post("/contracts/<code>/health/<int:round_id>/suggest")
@login_required
def suggest_action(code, round_id):
    contract, rnd = _round(code, round_id, "healthcheck.manage")
    why = dict(figures.round_result(rnd).suggestions).get(request.form.get("dimension", ""))
    if why is None:
        abort(404)
    today = services.local_today(contract)
    return run_and_redirect(
        lambda: services.request_action(
            contract, f"Improve {why[0].lower()}{why[1:]}"[:200], current_user, field="dimension",
            owner_user_id=current_user.id, due_on=today + timedelta(days=30), source_kind="healthcheck",
            source_id=rnd.id, source_title=f"Health check {rnd.label}", visibility="partners",
            source_url=url_for("partnership.health_round", code=contract.code, round_id=rnd.id)),
        services.PartnershipError, url_for("partnership.health_round", code=contract.code, round_id=rnd.id),
        "Added to the action list, owned by you: hand it on there.")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


@bp.get("/contracts/<code>/health.csv")
@login_required
def export_health(code):
    """Aggregates only: per round, side and dimension the number of answers and the average (blank
    below the threshold). No answer, comment or person is ever exported."""
    contract = member_contract(code, "healthcheck.view")
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow(["Round", "Side", "Answers", *[label for label, _q in DIMENSIONS.values()], "Overall"])
    for result in figures.trend(contract, limit=40):
        for side in result.sides.values():
            scores = [str(side.scores.get(d, "")) for d in DIMENSIONS]
            writer.writerow([_cell(result.round.label), side.label, side.answers, *scores, side.overall or ""])
    return send_bytes(out.getvalue(), f"{contract.code}-health-check.csv", "text/csv")
