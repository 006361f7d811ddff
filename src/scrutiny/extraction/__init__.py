"""The extraction core: readers, extractors and the contract.  No Django here.

``extract_file(path)`` returns the contract object (``scrutiny.extraction/1``)
for one file or raises :class:`UnreadableFile` with the reason.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .document import Document
from .errors import UnreadableFile
from .extractors import extract_document
from .readers import SUPPORTED, format_of, read_bytes, read_file

SCHEMA = "scrutiny.extraction/1"

__all__ = ["SCHEMA", "Document", "UnreadableFile", "extract_bytes", "extract_file", "read_file",
           "read_and_extract"]


def read_and_extract(data: bytes, filename: str) -> tuple[Document, dict[str, object]]:
    """Read a file's bytes (its name gives the format) and extract from them."""
    fmt = format_of(Path(filename))
    if fmt is None:
        allowed = ", ".join(sorted(set(SUPPORTED)))
        raise UnreadableFile(f"has an unsupported type '{Path(filename).suffix or '(none)'}'; "
                             f"Scrutiny reads {allowed}")
    doc = read_bytes(data, fmt)
    return doc, _contract(doc, filename, hashlib.sha256(data).hexdigest())


def extract_bytes(data: bytes, filename: str) -> dict[str, object]:
    """Extract from a file's bytes; its name gives the format."""
    return read_and_extract(data, filename)[1]


def extract_file(path: str | os.PathLike[str]) -> dict[str, object]:
    """Extract one file into the contract object."""
    p = Path(path)
    doc = read_file(p)
    return _contract(doc, p.name, hashlib.sha256(p.read_bytes()).hexdigest())


def _contract(doc: Document, filename: str, sha256: str) -> dict[str, object]:
    body = extract_document(doc)
    return {
        "schema": SCHEMA,
        "source": {"filename": filename, "format": doc.format, "sha256": sha256,
                   "pages": doc.pages},
        **body,
    }
