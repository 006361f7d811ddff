"""Pages laid out in two columns: find the gutter and read each column in turn.

A page is in columns when a vertical gap near its middle is crossed by almost no
line and the text on each side fills its column (prose runs to the column's edge),
unlike a two-column table of short labels and values.  Lines that span the gutter
(a title, a full-width figure caption) divide the page into bands; each band is read
left column first, then right.
"""

from __future__ import annotations

from .pdflayout import MARGIN_BAND, Line, Segment

# Lines in reading order, and the column's left and right edges (None for a line across the page).
Region = tuple[list[Line], float | None, float | None]


def document_columns(pages: list[tuple[list[Line], float, float]]) -> list[list[Region] | None]:
    """Each page's parts in reading order, for a document whose pages are laid out in columns.

    A page with too few lines to show its own gutter (a short last page) takes the gutter
    the document's other pages share, if none of its lines crosses it.
    """
    gutters = [_gutter(_prose(lines, height), width) if len(lines) >= 8 and width > 0 else None
               for lines, height, width in pages]
    found = [round(g) for g in gutters if g is not None]
    shared = max(set(found), key=found.count) if found else None
    result: list[list[Region] | None] = []
    for (lines, height, _), gutter in zip(pages, gutters, strict=True):
        prose = _prose(lines, height)
        crossing = sum(1 for line in prose if any(s.left < (shared or 0) < s.right for s in line.segments))
        if gutter is None and shared is not None and prose and crossing <= len(prose) * 0.15:
            gutter = shared
        result.append(columns(lines, gutter, height) if gutter is not None else None)
    # Each column's left edge is the edge its column has across the document, not where its
    # own first line starts: a column holding only indented list items starts at its bullets.
    edges: dict[bool, float] = {}
    for parts, gutter in zip(result, gutters, strict=True):
        for _, left, _ in parts or []:
            if left is not None:
                side = left < (gutter or shared or 0)
                edges[side] = min(edges.get(side, left), left)
    for parts, gutter in zip(result, gutters, strict=True):
        for i, (lines, left, right) in enumerate(parts or []):
            if parts is not None and left is not None:
                parts[i] = (lines, edges[left < (gutter or shared or 0)], right)
    return result


def columns(lines: list[Line], gutter: float, height: float) -> list[Region]:
    """The page's parts in reading order, its two columns divided at ``gutter``.

    Lines in the top and bottom margins (a heading or footer left on a single page)
    stay parts of their own rather than joining a column's text.
    """
    parts: list[Region] = []
    left: list[Line] = []
    right: list[Line] = []

    def close_band() -> None:
        if left:
            parts.append((list(left), min(line.left for line in left), max(line.right for line in left)))
        if right:
            parts.append((list(right), min(line.left for line in right), max(line.right for line in right)))
        left.clear()
        right.clear()

    across: list[Line] = []  # lines spanning the gutter, read as one part
    for line in lines:
        crossing = [s for s in line.segments if s.left < gutter < s.right]
        # A run overflowing its column (a long web address) beside the other column's text is
        # not a line across the page.
        overflow = bool(crossing) and len(line.segments) == 2 and line.segments[1].left >= gutter
        spans = (bool(crossing) and not overflow) or _in_margin(line, height)
        # A line tight under a spanning table row, within its cells, is a cell's wrapped text.
        follows = bool(across) and not left and not right and \
            0 < across[-1].baseline - line.baseline <= line.size * 1.6 and _within_cells(line, across)
        if spans or follows:
            if not across:
                close_band()
            across.append(line)
            continue
        if across:
            parts.append((list(across), None, None))
            across.clear()
        before = [s for s in line.segments if s.left < gutter and s.right <= gutter or s in crossing]
        after = [s for s in line.segments if s.left >= gutter]
        if before:
            left.append(_cut(line, before))
        if after:
            right.append(_cut(line, after))
    if across:
        parts.append((list(across), None, None))
    close_band()
    return parts


def _prose(lines: list[Line], height: float) -> list[Line]:
    """The page's lines of running text: not in the margins, not a table row of several cells."""
    return [line for line in lines if not _in_margin(line, height) and len(line.segments) < 3]


def _within_cells(line: Line, rows: list[Line]) -> bool:
    """Does every run of the line start at a cell of the rows above and end before the next?"""
    anchors = sorted({round(s.left) for row in rows if len(row.segments) >= 2 for s in row.segments})
    if len(anchors) < 2:
        return False
    for seg in line.segments:
        start = next((a for a in anchors if abs(a - seg.left) <= 4), None)
        if start is None:
            return False
        later = [a for a in anchors if a > start + 4]
        if later and seg.right > later[0]:
            return False
    return True


def _in_margin(line: Line, height: float) -> bool:
    return line.baseline > height * (1 - MARGIN_BAND) or line.baseline < height * MARGIN_BAND


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of a gutter between two columns of prose, if the page has one."""
    # How many lines cross each point of the page's middle, from one pass over their runs.
    steps = int(width) + 2
    change = [0] * (steps + 1)
    for line in lines:
        for s in line.segments:
            # Clipped to the page: a damaged file can place text beyond its edges.
            first, last = max(int(s.left) + 1, 0), min(int(s.right - 1e-9), steps - 1)
            if first <= last:
                change[first] += 1
                change[last + 1] -= 1
    covered, running = [], 0
    for delta in change:
        running += delta
        covered.append(running)
    crossing = [(covered[int(x)], float(x)) for x in range(int(width * 0.3), int(width * 0.7) + 1, 2)]
    if not crossing:
        return None
    fewest = min(n for n, _ in crossing)
    if fewest > len(lines) * 0.15:
        return None
    run = [x for n, x in crossing if n == fewest]
    # The middle of the longest run of positions crossed by fewest lines.
    best: list[float] = []
    current: list[float] = []
    for x in run:
        if current and x - current[-1] > 2.5:
            current = []
        current.append(x)
        if len(current) > len(best):
            best = list(current)
    gutter = best[len(best) // 2]
    sides = [[s for s in line.segments if (s.right <= gutter) == side and not (s.left < gutter < s.right)]
             for side in (True, False) for line in lines]
    left_segments = [segs for segs in sides[: len(lines)] if segs]
    right_segments = [segs for segs in sides[len(lines):] if segs]
    if len(left_segments) < len(lines) * 0.3 or len(right_segments) < len(lines) * 0.3:
        return None
    left_fill, right_fill = _fills(left_segments), _fills(right_segments)
    if min(left_fill, right_fill) >= 0.35:
        return gutter
    # Two columns of equal width either side of the page's middle, one of them prose, the other
    # with short lines too (a letter's header, a list of names) - not a table of labels and values.
    spans = [_span(left_segments), _span(right_segments)]
    balanced = abs(spans[0] - spans[1]) <= width * 0.08 and abs(gutter - width / 2) <= width * 0.06
    if balanced and max(left_fill, right_fill) >= 0.5 and min(left_fill, right_fill) >= 0.15:
        return gutter
    return None


def _span(side: list[list[Segment]]) -> float:
    return max(s.right for segs in side for s in segs) - min(s.left for segs in side for s in segs)


def _fills(side: list[list[Segment]]) -> float:
    """The share of one side's lines that run to the column's edge, as prose does."""
    rights = [max(s.right for s in segs) for segs in side]
    span = _span(side)
    if span <= 0:
        return 0.0
    edge = max(rights)
    return sum(1 for r in rights if r >= edge - span * 0.12) / len(side)


def _cut(line: Line, segments: list[Segment]) -> Line:
    if len(segments) == len(line.segments):
        return line
    part = Line(segments[0], source=line)
    for seg in segments[1:]:
        part.add(seg)
    return part
