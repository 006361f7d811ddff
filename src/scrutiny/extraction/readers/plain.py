"""Reader for ``.txt`` and ``.md``: the file's own text, with blocks found line by line.

Handles the shapes exports of inspection documents take: Markdown headings,
emphasis and lists, tab-separated form rows, and form cells holding HTML
fragments (``<p>…</p>``, ``<ul>`` with bullet characters) as pasted from a web
form.  The document text is the decoded file (CRLF turned into LF), so a
finding's offsets point into the file as a person opens it.
"""

from __future__ import annotations

import re

from ..document import Block, Cell, Document
from ..errors import UnreadableFile

_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_LIST = re.compile(
    r"^[ \t\u00a0]*(?P<m>[-*+•◦▪‣·–●■➢►\uf0b7\uf0a7]|\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-z][.)])[ \t\u00a0]+(?=\S)"
)
_HTML_TAG = re.compile(r"</?(?:p|ul|ol|li|br|div)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-z][a-z0-9]*\b[^>]*>", re.I)
_TERMINAL = ".:;!?"
_C1_CONTROLS = frozenset(range(0x80, 0xA0))


def decode(data: bytes) -> str:
    """Decode any plausible text: a byte-order mark's encoding, UTF-8, Windows-1252, ISO-8859-1,
    or what charset-normalizer detects (UTF-16 without a mark, other code pages).

    Only what is not text at all (binary data, or text so full of control characters that
    no encoding makes sense of it) is refused.
    """
    marks = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
             (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    for bom, codec in marks:
        if data.startswith(bom):
            try:
                return _plausible(data.decode(codec).lstrip("\ufeff"))
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    f"is not valid {codec.upper()} text despite its byte-order mark") from exc
    if b"\x00" in data[:65536]:
        detected = _detected(data)
        if detected is not None and detected[1].startswith(("utf_16", "utf_32")):
            return _plausible(detected[0])
        raise UnreadableFile("is binary data, not text (it contains NUL bytes)")
    for codec in ("utf-8", "cp1252"):
        try:
            return _plausible(data.decode(codec))
        except (UnicodeDecodeError, UnreadableFile):
            continue
    # ISO-8859-1 decodes every byte; it is right when the bytes Windows-1252 leaves
    # undefined are few, as in Western text saved by older tools.
    try:
        return _plausible(data.decode("latin-1"), c1_allowed=0.02)
    except UnreadableFile:
        pass
    detected = _detected(data)
    if detected is None:
        raise UnreadableFile("is not text in any encoding Scrutiny recognises")
    return _plausible(detected[0])


def _detected(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(text: str, c1_allowed: float = 0.0) -> str:
    """The text, unless it is really binary data: control characters in more than a few places."""
    sample = text[:65536]
    if not sample:
        return text
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    c1 = sum(1 for ch in sample if ord(ch) in _C1_CONTROLS)
    if controls / len(sample) > 0.01 or c1 / len(sample) > (c1_allowed or 0.01):
        raise UnreadableFile("is binary data, not text")
    return text


def read_plain(data: bytes, fmt: str) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    pos = 0
    previous_blank = True
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            previous_blank = True
            continue
        if (
            not previous_blank
            and blocks
            and _continues(text, blocks[-1], line)
        ):
            blocks[-1].end = _trim(text, start, end)[1]
        else:
            blocks.extend(_line_blocks(text, start, end))
        previous_blank = False
    blocks = [b for b in blocks if b.end > b.start]
    return Document(text=text, blocks=blocks, format=fmt)


def _continues(text: str, prev: Block, line: str) -> bool:
    """A hard-wrapped paragraph: the previous line runs on into this one."""
    if prev.kind != "paragraph" or "\t" in line or _LIST.match(line) or _HEADING.match(line):
        return False
    prev_text = text[prev.start : prev.end].rstrip("* ")
    first = line.lstrip()[:1]
    return len(prev_text) >= 50 and prev_text[-1:] not in _TERMINAL and first.islower()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to its content: no surrounding whitespace or emphasis stars."""
    while start < end and (text[start].isspace() or text[start] in "*_"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*_"):
        end -= 1
    return start, end


def _line_blocks(text: str, start: int, end: int) -> list[Block]:
    line = text[start:end]
    if "\t" in line:
        return _table_row(text, start, end)
    if _HTML_TAG.search(line):
        return _html_fragment(text, start, end)
    inline = _inline_bullets(text, start, end)
    if inline:
        return inline
    heading = _HEADING.match(line)
    if heading:
        s, e = _trim(text, start + heading.end(), end)
        return [Block("heading", s, e, level=len(heading.group(1)), bold=True)]
    listed = _LIST.match(line)
    if listed and not _looks_like_date_line(line):
        s, e = _trim(text, start + listed.end(), end)
        bold = text[start + listed.end() : end].strip().startswith("**")
        return [Block("list_item", s, e, bold=bold, marker=listed.group("m"))]
    s, e = _trim(text, start, end)
    stripped = line.strip()
    bold = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
    return [Block("paragraph", s, e, bold=bold)]


_INLINE_BULLET = re.compile(r"(?:^|(?<=\s))[•●▪◦■](?=\s)")


def _inline_bullets(text: str, start: int, end: int) -> list[Block]:
    """A line holding several bullets run together: '• First. • Second. • Third'."""
    marks = list(_INLINE_BULLET.finditer(text, start, end))
    if len(marks) < 2:
        return []
    blocks = []
    s, e = _trim(text, start, marks[0].start())
    if e > s:
        blocks.append(Block("paragraph", s, e))
    for mark, nxt in zip(marks, [*marks[1:], None], strict=True):
        s, e = _trim(text, mark.end(), nxt.start() if nxt else end)
        if e > s:
            blocks.append(Block("list_item", s, e, marker=mark.group(0)))
    return blocks


def _looks_like_date_line(line: str) -> bool:
    # "1. January" style false positives are rare; "3 September 2014" has no marker
    # punctuation, so only guard against numbered lines that are really years or sums.
    return bool(re.match(r"^\s*\d{4}[.)]\s", line))


def _table_row(text: str, start: int, end: int) -> list[Block]:
    cells: list[Cell] = []
    pos = start
    for col, part in enumerate(text[start:end].split("\t")):
        s, e = _trim(text, pos, pos + len(part))
        cells.append(Cell(s, max(s, e), col))
        pos += len(part) + 1
    label = cells[0]
    rest = cells[1:]
    # A form row whose value is an HTML fragment: a label followed by its content.
    html_cells = [c for c in rest if _HTML_TAG.search(text[c.start : c.end])]
    if html_cells and len(rest) == 1:
        blocks = []
        if label.end > label.start:
            blocks.append(Block("heading", label.start, label.end))
        blocks.extend(_html_fragment(text, rest[0].start, rest[0].end))
        return blocks
    filled = [c for c in cells if c.end > c.start]
    if not filled:
        return []
    return [Block("table_row", filled[0].start, filled[-1].end, cells=tuple(cells))]


def _html_fragment(text: str, start: int, end: int) -> list[Block]:
    """Blocks from a line holding HTML: one per ``<p>``, one per bullet."""
    blocks: list[Block] = []
    pos = start
    in_item = False
    for match in list(_ANY_TAG.finditer(text, start, end)) + [None]:
        seg_end = match.start() if match else end
        blocks.extend(_segment_blocks(text, pos, seg_end, in_item))
        if match:
            tag = match.group(0).lower()
            if tag.startswith("<li"):
                in_item = True
            elif tag.startswith("</li") or tag.startswith("<p") or tag.startswith("</ul"):
                in_item = False
            pos = match.end()
    return blocks


def _segment_blocks(text: str, start: int, end: int, in_item: bool) -> list[Block]:
    blocks: list[Block] = []
    pieces = re.split(r"(•)", text[start:end])
    pos = start
    bullet = in_item
    for piece in pieces:
        if piece == "•":
            bullet = True
            pos += 1
            continue
        s, e = _trim(text, pos, pos + len(piece))
        if e > s:
            if bullet:
                blocks.append(Block("list_item", s, e, marker="•"))
            else:
                blocks.append(Block("paragraph", s, e))
        pos += len(piece)
    return blocks
