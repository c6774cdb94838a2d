"""Build inputs/national-data-illustrative.csv and inputs/neighbours.csv, the sample's national data and
comparator areas, for perfreport benchmarks import.

The table is laid out as national downloads are (one row per area, metric and period, with a unit), for
England's 21 county councils and England, over ten quarters, Q1 2021/22 to Q2 2023/24, for the two metrics
the sample's indicators 182 and 183 name as their Benchmark metric. Every figure is illustrative, invented
for the sample: only Cambridgeshire's own are its workbook's. Some are withheld, as releases withhold
them, marked [c] (too few cases to publish) or [x] (not collected), so that one quarter has too few of the
neighbours for a mean. The areas' names and codes are ONS's; the ten neighbours are a list in the manner of
CIPFA's nearest neighbours, chosen for illustration.
Run: python tools/build_national_sample.py
"""

from __future__ import annotations

import csv
import io
import random

from shipping import ship

from perfreport.shipped import NATIONAL_SAMPLE, NEIGHBOURS_SAMPLE, SAMPLE, shipped
from perfreport.workbook.reader import read_workbook

COUNTIES = {
    "E10000003": "Cambridgeshire", "E10000007": "Derbyshire", "E10000008": "Devon", "E10000011": "East Sussex",
    "E10000012": "Essex", "E10000013": "Gloucestershire", "E10000014": "Hampshire", "E10000015": "Hertfordshire",
    "E10000016": "Kent", "E10000017": "Lancashire", "E10000018": "Leicestershire", "E10000019": "Lincolnshire",
    "E10000020": "Norfolk", "E10000024": "Nottinghamshire", "E10000025": "Oxfordshire", "E10000028": "Staffordshire",
    "E10000029": "Suffolk", "E10000030": "Surrey", "E10000031": "Warwickshire", "E10000032": "West Sussex",
    "E10000034": "Worcestershire",
}  # fmt: skip
AREA = "E10000003"
NEIGHBOURS = ("E10000025", "E10000015", "E10000013", "E10000032", "E10000031", "E10000034", "E10000018",
              "E10000029", "E10000012", "E10000020")  # fmt: skip
PERIODS = [f"Q{quarter} {year}" for year in ("2021/22", "2022/23", "2023/24") for quarter in (1, 2, 3, 4)][:10]
# metric: (indicator it is the benchmark of, the typical figure, how far areas spread either side)
METRICS = {
    "FOI requests answered within 20 working days": ("182", 86.0, 7.0),
    "Subject access requests answered within one month": ("183", 79.0, 9.0),
}
WITHHELD = {  # (metric's indicator, period, area): marker
    ("182", "Q3 2022/23", "E10000031"): "[c]",
    **{("183", "Q1 2022/23", code): "[x]" for code in NEIGHBOURS[:6]},  # not collected from most that quarter
    ("183", "Q4 2022/23", "E10000018"): "[c]",
}


def own_figures() -> dict[tuple[str, str], str]:
    """Cambridgeshire's figures as its workbook gives them, by (indicator, period)."""
    content = read_workbook(shipped(SAMPLE))
    figures = {(number, point.period): f"{point.value.value}" for number, point in content.history if point.value}
    figures |= {(i.number, "Q2 2023/24"): f"{i.current.value}" for i in content.indicators if i.current}
    return figures


def table() -> str:
    rows = [["Area code", "Area name", "Metric", "Period", "Value", "Unit"]]
    chance = random.Random(2023)
    own = own_figures()
    for metric, (indicator, typical, spread) in METRICS.items():
        for period in PERIODS:
            figures = {}
            for code in COUNTIES:
                figures[code] = f"{min(100.0, chance.uniform(typical - spread, typical + spread)):.1f}"
            if (indicator, period) in own:
                figures[AREA] = own[(indicator, period)]
            for code, name in COUNTIES.items():
                rows.append([code, name, metric, period, WITHHELD.get((indicator, period, code), figures[code]), "%"])
            england = sum(float(v) for v in figures.values()) / len(figures) + chance.uniform(-0.6, 0.6)
            rows.append(["E92000001", "England", metric, period, f"{england:.1f}", "%"])
    return _csv(rows)


def neighbours() -> str:
    return _csv([["Area code", "Area name"], *([code, COUNTIES[code]] for code in NEIGHBOURS)])


def _csv(rows: list[list[str]]) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()


if __name__ == "__main__":
    ship(NATIONAL_SAMPLE, lambda path: path.write_text(table(), encoding="utf-8", newline=""))
    ship(NEIGHBOURS_SAMPLE, lambda path: path.write_text(neighbours(), encoding="utf-8", newline=""))
