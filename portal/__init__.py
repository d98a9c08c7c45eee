"""The Partnership Portal application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import cli, database, errors, health, security, templating
from portal import config as portal_config
from portal.actions import views as actions_views
from portal.admin import views as admin_views
from portal.audit import services as audit_services  # noqa: F401  (registers the audit flush hooks)
from portal.auth import security_views
from portal.auth import views as auth_views
from portal.changes import views as changes_views
from portal.contracts import activity
from portal.contracts import views as contract_views
from portal.disputes import views as disputes_views
from portal.extensions import csrf, db, htmx, limiter, login_manager, migrate
from portal.feedback import views as feedback_views
from portal.issues import views as issues_views
from portal.meetings import views as meetings_views
from portal.notifications import views as notification_views
from portal.obligations import views as obligations_views
from portal.opendata import views as opendata_views
from portal.partnership import views as partnership_views
from portal.performance import variations as performance_variations  # noqa: F401  (receives approved variations)
from portal.performance import views as performance_views
from portal.public import views as public_views
from portal.reports import views as report_views
from portal.risks import views as risks_views
from portal.search import index as search_index  # noqa: F401  (registers the search session hooks)

ROOT = Path(__file__).resolve().parent.parent

# Feature blueprints, in the order their URLs should be matched.
BLUEPRINTS = [
    auth_views.bp,
    security_views.bp,
    public_views.bp,
    contract_views.bp,
    activity.bp,
    admin_views.bp,
    notification_views.bp,
    performance_views.bp,
    feedback_views.bp,
    changes_views.bp,
    obligations_views.bp,
    meetings_views.bp,
    actions_views.bp,
    partnership_views.bp,
    issues_views.bp,
    disputes_views.bp,
    risks_views.bp,
    report_views.bp,
    opendata_views.bp,
    health.bp,
]


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(portal_config.from_environment(instance))
    if config:
        app.config.update(config)

    if app.config.get("PROXY_COUNT"):
        # Behind N reverse proxies: the client's address and scheme come from their headers.
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    if app.config.get("PORTAL_ENV") == "production" and str(app.config.get("RATELIMIT_STORAGE_URI")).startswith("memory"):
        app.logger.warning("REDIS_URL is not set: rate limits are counted per worker process. "
                           "Set REDIS_URL in production so that all workers share them.")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    database.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    cli.init_app(app)
    return app
