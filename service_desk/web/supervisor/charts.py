"""Geometry of the dashboard's server-side SVG bar charts (no JavaScript, no CDN).

Same drawing as the Indicador 3 trend (web/reports/charts.py, reused for the
percentages); these add bars on a count scale and stacked bars per series.
Every chart is also printed as a table for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from service_desk.web.reports.charts import HEIGHT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, WIDTH

# Fill colours with at least 3:1 contrast against white (WCAG 1.4.11) and between neighbours.
PALETTE = ("#1f5f8b", "#b35900", "#2e7d32", "#7a1a3a", "#5e35b1", "#00695c", "#6d4c41", "#c62828",
           "#37474f")


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    label: str
    series: str
    value: float
    colour: str


def _scale_max(values: list[float]) -> int:
    """A round top for the scale, divisible by 4 so the quarter grid lines are whole numbers."""
    top = max([v for v in values if v is not None] or [0])
    step = 10 ** max(len(str(int(top))) - 1, 0)
    rounded = ((int(top) // step) + 1) * step
    return max(4, -(-rounded // 4) * 4)


def stacked_bars(labels: list[str], series: list[tuple[str, list[float]]]) -> dict:
    """One bar per label, stacked by series; the scale starts at 0 and ends at a round number."""
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    totals = [sum(values[i] or 0 for _, values in series) for i in range(len(labels))]
    top = _scale_max(totals)
    slot = (WIDTH - MARGIN_LEFT) / max(len(labels), 1)
    segments = []
    for i, label in enumerate(labels):
        base = MARGIN_TOP + plot_height
        for n, (name, values) in enumerate(series):
            value = values[i] or 0
            height = plot_height * value / top
            base -= height
            if value:
                segments.append(Segment(MARGIN_LEFT + i * slot + slot * 0.2, base, slot * 0.6, height,
                                        label, name, value, PALETTE[n % len(PALETTE)]))
    grid = [(MARGIN_TOP + plot_height * (1 - f), round(top * f)) for f in (0, .25, .5, .75, 1)]
    ticks = [(MARGIN_LEFT + i * slot + slot / 2, label) for i, label in enumerate(labels)]
    legend = [(name, PALETTE[n % len(PALETTE)]) for n, (name, _) in enumerate(series)]
    return {"width": WIDTH, "height": HEIGHT, "left": MARGIN_LEFT, "segments": segments,
            "grid": grid, "ticks": ticks, "legend": legend, "baseline": MARGIN_TOP + plot_height,
            "totals": totals}


def count_bars(points: list[tuple[str, float | None]]) -> dict:
    """Plain bars on a count scale (one series)."""
    chart = stacked_bars([label for label, _ in points], [("", [v or 0 for _, v in points])])
    top = chart["grid"][-1][1] or 1
    plot_height = chart["baseline"] - MARGIN_TOP
    # The value printed just above its bar.
    chart["numbers"] = [(x, chart["baseline"] - plot_height * (v or 0) / top - 3, v)
                        for (x, _), (_, v) in zip(chart["ticks"], points, strict=True)]
    return chart
