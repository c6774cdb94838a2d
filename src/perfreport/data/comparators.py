"""Comparator figures from national data: the statistical neighbours' mean and the England figure for each
metric and period, worked out exactly from the figures as published."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from perfreport.core.formatting import quantize
from perfreport.data.national import ENGLAND, NationalData

# English local authorities' codes: unitary, non-metropolitan district, metropolitan district, London borough,
# county. Regions (E12) and England itself (E92) are not among them.
ENGLISH_AUTHORITIES = r"E0[6-9]\d{6}|E10\d{6}"


@dataclass(frozen=True)
class Comparators:
    """One metric's comparators in one period: the neighbours' mean (None where too few have a figure), how many
    neighbours have a figure and how many were withheld, the England figure, and the data's decimals."""

    neighbours_mean: Decimal | None
    with_figure: int
    withheld: int
    england: Decimal | None
    decimals: int  # the most decimals the data gives the metric's figures


def round_to(value: Decimal, decimals: int) -> Decimal:
    """``value`` to ``decimals`` places, halves rounded up as people round: 64.25 to one place is 64.3."""
    return quantize(value, decimals)


def work_out(data: NationalData, metrics: set[str], neighbours: list[str], fewest: int,
             england_from_areas: bool = False) -> dict[tuple[str, str], Comparators]:
    """The comparators of each (metric key, period) of ``metrics`` in the data. A neighbours' mean needs at least
    ``fewest`` neighbours with a figure; the England figure is the England row's, else, with
    ``england_from_areas``, the mean of every English authority's figure."""
    figures = data.figures[data.figures["metric_key"].isin(metrics)]
    keys = ["metric_key", "period"]
    decimals = figures.groupby(keys)["decimals"].max()
    chosen = figures[figures["area"].isin(neighbours)]
    counted = chosen.groupby(keys).agg(with_figure=("value", "count"), withheld=("suppressed", "sum"))
    means = _exact_means(chosen, decimals)
    named_england = {name for name in figures["name"].unique() if name.casefold() == "england"}
    england = figures[(figures["area"] == ENGLAND) | figures["name"].isin(named_england)]
    england_figures = _exact_means(england, decimals)
    authorities = {area for area in figures["area"].unique() if re.fullmatch(ENGLISH_AUTHORITIES, area)}
    areas = _exact_means(figures[figures["area"].isin(authorities)], decimals)
    with_figures, withheld_figures = counted["with_figure"].to_dict(), counted["withheld"].to_dict()
    found: dict[tuple[str, str], Comparators] = {}
    for key, places in decimals.items():
        with_figure, withheld = int(with_figures.get(key, 0)), int(withheld_figures.get(key, 0))
        mean = means.get(key) if with_figure >= fewest else None
        figure = england_figures.get(key)
        if figure is None and england_from_areas:
            figure = areas.get(key)
        found[key] = Comparators(mean, with_figure, withheld, figure, int(places))
    return found


def _exact_means(figures: pd.DataFrame, decimals: pd.Series) -> dict[tuple[str, str], Decimal]:
    """The mean figure of each (metric key, period), exact: figures are summed as whole numbers of their
    smallest decimal place (64.2 and 61.85 as 6420 and 6185 hundredths), then divided as decimals."""
    given = figures[figures["value"].notna()]
    if given.empty:
        return {}
    places = decimals.reindex(pd.MultiIndex.from_frame(given[["metric_key", "period"]])).to_numpy()
    whole = (given["value"].to_numpy() * 10.0 ** places).round().astype("int64")
    sums = pd.DataFrame({"metric_key": given["metric_key"].to_numpy(), "period": given["period"].to_numpy(),
                         "whole": whole}).groupby(["metric_key", "period"])["whole"].agg(["sum", "count"])
    means, places = {}, decimals.to_dict()
    for key, total, count in zip(sums.index, sums["sum"], sums["count"]):
        means[key] = Decimal(int(total)).scaleb(-int(places[key])) / count
    return means
