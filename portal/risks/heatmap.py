"""The 5 x 5 heat map as plain data for a real HTML table (the page, the dashboard tile and PDFs
share one template: templates/risks/_heatmap.html). Impact runs down from severe, likelihood
across from rare; each cell has its count, its band (colour and words) and a link to its risks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.risks import scoring


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int
    band: str
    url: str | None

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band_label(self) -> str:
        return scoring.BAND_LABELS[self.band]


@dataclass(frozen=True)
class HeatMap:
    title: str
    basis: str  # residual | inherent
    kind: str
    rows: list[tuple[int, str, list[Cell]]]  # (impact, impact label, cells by likelihood)
    total: int

    @property
    def columns(self) -> list[tuple[int, str]]:
        return list(scoring.LIKELIHOODS.items())

    def by_band(self) -> dict[str, int]:
        counts = {name: 0 for name in reversed(scoring.BANDS)}
        for _impact, _label, cells in self.rows:
            for cell in cells:
                counts[cell.band] += cell.count
        return counts


def heat_map(title: str, counts: dict[tuple, int], *, kind: str = "threat", basis: str = "residual",
             link: Callable[[int, int], str] | None = None) -> HeatMap:
    """`counts`: {(kind, likelihood, impact): n} as `queries.position_counts` gives them.
    `link(likelihood, impact)`: the URL of a cell's risks (cells with none get no link)."""
    rows = []
    total = 0
    for impact in range(5, 0, -1):
        cells = []
        for likelihood in range(1, 6):
            count = counts.get((kind, likelihood, impact), 0)
            total += count
            url = link(likelihood, impact) if link is not None and count else None
            cells.append(Cell(likelihood, impact, count, scoring.band(likelihood * impact), url))
        rows.append((impact, scoring.IMPACTS[impact], cells))
    return HeatMap(title=title, basis=basis, kind=kind, rows=rows, total=total)
