"""`flask --app wsgi portal reindex`: rebuild the public search index from the record."""

from __future__ import annotations

import click

from portal.cli import portal_cli
from portal.extensions import db


@portal_cli.command("reindex")
@click.option("--contract", "code", default=None, help="Only this contract (its code); default: everything.")
def reindex(code):
    """Rebuild the search index of published content (contracts, public KPIs, board feedback, reports)."""
    from portal.public import search

    if code:
        from portal.contracts.services import get_contract

        contract = get_contract(code)
        if contract is None:
            raise click.ClickException(f"No contract {code}.")
        count = search.refresh_search(contract)
        db.session.commit()
        click.echo(f"Search index refreshed for {contract.code}: {count} documents.")
        return
    count = search.reindex_all()
    db.session.commit()
    click.echo(f"Search index rebuilt: {count} documents.")
