"""A story's articles per day by source, as a stacked bar chart in inline SVG (drawn on the server)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storyline.model import Article

PALETTE = ("#3f6fa3", "#d08b35", "#4f9a6a", "#b5544c", "#7b6aae", "#3f9aa5", "#9c7a4f")
OTHER_COLOR = "#9aa0a8"
OTHER = "other sources"
UNKNOWN = "unknown source"
MAX_DAYS = 62  # longer spans are drawn per week, beyond two years per month, beyond ten per year

W, H = 640, 170
LEFT, RIGHT, TOP, BOTTOM = 30, 6, 8, 22
MAX_BAR = 56


@dataclass(slots=True)
class Chart:
    unit: str  # "day", "week", "month" or "year"
    buckets: list[dt.date] = field(default_factory=list)  # first day of each bucket, no gaps
    sources: list[str] = field(default_factory=list)  # stacking order, biggest first
    counts: dict[tuple[dt.date, str], int] = field(default_factory=dict)
    undated: int = 0

    def colors(self) -> dict[str, str]:
        return {s: OTHER_COLOR if s == OTHER else PALETTE[i % len(PALETTE)] for i, s in enumerate(self.sources)}

    def legend(self) -> list[dict[str, Any]]:
        totals = Counter()
        for (_, source), n in self.counts.items():
            totals[source] += n
        colors = self.colors()
        return [{"source": s, "color": colors[s], "count": totals[s]} for s in self.sources]

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "sources": self.sources,
            "buckets": [
                {"date": b.isoformat(), "counts": {s: self.counts[(b, s)] for s in self.sources if (b, s) in self.counts}}
                for b in self.buckets
            ],
            "undated": self.undated,
        }

    def svg(self) -> str:
        return draw(self)


def count(articles: list[Article]) -> Chart:
    dated = [a for a in articles if a.published]
    if not dated:
        return Chart(unit="day", undated=len(articles))
    first = min(a.published for a in dated)
    last = max(a.published for a in dated)
    span = (last - first).days
    unit = "day" if span < MAX_DAYS else "week" if span < 730 else "month" if span < 3653 else "year"
    per_source = Counter(a.source or UNKNOWN for a in dated)
    top = [s for s, _ in per_source.most_common(len(PALETTE))]
    sources = top + ([OTHER] if len(per_source) > len(top) else [])
    counts: Counter = Counter()
    for a in dated:
        source = a.source or UNKNOWN
        counts[(_bucket(a.published, unit), source if source in top else OTHER)] += 1
    return Chart(unit, _buckets(first, last, unit), sources, dict(counts), len(articles) - len(dated))


def _bucket(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())  # 0001-01-01 is a Monday: never below it
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date | None:
    """The first day of the bucket after ``day``'s; None past 9999-12-31."""
    try:
        if unit == "year":
            return day.replace(year=day.year + 1)
        if unit == "month":
            return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
        return day + dt.timedelta(days=7 if unit == "week" else 1)
    except (OverflowError, ValueError):
        return None


def _buckets(first: dt.date, last: dt.date, unit: str) -> list[dt.date]:
    out, day = [], _bucket(first, unit)
    while day is not None and day <= last:
        out.append(day)
        day = _next(day, unit)
    return out


def _label(day: dt.date, unit: str) -> str:
    if unit == "year":
        return str(day.year)
    return f"{day:%b %Y}" if unit == "month" else f"{day.day} {day:%b}"


def draw(chart: Chart) -> str:
    """The chart as an <svg> element string; every text goes through ElementTree, so it is escaped."""
    totals = {b: sum(chart.counts.get((b, s), 0) for s in chart.sources) for b in chart.buckets}
    peak = max(totals.values(), default=0) or 1
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(len(chart.buckets), 1)
    step = plot_w / n
    bar = min(max(step * 0.72, 1.0), MAX_BAR)
    label = f"Articles per {chart.unit} by source"
    svg = ET.Element(
        "svg",
        {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {W} {H}", "class": "chart", "role": "img", "aria-label": label},
    )
    ET.SubElement(svg, "title").text = label
    for value in sorted({0, peak, peak // 2} if peak >= 4 else {0, peak}):
        y = TOP + plot_h - plot_h * value / peak
        ET.SubElement(svg, "line", {"x1": str(LEFT), "x2": str(W - RIGHT), "y1": f"{y:.1f}", "y2": f"{y:.1f}", "class": "grid"})
        ET.SubElement(svg, "text", {"x": str(LEFT - 6), "y": f"{y + 4:.1f}", "text-anchor": "end", "class": "tick"}).text = str(value)
    colors = chart.colors()
    for i, b in enumerate(chart.buckets):
        x = LEFT + i * step + (step - bar) / 2
        base = TOP + plot_h
        for source in chart.sources:
            k = chart.counts.get((b, source), 0)
            if not k:
                continue
            h = plot_h * k / peak
            base -= h
            rect = ET.SubElement(
                svg,
                "rect",
                {"x": f"{x:.1f}", "y": f"{base:.1f}", "width": f"{bar:.1f}", "height": f"{h:.1f}", "fill": colors[source]},
            )
            ET.SubElement(rect, "title").text = f"{_label(b, chart.unit)}: {source}, {k} article{'s' * (k != 1)}"
    shown = {0, n - 1, n // 2} if n > 2 else set(range(n))
    for i in sorted(shown):
        if i < len(chart.buckets):
            x = LEFT + i * step + step / 2
            ET.SubElement(svg, "text", {"x": f"{x:.1f}", "y": str(H - 6), "text-anchor": "middle", "class": "tick"}).text = _label(
                chart.buckets[i], chart.unit
            )
    return ET.tostring(svg, encoding="unicode")
