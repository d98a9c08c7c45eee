"""Alembic environment for Flask-Migrate: one migration history for SQLite and PostgreSQL."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
engine = db.engine
config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))


def render_item(type_, obj, autogen_context):
    """Render the portal's own column types by name, with their import."""
    from portal.db import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("from portal.db import UTCDateTime")
        return "UTCDateTime()"
    return False


def _options() -> dict:
    from portal.database import include_object

    return {
        "target_metadata": db.metadata,
        "include_object": include_object,
        "render_item": render_item,
        "compare_type": True,
        # SQLite cannot ALTER most things: batch mode rebuilds tables instead.
        "render_as_batch": True,
        **current_app.extensions["migrate"].configure_args,
    }


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **_options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    with engine.connect() as connection:
        context.configure(connection=connection, process_revision_directives=skip_empty, **_options())
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
