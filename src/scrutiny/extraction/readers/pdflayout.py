"""Rebuilding a PDF page's structure from positioned runs of text.

Lines become paragraphs by their spacing and indent, headings by size and weight;
a bullet at a line's left starts a list item; lines split into columns become table
rows with their cells assigned to columns; words hyphenated across lines and
paragraphs cut by a page break are rejoined.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..document import Document, DocumentBuilder

# Bullet glyphs, including the private-use code points Symbol and Wingdings bullets
# often map to in PDFs made from Word.
_BULLETS = set("•●◦▪■□‣⁃∙·○–-➢✓✔➤►") | {chr(c) for c in range(0xF000, 0xF100)}
MARGIN_BAND = 0.085  # share of the page height treated as header or footer area
_SOFT_HYPHENS = ("\u00ad", "\x02", "\u2010")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@dataclass
class Segment:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool


class Line:
    """Segments sharing a baseline, left to right, with their summary kept up to date."""

    __slots__ = ("segments", "baseline", "left", "right", "size", "bold", "text", "source")

    def __init__(self, first: Segment, source: Line | None = None) -> None:
        self.source = source  # the whole line this one was cut from, for a line split at a gutter
        self.segments = [first]
        self.baseline = first.baseline
        self.left, self.right = first.left, first.right
        self.size, self.bold, self.text = first.size, first.bold, first.text

    def add(self, seg: Segment) -> None:
        self.segments.append(seg)
        self.segments.sort(key=lambda s: s.left)
        self.left, self.right = self.segments[0].left, self.segments[-1].right
        self.size = max(self.size, seg.size)
        self.bold = self.bold and seg.bold
        self.text = " ".join(s.text for s in self.segments)


# -- building blocks ----------------------------------------------------------


@dataclass
class _Metrics:
    body_size: float
    pitch: float
    left: float
    right: float


def _metrics(pages: list[tuple[list[Line], float]]) -> _Metrics:
    sizes: Counter[float] = Counter()
    pitches: Counter[float] = Counter()
    lefts: Counter[float] = Counter()
    rights: list[float] = []
    for lines, _ in pages:
        for a, b in zip(lines, lines[1:], strict=False):
            pitches[round(a.baseline - b.baseline, 1)] += 1
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
            lefts[round(line.left)] += 1
            rights.append(line.right)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    # The line pitch is the smallest gap that recurs: in a short document the gaps
    # between paragraphs can outnumber the gaps between the lines of one.
    total = sum(pitches.values())
    recurring = sorted(p for p, n in pitches.items()
                       if p > body * 0.8 and n >= max(2, total * 0.05))
    pitch = recurring[0] if recurring else body * 1.3
    rights.sort()
    right = rights[int(len(rights) * 0.9)] if rights else 500.0
    left = min((x for x, n in lefts.most_common(5)), default=50.0)
    return _Metrics(body, pitch, float(left), right)


def _is_bullet(seg: Segment) -> bool:
    return len(seg.text) <= 2 and seg.text.strip() in _BULLETS


def _columns(line: Line, m: _Metrics) -> list[Segment]:
    """The line's segments that are separate columns (big gaps between them)."""
    if len(line.segments) < 2:
        return line.segments
    merged = [line.segments[0]]
    for seg in line.segments[1:]:
        prev = merged[-1]
        # A gap narrower than a wide word space (in the text's own size) is not a column break.
        if seg.left - prev.right < min(prev.size, seg.size, m.body_size) * 0.6 or _is_bullet(prev):
            merged[-1] = Segment(prev.text + " " + seg.text, prev.left, seg.right, max(prev.top, seg.top),
                                 min(prev.bottom, seg.bottom), prev.baseline, max(prev.size, seg.size),
                                 prev.bold and seg.bold)
        else:
            merged.append(seg)
    return merged


def assemble(pages: list[tuple[list[Line], float]], fmt: str,
             regions: list[list[tuple[list[Line], float | None, float | None]] | None] | None = None
             ) -> Document:
    """Blocks from the pages' lines.

    ``regions`` gives, for a page laid out in columns, its parts in reading order (each
    column of each band, with the column's right edge); None reads the page as one.
    """
    # Line spacing is measured within each column: read across a page, the lines of two
    # columns interleave.
    measured = [(part, height) for (lines, height), parts in zip(pages, regions or [None] * len(pages),
                                                               strict=True)
                for part in ([p for p, _, _ in parts] if parts else [lines])]
    m = _metrics(measured)
    out = DocumentBuilder(fmt)
    state = _State(out, m, _Lexicon(pages))
    for number, (lines, _) in enumerate(pages, start=1):
        parts = regions[number - 1] if regions else None
        if parts is None:
            state.page(number, lines)
            continue
        for part, left, right in parts:
            state.page(number, part, left, right)
    state.flush()
    return out.build(pages=len(pages))


class _Lexicon:
    """The document's words, gathered only if a hard hyphen at a line end needs them."""

    def __init__(self, pages: list[tuple[list[Line], float]]) -> None:
        self.pages = pages
        self.words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self.words is None:
            self.words = set()
            for lines, _ in self.pages:
                for line in lines:
                    self.words.update(w.lower() for w in _WORD.findall(line.text))
        return word in self.words


def _join(text: str, nxt: str, words: _Lexicon) -> str:
    """Join two lines, rejoining a word hyphenated across them."""
    if not text:
        return nxt
    last = text[-1]
    if last in _SOFT_HYPHENS and nxt[:1].isalpha():
        return text[:-1] + nxt
    if last == "-" and len(text) > 1 and text[-2].isalpha() and nxt[:1].islower():
        head = re.search(r"([A-Za-z-]+)-$", text)
        tail = re.match(r"[A-Za-z]+", nxt)
        if head and tail and "-" not in head.group(1):
            joined = (head.group(1) + tail.group(0)).lower()
            hyphened = (head.group(1) + "-" + tail.group(0)).lower()
            if joined in words or hyphened not in words:
                return text[:-1] + nxt
        return text + nxt
    return text + " " + nxt


class _State:
    """Accumulates lines into blocks across pages."""

    def __init__(self, out: DocumentBuilder, m: _Metrics, words: _Lexicon) -> None:
        self.out = out
        self.m = m
        self.words = words
        self.kind: str | None = None
        self.text = ""
        self.level: int | None = None
        self.bold = False
        self.block_page = 1
        self.last: Line | None = None
        self.text_left = 0.0
        self.text_left_tolerance = 3.0
        self.table: list[list[tuple[Segment, int]]] = []
        self.anchors: list[float] = []
        self.continued_from_page = False
        self.last_left: float | None = None  # edges of the column being read
        self.last_right: float | None = None

    # blocks
    def flush(self) -> None:
        if self.table:
            self._flush_table()
        if self.kind and self.text.strip():
            if self.kind == "heading":
                self.out.add("heading", self.text, page=self.block_page, level=self.level, bold=True)
            else:
                self.out.add(self.kind, self.text, page=self.block_page, bold=self.bold)  # type: ignore[arg-type]
        self.kind, self.text = None, ""

    def start(self, kind: str, line: Line, page: int, text: str, left: float) -> None:
        self.flush()
        self.kind = kind
        self.text = text
        self.block_page = page
        self.bold = line.bold
        self.text_left = left
        self.text_left_tolerance = 3.0
        if kind == "heading":
            ratio = line.size / self.m.body_size
            self.level = 1 if ratio > 1.6 else 2 if ratio > 1.3 else 3 if ratio > 1.1 else 4

    def page(self, number: int, lines: list[Line], left: float | None = None,
             right: float | None = None) -> None:
        """Add a page's lines (or one column of it, between ``left`` and ``right``)."""
        m = self.m
        carried = self.kind in ("paragraph", "list_item") and self.last is not None and (
            self.last.right >= (self.last_right or m.right) - m.body_size * 1.5
        ) and not self.text.rstrip().endswith((".", ":", "!", "?"))
        # A block carried into the next column keeps its indent from the column's edge.
        shift = (left or m.left) - (self.last_left or m.left)
        self.text_left += shift
        self.last_left, self.last_right = left, right
        for i, line in enumerate(lines):
            cols = _columns(line, m)
            bullet = _is_bullet(line.segments[0]) and len(line.segments) > 1
            inline_bullet = (not bullet and line.text[:1] in _BULLETS
                             and line.text[1:2] == " " and len(line.text) > 3)
            if len(cols) >= 2 and not bullet:
                self._table_line(cols, number)
                self.last = line
                continue
            if self.table and self.last is not None:
                split = self._split_at_anchors(line)
                gap = self.last.baseline - line.baseline
                if len(split) >= 2 and 0 < gap <= self.m.pitch * 2.5:
                    self._table_line(split, number)  # a row whose cells sit close together
                    self.last = line
                    continue
            if self.table:
                if self._table_continuation(line):
                    self.last = line
                    continue
                self._flush_table()
            text = line.text
            size_ratio = line.size / m.body_size
            heading = (size_ratio > 1.12 or (line.bold and len(text) < 200)) and not bullet
            prev = self.last if i > 0 else None
            if bullet:
                rest = " ".join(s.text for s in line.segments[1:])
                self.start("list_item", line, number, rest, line.segments[1].left)
            elif inline_bullet:
                # The bullet and its text in one run: continuation lines align with
                # the bullet or with the text, about two characters in.
                width = (line.right - line.left) / max(len(line.text), 1)
                self.start("list_item", line, number, line.text[2:], line.left)
                self.text_left_tolerance = 2 * width + 3
            elif self._next_item(i, carried, heading, line, prev):
                # An item ended "…; and": this line at the item's indent is the next item,
                # its bullet lost (an image bullet, or a scan's bullet not recognised).
                self.start("list_item", line, number, text, line.left)
            elif self._continues(i, carried, heading, line, prev):
                self.text = _join(self.text, text, self.words)
            elif heading:
                self.start("heading", line, number, text, line.left)
            else:
                self.start("paragraph", line, number, text, line.left)
            self.last = line

    def _next_item(self, i: int, carried: bool, heading: bool, line: Line, prev: Line | None) -> bool:
        if self.kind != "list_item" or not re.search(r";(?:\s+(?:and|or))?$", self.text.rstrip()):
            return False
        if re.match(r"(?:and|or)\b", line.text):
            return False  # "…attendance;" / "and": the item's own last word, wrapped
        return self._continues(i, carried, heading, line, prev)

    def _continues(
        self, i: int, carried: bool, heading: bool, line: Line, prev: Line | None
    ) -> bool:
        """Does this line continue the current block (on this page or from the last)?"""
        if i == 0:
            return (carried and not heading
                    and abs(line.left - self.text_left) < self.text_left_tolerance)
        return prev is not None and self.kind is not None and self._same_block(prev, line, heading)

    def _same_block(self, prev: Line, line: Line, heading: bool) -> bool:
        m = self.m
        gap = prev.baseline - line.baseline
        if gap <= 0 or gap > max(m.pitch, line.size * 1.2) * 1.25:
            return False
        if (self.kind == "heading") != heading:
            return False
        if abs(prev.size - line.size) > m.body_size * 0.15:
            return False
        if self.kind == "list_item":
            return abs(line.left - self.text_left) < self.text_left_tolerance
        return line.left - self.text_left < m.body_size * 2.5 and line.left >= self.text_left - 3

    # tables
    def _table_line(self, cols: list[Segment], page: int) -> None:
        if not self.table:
            self.flush()
            self.anchors = []
            self.block_page = page
        for seg in cols:
            if not any(abs(seg.left - a) < 6 for a in self.anchors):
                self.anchors.append(seg.left)
        self.anchors.sort()
        self.table.append([(seg, 0) for seg in cols])

    def _table_continuation(self, line: Line) -> bool:
        if not self.table or self.last is None:
            return False
        gap = self.last.baseline - line.baseline
        if gap <= 0 or gap > self.m.pitch * 1.15:
            return False
        if line.right >= self.m.right - self.m.body_size and len(line.text) > 60:
            return False  # a full-width line of prose
        if not any(abs(line.left - a) < 6 for a in self.anchors):
            return False
        self.table.append([(seg, 0) for seg in self._split_at_anchors(line)])
        return True

    def _split_at_anchors(self, line: Line) -> list[Segment]:
        """A table line's cells: a run starting at a known column starts a new cell,
        however narrow the gap before it (auto-width tables put cells close)."""
        cells: list[Segment] = []
        for seg in line.segments:
            starts_column = any(abs(seg.left - a) < 4 for a in self.anchors)
            if cells and not (starts_column and seg.left > cells[-1].left + 10):
                prev = cells[-1]
                cells[-1] = Segment(prev.text + " " + seg.text, prev.left, seg.right,
                                    max(prev.top, seg.top), min(prev.bottom, seg.bottom),
                                    prev.baseline, max(prev.size, seg.size), prev.bold and seg.bold)
            else:
                cells.append(seg)
        return cells

    def _flush_table(self) -> None:
        rows = self.table
        self.table = []
        if not rows:
            return
        baselines = [r[0][0].baseline for r in rows]
        gaps = [a - b for a, b in zip(baselines, baselines[1:], strict=False)]
        inner = min(gaps) if gaps else 0.0
        if gaps and max(gaps) <= inner * 1.2:
            inner = 0.0  # evenly spaced: every line is a row of its own
        grouped: list[list[list[Segment]]] = []
        for n, row in enumerate(rows):
            new_row = n == 0 or gaps[n - 1] > inner * 1.2
            if new_row:
                grouped.append([])
            grouped[-1].append([seg for seg, _ in row])
        for lines in grouped:
            cells: dict[int, str] = {}
            for segs in lines:
                for seg in segs:
                    col = self._column(seg.left)
                    cells[col] = _join(cells.get(col, ""), seg.text, self.words)
            width = len(self.anchors)
            ordered = [cells.get(c, "") for c in range(width)]
            self.out.add_row(ordered, page=self.block_page)

    def _column(self, x: float) -> int:
        best = 0
        for i, a in enumerate(self.anchors):
            if a <= x + 6:
                best = i
        return best
