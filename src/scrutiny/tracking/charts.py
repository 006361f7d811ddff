"""The board pack's chart, drawn by the app: SVG for pages and PDF, PNG for Word.

Stacked columns, one per month, of open findings by RAG.  Both drawings come from the
same figures, which the pack also prints as a table (so the chart is never the only
way to read them).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK colours; each band also carries its name in the key and the table.
COLOURS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c"}
NAMES = {"red": "Red", "amber": "Amber", "green": "Green"}
ORDER = ["green", "amber", "red"]  # bottom to top
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]


def _layout(chart: dict[str, Any], width: int, height: int) -> dict[str, Any]:
    months = chart["months"]
    totals = [sum(chart["series"][k][i] for k in ORDER) for i in range(len(months))]
    top = max([*totals, 1])
    step = 1 if top <= 10 else 5 if top <= 50 else 10 if top <= 100 else 50 if top <= 500 else 100
    top = ((top + step - 1) // step) * step
    left, right, upper, lower = 48, 12, 16, 52
    plot_w, plot_h = width - left - right, height - upper - lower
    slot = plot_w / max(len(months), 1)
    return {"months": months, "top": top, "step": step, "left": left, "upper": upper,
            "plot_w": plot_w, "plot_h": plot_h, "slot": slot, "bar": slot * 0.62,
            "lower": lower}


def _bars(chart: dict[str, Any], g: dict[str, Any]) -> list[tuple[str, int, float, float, float]]:
    """(band, count, x, y, height) of each coloured block."""
    out = []
    for i in range(len(g["months"])):
        x = g["left"] + g["slot"] * i + (g["slot"] - g["bar"]) / 2
        base = g["upper"] + g["plot_h"]
        for band in ORDER:
            n = chart["series"][band][i]
            h = g["plot_h"] * n / g["top"]
            if n:
                out.append((band, n, x, base - h, h))
            base -= h
    return out


def rag_history_svg(chart: dict[str, Any], width: int = 760, height: int = 300) -> SafeString:
    g = _layout(chart, width, height)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             'role="img" aria-labelledby="rag-chart-title" class="chart">',
             '<title id="rag-chart-title">Open findings by RAG at the end of each month; '
             'the figures are in the table below</title>']
    for value in range(0, g["top"] + 1, g["step"]):
        y = g["upper"] + g["plot_h"] - g["plot_h"] * value / g["top"]
        parts.append(f'<line x1="{g["left"]}" x2="{width - 12}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#b1b4b6" stroke-width="1"/>')
        parts.append(f'<text x="{g["left"] - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'font-size="11" fill="#0b0c0c">{value}</text>')
    for band, n, x, y, h in _bars(chart, g):
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{g["bar"]:.1f}" height="{h:.1f}" '
                     f'fill="{COLOURS[band]}"><title>{NAMES[band]}: {n}</title></rect>')
    for i, month in enumerate(g["months"]):
        x = g["left"] + g["slot"] * (i + 0.5)
        y = g["upper"] + g["plot_h"] + 16
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="10" '
                     f'fill="#0b0c0c">{escape(month.split()[0])}</text>')
        if i == 0 or month.startswith("Jan"):
            parts.append(f'<text x="{x:.1f}" y="{y + 13:.1f}" text-anchor="middle" '
                         f'font-size="10" fill="#0b0c0c">{escape(month.split()[-1])}</text>')
    x = g["left"]
    for band in reversed(ORDER):
        parts.append(f'<rect x="{x}" y="{height - 16}" width="12" height="12" '
                     f'fill="{COLOURS[band]}"/>')
        parts.append(f'<text x="{x + 16}" y="{height - 6}" font-size="11" '
                     f'fill="#0b0c0c">{NAMES[band]}</text>')
        x += 80
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - the only text is escaped or numbers


def _font(size: int) -> Any:
    from PIL import ImageFont

    for path in FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def rag_history_png(chart: dict[str, Any], width: int = 1520, height: int = 600) -> bytes:
    """The same chart as a PNG (Word cannot show SVG), drawn at twice the size for print."""
    from PIL import Image, ImageDraw

    scale = 2
    g = _layout(chart, width // scale, height // scale)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(11 * scale)
    for value in range(0, g["top"] + 1, g["step"]):
        y = (g["upper"] + g["plot_h"] - g["plot_h"] * value / g["top"]) * scale
        draw.line([(g["left"] * scale, y), (width - 12 * scale, y)], fill="#b1b4b6", width=2)
        draw.text((g["left"] * scale - 8, y), str(value), fill="#0b0c0c", font=font, anchor="rm")
    for band, _n, x, y, h in _bars(chart, g):
        draw.rectangle([x * scale, y * scale, (x + g["bar"]) * scale, (y + h) * scale],
                       fill=COLOURS[band])
    for i, month in enumerate(g["months"]):
        x = (g["left"] + g["slot"] * (i + 0.5)) * scale
        y = (g["upper"] + g["plot_h"] + 10) * scale
        draw.text((x, y), month.split()[0], fill="#0b0c0c", font=font, anchor="mt")
        if i == 0 or month.startswith("Jan"):
            draw.text((x, y + 13 * scale), month.split()[-1], fill="#0b0c0c", font=font,
                      anchor="mt")
    x = g["left"] * scale
    for band in reversed(ORDER):
        draw.rectangle([x, height - 16 * scale, x + 12 * scale, height - 4 * scale],
                       fill=COLOURS[band])
        draw.text((x + 16 * scale, height - 10 * scale), NAMES[band], fill="#0b0c0c", font=font,
                  anchor="lm")
        x += 80 * scale
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def area_bars_svg(areas: list[tuple[str, int]], width: int = 760) -> SafeString:
    """Open findings by area as horizontal bars (the figures also printed in a table)."""
    row, left, right = 22, 260, 40
    height = row * max(len(areas), 1) + 16
    top = max([n for _, n in areas] or [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             'role="img" aria-labelledby="area-chart-title" class="chart">',
             '<title id="area-chart-title">Open findings by area; the figures are in the '
             'table below</title>']
    for i, (area, n) in enumerate(areas):
        y = 8 + i * row
        label = area if len(area) <= 40 else area[:39] + "…"
        w = (width - left - right) * n / top
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" font-size="11" '
                     f'fill="#0b0c0c">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                     f'fill="#1d70b8"><title>{escape(area)}: {n}</title></rect>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}" font-size="11" '
                     f'fill="#0b0c0c">{n}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - the only text is escaped or numbers
