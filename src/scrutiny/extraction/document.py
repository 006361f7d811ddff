"""The structured plain text every reader produces and every extractor consumes.

A reader turns a file into one plain-text string and a list of blocks over it.
Each block points into that string by character offsets, so a finding found in a
block can always be shown in context.  The text of a ``.txt``/``.md`` file is the
file itself; other formats build their own text, one block per paragraph,
separated by blank lines, list items prefixed with ``- `` and table cells
separated by tabs, so that every format reads the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]

_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_LIST_MARKER = re.compile(r"^(?:[-*•◦▪‣·–]\s+|\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)")


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its span in the text and its column number."""

    start: int
    end: int
    col: int


@dataclass(slots=True)
class Block:
    """A heading, paragraph, list item or table row.

    ``start``/``end`` delimit the block's content in the document text, without
    markup such as Markdown ``#`` or emphasis stars at its edges.
    """

    kind: BlockKind
    start: int
    end: int
    page: int | None = None
    level: int | None = None  # heading level, when the format says
    bold: bool = False  # the whole block is emphasised
    cells: tuple[Cell, ...] = ()
    marker: str = ""  # list marker as printed ("-", "3.", "a)")


@dataclass(slots=True)
class Document:
    """Plain text with block structure, as read from one file."""

    text: str
    blocks: list[Block]
    format: str
    pages: int | None = None
    recognised_pages: int = 0  # pages read from their images by text recognition (OCR)
    memo: dict[str, object] = field(default_factory=dict, repr=False)  # facts extractors share
    _texts: dict[int, str] = field(default_factory=dict, repr=False)

    def raw(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def clean(self, block: Block) -> str:
        """The block's text with markup removed and whitespace collapsed."""
        key = id(block)
        cached = self._texts.get(key)
        if cached is None:
            cached = clean_text(self.text[block.start : block.end])
            self._texts[key] = cached
        return cached

    def clean_span(self, cell: Cell) -> str:
        return clean_text(self.text[cell.start : cell.end])

    def cell_texts(self, block: Block) -> list[str]:
        return [clean_text(self.text[c.start : c.end]) for c in block.cells]


def clean_text(raw: str) -> str:
    """Collapse whitespace and drop Markdown emphasis and link markup."""
    if "](" in raw:
        raw = _MD_LINK.sub(r"\1", raw)
    if "*" in raw:
        raw = raw.replace("*", "")
    return " ".join(raw.split())


def strip_list_marker(text: str) -> str:
    return _LIST_MARKER.sub("", text, count=1)


class DocumentBuilder:
    """Builds the text and blocks of a format that has no plain text of its own.

    Blocks are separated by a blank line, list items get a ``- `` marker and
    table cells are separated by tabs, so every format reads like the text form.
    """

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []

    def _append(self, piece: str) -> int:
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start

    def add(
        self,
        kind: BlockKind,
        text: str,
        *,
        page: int | None = None,
        level: int | None = None,
        bold: bool = False,
        marker: str = "-",
    ) -> Block | None:
        text = " ".join(text.split())
        if kind == "list_item":
            text = strip_list_marker(text) if _LIST_MARKER.match(text) else text
        if not text:
            return None
        prefix = "- " if kind == "list_item" else ""
        start = self._append(prefix + text) + len(prefix)
        block = Block(kind, start, start + len(text), page=page, level=level, bold=bold,
                      marker=marker if kind == "list_item" else "")
        self.blocks.append(block)
        return block

    def add_row(self, cells: list[str], *, page: int | None = None,
                cols: list[int] | None = None) -> Block | None:
        cleaned = [" ".join(c.split()) for c in cells]
        if not any(cleaned):
            return None
        start = self._append("\t".join(cleaned))
        spans: list[Cell] = []
        pos = start
        for i, cell in enumerate(cleaned):
            spans.append(Cell(pos, pos + len(cell), cols[i] if cols else i))
            pos += len(cell) + 1
        filled = [c for c in spans if c.end > c.start]
        block = Block("table_row", filled[0].start, filled[-1].end, page=page,
                      cells=tuple(spans))
        self.blocks.append(block)
        return block

    def extend_last(self, text: str, joiner: str = " ") -> None:
        """Continue the last block (a paragraph running on across a page)."""
        text = " ".join(text.split())
        if not text or not self.blocks:
            return
        piece = joiner + text
        self.parts.append(piece)
        self.length += len(piece)
        self.blocks[-1].end = self.length

    def build(self, pages: int | None = None) -> Document:
        return Document(text="".join(self.parts), blocks=self.blocks, format=self.fmt,
                        pages=pages)
