"""The portfolio: every contract a person holds a role on, one row each, with the headline
figures the features contribute (`portal.panels.register_portfolio_column`). A fixed number of
queries: one for the contracts, one or so per column, whatever the number of contracts."""

from __future__ import annotations

from dataclasses import dataclass

from portal.contracts.services import my_contracts
from portal.panels import PortfolioCell, portfolio_columns

BASE_SORTS = ("contract", "charge")


@dataclass
class Portfolio:
    columns: list
    rows: list[dict]
    sort: str
    direction: str

    def next_direction(self, key: str, worst_first: bool = True) -> str:
        """The direction a click on a header sorts: reverses the current one, else worst first."""
        if key == self.sort:
            return "asc" if self.direction == "desc" else "desc"
        return "desc" if worst_first else "asc"


def _sort_value(row: dict, key: str):
    if key == "contract":
        return row["contract"].code
    if key == "charge":
        return row["contract"].monthly_unitary_charge_minor or 0
    cell = row["cells"].get(key)
    return cell.value if cell is not None else None


def portfolio(user, sort: str = "contract", direction: str = "asc") -> Portfolio:
    pairs = my_contracts(user)
    contracts = [contract for contract, _role in pairs]
    columns = portfolio_columns()
    values = {column.key: column.values(user, contracts) if contracts else {} for column in columns}
    rows = [{"contract": contract, "role": role,
             "cells": {key: cells[contract.id] for key, cells in values.items() if contract.id in cells}}
            for contract, role in pairs]
    if sort not in BASE_SORTS and sort not in values:
        sort = "contract"
    direction = "desc" if direction == "desc" else "asc"
    present = [r for r in rows if _sort_value(r, sort) is not None]
    missing = [r for r in rows if _sort_value(r, sort) is None]  # no figure: always last
    present.sort(key=lambda r: (_sort_value(r, sort), r["contract"].code), reverse=direction == "desc")
    return Portfolio(columns=columns, rows=present + missing, sort=sort, direction=direction)


__all__ = ["Portfolio", "PortfolioCell", "portfolio"]
