"""Charts drawn by the app as SVG: nothing is fetched from anywhere."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

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


# Grades, best first, on a diverging colour-blind-safe scale (ColorBrewer PuOr), each with
# a text colour that reads on it.
GRADE_COLOURS = {
    "outstanding": ("#5e3c99", "#ffffff"),
    "good": ("#b2abd2", "#0b0c0c"),
    "adequate": ("#f7f7f7", "#0b0c0c"),
    "requires_improvement": ("#fdb863", "#0b0c0c"),
    "inadequate": ("#e66101", "#0b0c0c"),
}


def _stacked_bar(x: float, y: float, width: float, height: float, counts: list[int],
                 tiers: list[tuple[str, str]], what: str) -> tuple[list[str], dict[str, float]]:
    """One 100% bar of forces by grade; returns its parts and each tier's centre."""
    total = sum(counts)
    parts: list[str] = []
    centres: dict[str, float] = {}
    if not total:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}" '
                     f'fill="none" stroke="#b1b4b6"/>')
        parts.append(f'<text x="{x + 6:.1f}" y="{y + height - 5:.1f}" font-size="12" '
                     f'fill="#505a5f">none graded</text>')
        return parts, centres
    left = x
    for (value, label), n in zip(tiers, counts, strict=True):
        w = width * n / total
        if n:
            centres[value] = left + w / 2
            fill, ink = GRADE_COLOURS[value]
            parts.append(f'<rect x="{left:.1f}" y="{y:.1f}" width="{w:.1f}" height="{height}" '
                         f'fill="{fill}" stroke="#505a5f" stroke-width="0.5">'
                         f'<title>{escape(label)}: {n} of {total} {escape(what)}</title></rect>')
            if w >= 18:
                parts.append(f'<text x="{left + w / 2:.1f}" y="{y + height - 5:.1f}" '
                             f'text-anchor="middle" font-size="12" fill="{ink}">{n}</text>')
        left += w
    return parts, centres


def grade_comparison_svg(rows: list[Any], force: str, tiers: list[tuple[str, str]],
                         width: int = 720) -> SafeString:
    """Per graded area: every force's grades and the most similar forces' grades as 100%
    bars by grade, with a marker over this force's own grade."""
    if not rows:
        return mark_safe("")
    label_w, right, bar_h, block = 150, 20, 20, 92
    bar_w = width - label_w - right
    height = 40 + block * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="comparison-title" class="chart">',
        f'<title id="comparison-title">{escape(force)} against every force graded and its '
        f'most similar forces, by area</title>',
    ]
    x = 0.0
    for value, label in tiers:  # the key
        fill, _ = GRADE_COLOURS[value]
        parts.append(f'<rect x="{x:.1f}" y="4" width="14" height="14" fill="{fill}" '
                     f'stroke="#505a5f"/><text x="{x + 18:.1f}" y="16" font-size="12" '
                     f'fill="#0b0c0c">{escape(label)}</text>')
        x += 26 + 7.2 * len(label)
    for i, row in enumerate(rows):
        top = 40 + block * i
        mine = dict(tiers).get(row.grade, "not graded") if row.grade else "not graded"
        parts.append(f'<text x="0" y="{top + 12}" font-size="13" font-weight="bold" '
                     f'fill="#0b0c0c">{escape(row.area)} — {escape(force)}: '
                     f'{escape(mine)}</text>')
        national_y, similar_y = top + 26, top + 26 + bar_h + 12
        for y, counts, name, what in (
                (national_y, row.national_cells(), "All forces", "forces graded"),
                (similar_y, row.similar_cells(), "Most similar", "most similar forces graded")):
            n = sum(counts)
            parts.append(f'<text x="{label_w - 8}" y="{y + bar_h - 5}" text-anchor="end" '
                         f'font-size="12" fill="#0b0c0c">{name} ({n})</text>')
            drawn, centres = _stacked_bar(label_w, y, bar_w, bar_h, counts, tiers, what)
            parts.extend(drawn)
            if row.grade in centres:  # this force's grade: a marker above the segment
                cx = centres[row.grade]
                parts.append(f'<path d="M{cx - 6:.1f},{y - 7} L{cx + 6:.1f},{y - 7} '
                             f'L{cx:.1f},{y - 1} Z" fill="#0b0c0c">'
                             f'<title>{escape(force)}: {escape(mine)}</title></path>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - all text is escaped above
