"""Registries that the features fill when they are imported and the upper layers read.

- panels on the public contract page (`register_public_panel`) and on the member's contract
  overview (`register_member_panel`): the public site and the overview show what the features
  offer without importing them. The overview is the integrated dashboard: it lays the member
  panels out as tiles, each template renders one `<section class="portal-tile">` with an `h2`,
  a few headline figures and a link to the feature's list, and its context function answers in
  a fixed number of queries (tests/risks/test_dashboard_queries.py counts them);
- search sources (`register_search_source`): what of a feature is public and searchable; the
  search index reads them and follows changes to their models by itself;
- link kinds (`register_link_kind`): records other features may link to, resolved without
  importing the feature that owns them;
- record actions (`register_record_action`): a feature's button on another feature's record;
- excusal sources (`register_excusal_source`): records that excuse failures in the payment
  mechanism (an agreed relief event), asked by the payment review without importing their feature.
- indicators (`register_indicator`): a kind of record's recent results (a KPI met or missed), in
  bulk, so that another feature can ask "did the KPIs linked to this fail?" in one query;
- portfolio columns (`register_portfolio_column`): a feature's headline figure for each of a
  person's contracts in the portfolio table, computed for all of them at once.

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


_HOME: dict[str, Panel] = {}


def register_home_panel(name: str, template: str, context: Callable, order: int = 50) -> None:
    """A panel on a signed-in person's home page: context(user) -> dict, or None to hide."""
    _HOME[name] = Panel(name, template, context, order)


def home_panels(user) -> list[dict]:
    return _shown(_HOME, user)


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


# ---- what excuses a failure in the payment mechanism -----------------------------------------


@dataclass(frozen=True)
class Excusal:
    """A record that excuses a service failure: e.g. an agreed relief event covering the area
    and time of the failure. `label` says why in words; `url` opens the record."""

    kind: str
    reference: str
    label: str
    url: str


# name -> fn(contract_id, names, start, end) -> list[Excusal]: `names` are what failed (an area's
# name, a KPI's code), `start`/`end` the failure's aware datetimes (`end` None: not yet rectified).
_EXCUSAL_SOURCES: dict[str, Callable] = {}


def register_excusal_source(name: str, source: Callable) -> None:
    _EXCUSAL_SOURCES[name] = source


def excusals_for(contract_id: int, names: Iterable[str], start, end=None) -> list[Excusal]:
    """Every record that excuses a failure of `names` from `start` to `end` on the contract."""
    names = [n for n in names if n]
    found: list[Excusal] = []
    for name in sorted(_EXCUSAL_SOURCES):
        found.extend(_EXCUSAL_SOURCES[name](contract_id, names, start, end))
    return found
# ---- recent results of linked records (a KPI met or missed) -----------------------------------


@dataclass(frozen=True)
class IndicatorResult:
    """One period's result of a record other features link to (e.g. a KPI in a reporting month).

    `ok`: True met, False missed, None not measured. `contract_id` and `visibility` let the access
    policy decide who may read it (`access.can(user, "view", result)`)."""

    kind: str
    ref_id: int
    contract_id: int
    label: str  # e.g. "HD1 Helpdesk urgent response"
    period: str  # e.g. "October 2026"
    value: str  # e.g. "17 minutes (target 15)"
    ok: bool | None
    visibility: str = "partners"


# kind -> results(contract, ref_ids, periods) -> {ref_id: [IndicatorResult, newest first]}.
# A provider answers for many records in a fixed number of queries (the dashboard's budget), and
# for the contract's latest `periods` reported periods only.
_INDICATORS: dict[str, Callable] = {}


def register_indicator(kind: str, results: Callable) -> None:
    _INDICATORS[kind] = results


def indicator_results(kind: str, contract, ref_ids, periods: int = 1) -> dict[int, list[IndicatorResult]]:
    """The latest `periods` results of each of `ref_ids`, or {} when no feature provides `kind`."""
    provider = _INDICATORS.get(kind)
    ids = sorted({int(i) for i in ref_ids})
    if provider is None or not ids:
        return {}
    return provider(contract, ids, periods)


# ---- the portfolio: one row per contract of a person, columns from the features ---------------


@dataclass(frozen=True)
class PortfolioCell:
    """One contract's figure in a portfolio column: `value` sorts (a number, or None for "no
    figure"), `text` shows, `tone` ("bad", "warn", "good") marks what needs attention."""

    value: float | int | None
    text: str
    tone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class PortfolioColumn:
    """A feature's headline figure on the portfolio table.

    `values(user, contracts)` -> {contract_id: PortfolioCell} for the contracts on which the user
    may see the figure (others show a dash); it must answer for all the contracts in a fixed
    number of queries, whatever their number and size."""

    key: str
    label: str
    values: Callable
    order: int = 50
    higher_is_worse: bool = True  # the first click on the header sorts the worst first


_PORTFOLIO: dict[str, PortfolioColumn] = {}


def register_portfolio_column(column: PortfolioColumn) -> None:
    _PORTFOLIO[column.key] = column


def portfolio_columns() -> list[PortfolioColumn]:
    return sorted(_PORTFOLIO.values(), key=lambda c: (c.order, c.label))
