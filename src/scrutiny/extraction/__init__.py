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
from .readers import format_of, load_file, read_bytes, read_file, unsupported_type

SCHEMA = "scrutiny.extraction/1"

__all__ = ["SCHEMA", "Document", "UnreadableFile", "extract_bytes", "extract_file", "read_file",
           "read_and_extract"]


def read_and_extract(data: bytes, filename: str) -> tuple[Document, dict[str, object]]:
    """Read a file's bytes (its name gives the format) and extract from them."""
    fmt = format_of(Path(filename))
    if fmt is None:
        raise unsupported_type(Path(filename).suffix)
    doc = read_bytes(data, fmt)
    return doc, _contract(doc, filename, hashlib.sha256(data).hexdigest())


def extract_bytes(data: bytes, filename: str) -> dict[str, object]:
    """Extract from a file's bytes; its name gives the format."""
    return read_and_extract(data, filename)[1]


def extract_file(path: str | os.PathLike[str]) -> dict[str, object]:
    """Extract one file into the contract object."""
    data, fmt = load_file(path)
    return _contract(read_bytes(data, fmt), Path(path).name, hashlib.sha256(data).hexdigest())


def _contract(doc: Document, filename: str, sha256: str) -> dict[str, object]:
    body = extract_document(doc)
    return {
        "schema": SCHEMA,
        "source": {"filename": filename, "format": doc.format, "sha256": sha256,
                   "pages": doc.pages},
        **body,
    }
