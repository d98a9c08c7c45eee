"""Registries that the features fill when they are imported and the upper layers read.

- panels on the public contract page (`register_public_panel`) and on the member's contract
  overview (`register_member_panel`): the public site and the overview show what the features
  offer without importing them;
- search sources (`register_search_source`): what of a feature is public and searchable; the
  search index reads them and follows changes to their models by itself;
- link kinds (`register_link_kind`): records other features may link to, resolved without
  importing the feature that owns them;
- record actions (`register_record_action`): a feature's button on another feature's record.

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


# ---- links between records of different features ---------------------------------------------


@dataclass(frozen=True)
class LinkedRecord:
    """Another feature's record as a link: enough to show it and to ask the access policy
    (`access.can(user, "view", linked)` reads contract_id, visibility and is_sensitive)."""

    kind: str
    ref_id: int
    contract_id: int
    title: str
    url: str
    visibility: str
    is_sensitive: bool = False


@dataclass(frozen=True)
class LinkKind:
    """A kind of record other features may link to (a KPI, a feedback item, a meeting, a risk...).

    `resolve(contract, ref_id)`: the LinkedRecord, or None when it is not that contract's.
    `choices(user, contract)`: (ref_id, label) pairs the user may pick, newest first (optional)."""

    kind: str
    label: str
    resolve: Callable
    choices: Callable | None = None


_LINK_KINDS: dict[str, LinkKind] = {}


def register_link_kind(link_kind: LinkKind) -> None:
    _LINK_KINDS[link_kind.kind] = link_kind


def link_kinds() -> list[LinkKind]:
    return sorted(_LINK_KINDS.values(), key=lambda k: k.label)


def resolve_link(kind: str, contract, ref_id: int):
    """The linked record, or None when the kind is unknown or the record is not the contract's."""
    link_kind = _LINK_KINDS.get(kind)
    return link_kind.resolve(contract, ref_id) if link_kind is not None else None


# ---- actions one feature offers on another's record -------------------------------------------


@dataclass(frozen=True)
class RecordAction:
    """A button on a record of kind `kind` (e.g. "feedback") that starts something in another
    feature (e.g. "Open an issue"): a GET link to `endpoint` with `code` and `link="kind:id"`,
    shown when the user holds `permission` on the contract."""

    kind: str
    label: str
    endpoint: str
    permission: str
    order: int = 50


_RECORD_ACTIONS: dict[tuple[str, str], RecordAction] = {}


def register_record_action(action: RecordAction) -> None:
    _RECORD_ACTIONS[(action.kind, action.endpoint)] = action


def record_actions(kind: str) -> list[RecordAction]:
    return sorted((a for a in _RECORD_ACTIONS.values() if a.kind == kind), key=lambda a: (a.order, a.label))
