"""`flask --app wsgi portal ...` commands."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.actions.cli import remind
from portal.audit.services import acting_as, audit_key, verify_chain
from portal.auth import services as auth_services
from portal.backup import BackupError, Target, backup, restore
from portal.contracts import services as contract_services
from portal.contracts.models import Contract, Organisation
from portal.demo import load_demo
from portal.extensions import db
from portal.generate import SEED, GenerationError, Plan, estimate, generate
from portal.health import QUEUES, config_problems, run_worker
from portal.mail import muted
from portal.notifications import services as notification_services
from portal.obligations.cli import remind_obligations
from portal.opendata.cli import reindex
from portal.performance.cli import open_periods, paymech

portal_cli = AppGroup("portal", help="Partnership Portal administration.")
audit_cli = AppGroup("audit", help="The tamper-evident audit trail.")
portal_cli.add_command(audit_cli)
# Commands that features define next to their code; the command line gathers them here.
for command in (open_periods, paymech, reindex, remind_obligations, remind):
    portal_cli.add_command(command)


@audit_cli.command("verify")
def audit_verify():
    """Recompute the audit chain; exit 1 naming the first broken event."""
    result = verify_chain(db.session, key=audit_key())
    if result.ok:
        click.echo(f"Audit trail intact: {result.checked} events verified.")
        return
    click.echo(f"Audit trail BROKEN at event {result.broken_event_id}: {result.reason}. "
               f"{result.checked} events before it verified.", err=True)
    sys.exit(1)


@portal_cli.command("create-user")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option("--admin", is_flag=True, help="Make the user an administrator.")
def create_user(email, name, password, admin):
    """Create an account (or update the name, password and admin flag of an existing one)."""
    user = auth_services.find_user(email)
    try:
        if user is None:
            user = auth_services.register_user(email, name, password)
        else:
            user.name = name
            auth_services.set_password(user, password)
    except auth_services.AccountError as error:
        raise click.ClickException(str(error)) from None
    user.is_admin = admin or user.is_admin
    db.session.commit()
    click.echo(f"User {user.email} ready{' (administrator)' if user.is_admin else ''}.")


@portal_cli.command("add-member")
@click.argument("email")
@click.option("--contract", "code", required=True)
@click.option("--role", required=True, type=click.Choice(["public_manager", "public_officer", "operator_manager", "operator_staff", "community_rep", "reviewer"]))
@click.option("--org", "org_name", default=None, help="Organisation name; default: the contract's party for the role's side.")
def add_member(email, code, role, org_name):
    """Give a user a role on a contract."""
    user = auth_services.find_user(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    contract = contract_services.get_contract(code)
    if contract is None:
        raise click.ClickException(f"No contract {code}.")
    organisation = None
    if org_name:
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == org_name))
        if organisation is None:
            raise click.ClickException(f"No organisation named {org_name!r}.")
    try:
        membership = contract_services.add_member(contract, user, role, organisation)
    except contract_services.MembershipError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{user.email} is {role} on {contract.code} for {membership.organisation.name}.")


@portal_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has contracts.")
def demo(if_empty):
    """Load the demonstration data (idempotent)."""
    if if_empty and db.session.scalar(sa.select(sa.func.count(Contract.id))):
        click.echo("The database already has data; demo not loaded.")
        return
    summary = load_demo()
    db.session.commit()
    click.echo(summary)


@portal_cli.command("generate")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="1 = 50 contracts over ten years (about 200,000 feedback items); 0.01 for a quick run.")
@click.option("--seed", type=int, default=SEED, show_default=True, help="The same seed gives the same data.")
def generate_data(scale, seed):
    """Fill an EMPTY database with deterministic synthetic data, for benchmarks."""
    try:
        plan = Plan.for_scale(scale, seed)
    except GenerationError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Scale {scale}: {plan.contracts} contracts, {plan.months} months each, "
               f"{plan.feedback_per_contract} feedback items per contract.")
    started = time.perf_counter()
    try:
        with acting_as(None), muted(), click.progressbar(length=estimate(plan), label="Writing rows") as bar:
            lines = generate(plan, progress=bar.update)
    except GenerationError as error:
        raise click.ClickException(str(error)) from None
    click.echo("\n".join(lines))
    click.echo(f"Done in {time.perf_counter() - started:.0f} s.")


@portal_cli.command("send-digests")
def send_digests():
    """E-mail the daily digest to users who chose it (run once a day from cron)."""
    sent = notification_services.send_digests()
    db.session.commit()
    click.echo(f"{sent} digest(s) sent.")


def _target():

    return Target(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(current_app.config["STORAGE_DIR"]))


@portal_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path):
    """Write the database and every stored file to the archive PATH (.tar.gz)."""

    db.session.remove()
    try:
        manifest = backup(_target(), path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    rows = sum(manifest["tables"].values())
    click.echo(f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['files'])} files "
               f"to {path}. Keep SECRET_KEY and AUDIT_KEY safe separately: they are not in the archive.")


@portal_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore_command(path):
    """Restore the archive PATH into this instance, whose database and file store must be empty."""

    db.session.remove()
    db.engine.dispose()
    try:
        manifest = restore(path, _target())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {len(manifest['tables'])} tables and {len(manifest['files'])} files from {path} "
               f"(made {manifest['created_at']}, schema {manifest['revision']}). Run `flask db upgrade` if "
               f"this portal is newer.")


@portal_cli.command("check-config")
@click.option("--workers", type=int, default=None, help="Web workers planned (default: as gunicorn.conf.py).")
@click.option("--production", is_flag=True, help="Judge as production even if PORTAL_ENV is not.")
def check_config(workers, production):
    """Refuse a production start with an unsafe configuration (exit 1 naming each problem)."""
    problems = config_problems(current_app, workers)
    strict = production or current_app.config.get("PORTAL_ENV") == "production"
    for problem in problems:
        click.echo(f"{'REFUSED' if strict else 'note'}: {problem}", err=True)
    if problems and strict:
        sys.exit(1)
    click.echo("Configuration fit for production." if not problems else
               f"{len(problems)} problem(s) to fix before a production start (PORTAL_ENV is not production).")


@portal_cli.command("worker")
@click.option("--queue", "queues", multiple=True, default=QUEUES, show_default=True)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def worker(queues, burst):
    """Run an RQ worker for the portal's queues (needs REDIS_URL)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: without it, background work runs in the web process.")
    click.echo(f"Working queues {', '.join(queues)} on {url.rsplit('@', 1)[-1]}.")
    run_worker(url, queues, burst=burst)


def init_app(app: Flask) -> None:
    app.cli.add_command(portal_cli)
