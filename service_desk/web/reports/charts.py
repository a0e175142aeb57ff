"""Geometry of the server-side SVG trend chart (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 520, 220
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 30, 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float | None


def percent_bars(points: list[tuple[str, float | None]]) -> dict:
    """Bars on a 0–100 % scale, the 100 % target line and the grid, ready for the template."""
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT) / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        height = plot_height * min(value or 0, 100) / 100
        bars.append(Bar(x=MARGIN_LEFT + i * slot + slot * 0.2, y=MARGIN_TOP + plot_height - height,
                        width=slot * 0.6, height=height, label=label, value=value))
    grid = [(MARGIN_TOP + plot_height * (1 - p / 100), p) for p in (0, 25, 50, 75, 100)]
    return {"width": WIDTH, "height": HEIGHT, "left": MARGIN_LEFT, "bars": bars, "grid": grid,
            "target_y": MARGIN_TOP, "baseline": MARGIN_TOP + plot_height}
