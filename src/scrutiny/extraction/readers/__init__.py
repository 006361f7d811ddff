"""Readers: one per format, each turning a file into a :class:`Document`.

:func:`read_file` is the single way in.  It checks the file before any parser
sees it (size, emptiness, whether its bytes match its extension), so a bad file
stops with one :class:`UnreadableFile` reason and bounded time and memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..document import Document
from ..errors import UnreadableFile

SUPPORTED = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "txt",
             ".md": "md", ".markdown": "md", ".text": "txt"}
DEFAULT_MAX_MB = 100


def max_file_bytes() -> int:
    raw = os.environ.get("SCRUTINY_MAX_FILE_MB", str(DEFAULT_MAX_MB))
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"SCRUTINY_MAX_FILE_MB must be a whole number of megabytes, not {raw!r}") from exc
    return value * 1024 * 1024


def format_of(path: Path) -> str | None:
    return SUPPORTED.get(path.suffix.lower())


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is: pdf, zip, html, binary or text."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")):
        return "binary"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte-order mark
    sample = head[:4096]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if b"\x00" in sample or (sample and controls / len(sample) > 0.05):
        return "binary"
    lowered = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lowered:
        return "html"
    return "text"


_DESCRIBE = {"pdf": "a PDF", "zip": "a zip archive", "binary": "binary data (an image, "
             "an old .doc, a compressed file or random bytes)", "html": "an HTML page", "text": "plain text"}


def read_bytes(data: bytes, fmt: str) -> Document:
    """Read the bytes of a file of the given format."""
    if not data.strip():
        raise UnreadableFile("is empty")
    kind = sniff(data[:4096])
    expected = {"pdf": {"pdf"}, "docx": {"zip"}, "html": {"html", "text"},
                "txt": {"text", "html"}, "md": {"text", "html"}}[fmt]
    if kind not in expected:
        raise UnreadableFile(
            f"is named as {fmt.upper()} but its content is {_DESCRIBE[kind]}"
        )
    return _reader(fmt)(data, fmt)


def _reader(fmt: str) -> Callable[[bytes, str], Document]:
    # Imported on demand: reading a text file never loads the PDF engine.
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from .docx import read_docx

        return read_docx
    if fmt == "html":
        from .html import read_html

        return read_html
    from .plain import read_plain

    return read_plain


def unsupported_type(suffix: str) -> UnreadableFile:
    allowed = ", ".join(sorted({s for s in SUPPORTED if s not in (".htm", ".text")}))
    return UnreadableFile(f"has an unsupported type '{suffix or '(none)'}'; "
                          f"Scrutiny reads {allowed}")


def load_file(path: str | os.PathLike[str]) -> tuple[bytes, str]:
    """A file's bytes and format, after the checks that need no parsing (type, size)."""
    p = Path(path)
    fmt = format_of(p)
    if fmt is None:
        raise unsupported_type(p.suffix)
    try:
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise UnreadableFile("does not exist") from exc
    except OSError as exc:
        raise UnreadableFile(f"cannot be opened ({exc.strerror})") from exc
    if not p.is_file():
        raise UnreadableFile("is not a regular file")
    limit = max_file_bytes()
    if size > limit:
        raise UnreadableFile(
            f"is too large ({size / 1048576:.0f} MB; the limit is {limit // 1048576} MB)"
        )
    if size == 0:
        raise UnreadableFile("is empty")
    try:
        return p.read_bytes(), fmt
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror})") from exc


def read_file(path: str | os.PathLike[str]) -> Document:
    """Read one file into a Document, or raise UnreadableFile with the reason."""
    return read_bytes(*load_file(path))
