"""Reader for Word ``.docx``: paragraphs, list items and tables in reading order.

The zip is checked before python-docx opens it: entry count, declared and
actual uncompressed size are bounded, so a zip bomb named ``.docx`` stops with
a reason instead of filling memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from ..document import Document, DocumentBuilder
from ..errors import UnreadableFile

MAX_ENTRIES = 5000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _preflight(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFile("is not a valid Word document (the zip archive is damaged)") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnreadableFile(f"is not a plausible Word document ({len(infos)} parts)")
        if "word/document.xml" not in archive.namelist():
            raise UnreadableFile("is a zip archive but not a Word document")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNCOMPRESSED:
            raise UnreadableFile("expands to more than 200 MB (a zip bomb?); refusing to open it")
        total = 0
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and \
                    info.file_size > 10 * 1024 * 1024:
                raise UnreadableFile("is compressed suspiciously far (a zip bomb?); "
                                     "refusing to open it")
            try:
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED:
                            raise UnreadableFile(
                                "expands to more than 200 MB (a zip bomb?); refusing to open it"
                            )
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                raise UnreadableFile(
                    "is not a valid Word document (a part of it is damaged)"
                ) from exc
            except RuntimeError as exc:  # encrypted zip member
                raise UnreadableFile("is encrypted (password protected)") from exc


def read_docx(data: bytes, fmt: str) -> Document:
    _preflight(data)
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableFile("is not a valid Word document") from exc
    except Exception as exc:  # lxml syntax errors and the like from damaged parts
        raise UnreadableFile(f"is a damaged Word document ({type(exc).__name__})") from exc

    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = DocumentBuilder(fmt)
    styles = _Styles(document)
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == _W + "p":
            _paragraph(Paragraph(child, document), out, styles)
        elif child.tag == _W + "tbl":
            _table(Table(child, document), out, styles)
    if not out.blocks:
        raise UnreadableFile("has no text in it")
    return out.build()


class _Styles:
    """Style names and boldness by style id, looked up once per document.

    python-docx's ``paragraph.style`` and ``run.style`` search every style of the document
    on each call, which made a long document take minutes to read.
    """

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.names: dict[str | None, str] = {}
        self.bold: dict[str | None, bool] = {}
        for style in document.styles:
            self.names[style.style_id] = style.name or ""
            font = getattr(style, "font", None)
            self.bold[style.style_id] = bool(font is not None and font.bold)
        for kind, key in ((WD_STYLE_TYPE.PARAGRAPH, "p"), (WD_STYLE_TYPE.CHARACTER, "r")):
            default = document.styles.default(kind)
            self.names[key] = (default.name or "") if default is not None else ""
            self.bold[key] = bool(default is not None and default.font.bold)

    def paragraph_name(self, paragraph: Any) -> str:
        sid = paragraph._p.style
        return self.names.get(sid, self.names["p"]) if sid else self.names["p"]

    def run_bold(self, run: Any) -> bool:
        sid = run._r.style
        return self.bold.get(sid, self.bold["r"]) if sid else self.bold["r"]


def _paragraph(paragraph: object, out: DocumentBuilder, styles: _Styles) -> None:
    from docx.text.paragraph import Paragraph

    assert isinstance(paragraph, Paragraph)
    text = paragraph.text
    if not text.strip():
        return
    style = styles.paragraph_name(paragraph)
    lowered = style.lower()
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.numPr is not None
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or styles.run_bold(r) for r in runs)
    if lowered.startswith("heading") or lowered == "title":
        digits = "".join(ch for ch in style if ch.isdigit())
        out.add("heading", text, level=int(digits) if digits else 1, bold=True)
    elif numbered or lowered.startswith("list"):
        out.add("list_item", text, bold=bold)
    else:
        out.add("paragraph", text, bold=bold)


def _table(table: object, out: DocumentBuilder, styles: _Styles) -> None:
    from docx.table import Table

    assert isinstance(table, Table)
    for row in table.rows:
        cells = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell repeats itself
            seen.add(id(cell._tc))
            cells.append(cell)
        if len(cells) == 2:
            value = [p for p in cells[1].paragraphs if p.text.strip()]
            if len(value) > 1 or cells[1].tables:
                # A form row whose value is a passage: its label, then its paragraphs.
                out.add("heading", cells[0].text)
                for p in cells[1].paragraphs:
                    _paragraph(p, out, styles)
                for inner in cells[1].tables:
                    _table(inner, out, styles)
                continue
        out.add_row([" ".join(p.text for p in c.paragraphs) for c in cells])
