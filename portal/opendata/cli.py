"""`flask --app wsgi portal reindex`: rebuild the public search index from the record."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.contracts.services import get_contract
from portal.extensions import db
from portal.search import index as search_index


@click.command("reindex")
@with_appcontext
@click.option("--contract", "code", default=None, help="Only this contract (its code); default: everything.")
def reindex(code):
    """Rebuild the search index of published content (contracts, public KPIs, board feedback, reports)."""
    if code:
        contract = get_contract(code)
        if contract is None:
            raise click.ClickException(f"No contract {code}.")
        count = search_index.refresh_contract(contract)
        db.session.commit()
        click.echo(f"Search index refreshed for {contract.code}: {count} documents.")
        return
    count = search_index.reindex_all()
    db.session.commit()
    click.echo(f"Search index rebuilt: {count} documents.")
