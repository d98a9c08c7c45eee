"""Registries that the features fill when they are imported and the upper layers read.

- panels on the public contract page (`register_public_panel`) and on the member's contract
  overview (`register_member_panel`): the public site and the overview show what the features
  offer without importing them;
- search sources (`register_search_source`): what of a feature is public and searchable; the
  search index reads them and follows changes to their models by itself.

Nothing here imports a feature, so every feature may import it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable  # public: fn(contract); member: fn(user, contract) -> dict, or None to hide
    order: int


_PUBLIC: dict[str, Panel] = {}
_MEMBER: dict[str, Panel] = {}


def register_public_panel(name: str, template: str, context: Callable, order: int = 50) -> None:
    _PUBLIC[name] = Panel(name, template, context, order)


def register_member_panel(name: str, template: str, context: Callable, order: int = 50) -> None:
    _MEMBER[name] = Panel(name, template, context, order)


def _shown(panels: dict[str, Panel], *args) -> list[dict]:
    shown = []
    for panel in sorted(panels.values(), key=lambda p: (p.order, p.name)):
        data = panel.context(*args)
        if data is not None:
            shown.append({"name": panel.name, "template": panel.template, "data": data})
    return shown


def public_panels(contract) -> list[dict]:
    """The public contract page's panels, in order, each with the data its template needs."""
    return _shown(_PUBLIC, contract)


def member_panels(user, contract) -> list[dict]:
    """The member overview's panels for this user, in order."""
    return _shown(_MEMBER, user, contract)


@dataclass(frozen=True)
class SearchSource:
    """One kind of public, searchable record.

    `model`: the SQLAlchemy class; the index re-reads a record whenever a row of it changes.
    `document(record)`: a dict with title, body, url and optionally published_at, or None when
    the record is not (or no longer) public.
    `records(contract)`: every candidate record of a published contract, for a full rebuild.
    `still_public(ids)`: of these record ids, those public now (hits are checked at query time, so
    an index not yet refreshed never shows what stopped being public)."""

    kind: str
    model: type
    document: Callable
    records: Callable[..., Iterable]
    still_public: Callable[[list[int]], set[int]] | None = None


_SEARCH_SOURCES: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    _SEARCH_SOURCES[source.kind] = source


def search_sources() -> list[SearchSource]:
    return list(_SEARCH_SOURCES.values())
