"""Charts drawn by the app as SVG: nothing is fetched from anywhere."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from .models import Grade

TIERS = ["Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"]
# Colour-blind-safe palette (Okabe–Ito), dark enough on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56650B", "#7A5195", "#A6761D",
           "#1F4E79", "#8C2D04", "#006D5B"]


def grade_history_svg(
    grades: list[Grade], width: int = 720, height: int = 280
) -> tuple[SafeString, list[tuple[str, str]]]:
    """A line per area across inspections on the five tiers, and its key (area, colour)."""
    if not grades:
        return mark_safe(""), []
    columns: OrderedDict[int, str] = OrderedDict()
    for g in grades:
        label = (f"{g.inspection.published:%b %Y}" if g.inspection.published
                 else g.inspection.title[:12])
        columns.setdefault(g.inspection_id, label)
    series: OrderedDict[str, dict[int, int]] = OrderedDict()
    for g in grades:
        series.setdefault(g.area, {})[g.inspection_id] = g.score
    left, right, top, bottom = 150, 30, 20, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = {key: left + (plot_w * i / max(len(columns) - 1, 1) if len(columns) > 1 else plot_w / 2)
          for i, key in enumerate(columns)}

    def y(score: int) -> float:
        return top + plot_h - plot_h * (score - 1) / 4

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="grade-chart-title" class="chart">',
        '<title id="grade-chart-title">Graded judgments over time, one line per area</title>',
    ]
    for score, tier in enumerate(TIERS, start=1):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(score):.1f}" '
                     f'y2="{y(score):.1f}" stroke="#b1b4b6" stroke-width="1"/>')
        parts.append(f'<text x="{left - 8}" y="{y(score) + 4:.1f}" text-anchor="end" '
                     f'font-size="12" fill="#0b0c0c">{tier}</text>')
    for key, label in columns.items():
        parts.append(f'<text x="{xs[key]:.1f}" y="{height - bottom + 20}" text-anchor="middle" '
                     f'font-size="12" fill="#0b0c0c">{escape(label)}</text>')
    for i, (area, points) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        coords = [(xs[k], y(points[k])) for k in columns if k in points]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="2.5"/>')
        for x, yy in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4.5" fill="{colour}">'
                         f"<title>{escape(area)}</title></circle>")
    parts.append("</svg>")
    legend = [(area, PALETTE[i % len(PALETTE)]) for i, area in enumerate(series)]
    return mark_safe("".join(parts)), legend  # noqa: S308 - all text is escaped above
