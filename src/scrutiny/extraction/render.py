"""Render a read Document back out as HTML, PDF, DOCX or text, in several layouts.

Used to prove that extraction does not depend on one rendering (the same document
laid out as a converted Word file, a two-column PDF or a page of ``div``s gives the
same findings and grades), and by the benchmarks to make large and scanned PDFs.
PDF rendering needs WeasyPrint.

A heading here is what a reader would see as one: a block read as a heading, or a
short line without closing punctuation in a plain-text file.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from typing import Literal

from .document import Block, Document, clean_text

HeadingStyle = Literal["levels", "one_level", "bold", "div", "plain"]
ListStyle = Literal["bullet", "number"]

PDF_CSS = """
@page { size: A4; margin: 22mm 20mm 24mm 20mm;
  @top-center { content: "OFFICIAL - %(title)s"; font-size: 8pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
  @bottom-left { content: "HM Inspectorate of Constabulary and Fire & Rescue Services";
                 font-size: 8pt; } }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.35;
       text-align: justify; hyphens: auto; %(columns)s }
h1 { font-size: 18pt; } h2 { font-size: 15pt; } h3 { font-size: 13pt; }
h4, h5, h6 { font-size: 11.5pt; }
h1, h2, h3, h4, h5, h6 { font-family: "DejaVu Sans", sans-serif; text-align: left;
       hyphens: manual; }
table { border-collapse: collapse; width: 100%%; text-align: left; hyphens: manual; }
td, th { border: 0.5pt solid #999; padding: 3pt; vertical-align: top; font-size: 9.5pt; }
ul, ol { padding-left: 16pt; }
"""
# Two columns of text; a wide table spans both, between runs of columns, as such layouts set them.
TWO_COLUMNS = "} .columns { column-count: 2; column-gap: 9mm;"


@dataclass(frozen=True)
class Layout:
    """How a rendering lays the document out."""

    headings: HeadingStyle = "levels"
    lists: ListStyle = "bullet"
    columns: int = 1
    blank_lines: bool = True


def is_visual_heading(doc: Document, block: Block) -> bool:
    """Would a reader see this block as a heading?"""
    if block.kind == "heading":
        return True
    if block.kind != "paragraph":
        return False
    text = doc.clean(block)
    return 0 < len(text.split()) <= 20 and not text.endswith((".", "!", ";", ",", ".”", '."', "…"))


def _groups(doc: Document) -> list[tuple[str, list[Block]]]:
    groups: list[tuple[str, list[Block]]] = []
    for block in doc.blocks:
        kind = block.kind if block.kind in ("list_item", "table_row") else "single"
        if groups and kind != "single" and groups[-1][0] == kind:
            groups[-1][1].append(block)
        else:
            groups.append((kind, [block]))
    return groups


def _level(block: Block) -> int:
    return min(max(block.level or 3, 1), 6)


def to_html(doc: Document, title: str = "Document", css: str = "", layout: Layout | None = None) -> str:
    """An HTML page with one element per block."""
    layout = layout or Layout()
    e = html.escape
    body: list[str] = []
    for kind, blocks in _groups(doc):
        if kind == "list_item":
            if layout.headings == "div":
                items = "".join(f'<div class="list-item">{_inline(doc, b)}</div>' for b in blocks)
                body.append(f'<div class="list">{items}</div>')
            else:
                tag = "ol" if layout.lists == "number" else "ul"
                items = "".join(f"<li>{_inline(doc, b)}</li>" for b in blocks)
                body.append(f"<{tag}>{items}</{tag}>")
        elif kind == "table_row":
            rows = []
            for b in blocks:
                width = max(c.col for c in b.cells) + 1 if b.cells else 0
                by_col = {c.col: doc.text[c.start : c.end] for c in b.cells}
                cells = "".join(
                    f"<td>{e(clean_text(by_col.get(i, '')))}</td>" for i in range(width)
                )
                rows.append(f"<tr>{cells}</tr>")
            body.append(f"<table>{''.join(rows)}</table>")
        else:
            b = blocks[0]
            text = e(doc.clean(b))
            if is_visual_heading(doc, b):
                level = _level(b) if b.kind == "heading" else 3
                if layout.headings == "levels":
                    body.append(f"<h{level}>{text}</h{level}>" if b.kind == "heading"
                                else f"<p>{_inline(doc, b)}</p>")
                elif layout.headings == "one_level":
                    body.append(f"<h2>{text}</h2>")
                elif layout.headings == "bold":
                    body.append(f"<p><strong>{text}</strong></p>")
                elif layout.headings == "div":
                    body.append(f'<div class="heading heading-{level}">{text}</div>')
                else:
                    body.append(f"<p>{text}</p>")
            elif layout.headings == "div":
                body.append(f'<div class="para">{_inline(doc, b)}</div>')
            else:
                body.append(f"<p>{_inline(doc, b)}</p>")
    if layout.columns == 2:
        body = _in_columns(body)
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{css}</style></head><body><main>"
        + "\n".join(body)
        + "</main></body></html>"
    )


def _in_columns(body: list[str]) -> list[str]:
    """Runs of text in a two-column box; tables between them at full width."""
    out: list[str] = []
    run: list[str] = []
    for element in body:
        if element.startswith("<table"):
            if run:
                out.append('<div class="columns">' + "\n".join(run) + "</div>")
                run = []
            out.append(element)
        else:
            run.append(element)
    if run:
        out.append('<div class="columns">' + "\n".join(run) + "</div>")
    return out


def _inline(doc: Document, block: Block) -> str:
    text = html.escape(doc.clean(block))
    return f"<strong>{text}</strong>" if block.bold else text


def to_pdf(doc: Document, title: str = "Document", layout: Layout | None = None) -> bytes:
    """A justified, hyphenated A4 PDF with running headers and footers (two columns if asked)."""
    from weasyprint import HTML

    layout = layout or Layout()
    css = PDF_CSS % {"title": title.replace('"', "'"),
                     "columns": TWO_COLUMNS if layout.columns == 2 else ""}
    pdf = HTML(string=to_html(doc, title, css, layout)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def to_docx(doc: Document, layout: Layout | None = None) -> bytes:
    """A Word document with headings (styled, bold or plain), lists and tables."""
    import docx
    from docx.shared import Pt

    layout = layout or Layout()
    out = docx.Document()
    number = 0
    for kind, blocks in _groups(doc):
        if kind == "table_row":
            width = max((max(c.col for c in b.cells) + 1) for b in blocks if b.cells)
            table = out.add_table(rows=0, cols=width)
            for b in blocks:
                cells = table.add_row().cells
                for c in b.cells:
                    cells[c.col].text = clean_text(doc.text[c.start : c.end])
            continue
        number = 0
        for b in blocks:
            text = doc.clean(b)
            if is_visual_heading(doc, b) and layout.headings in ("levels", "one_level"):
                if layout.headings == "one_level" or b.kind == "heading":
                    out.add_heading(text, level=1 if layout.headings == "one_level" else min(_level(b), 9))
                else:
                    out.add_paragraph().add_run(text).bold = b.bold
            elif is_visual_heading(doc, b) and layout.headings in ("bold", "plain", "div"):
                # A converted file: the heading is a paragraph, bold or merely larger.
                run = out.add_paragraph().add_run(text)
                run.bold = layout.headings == "bold"
                run.font.size = Pt(13)
            elif b.kind == "list_item":
                number += 1
                if layout.lists == "number":
                    para = out.add_paragraph(style="List Number")
                else:
                    para = out.add_paragraph(style="List Bullet")
                para.add_run(text).bold = b.bold
            else:
                out.add_paragraph().add_run(text).bold = b.bold
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def to_text(doc: Document, layout: Layout | None = None) -> str:
    """The document as plain text again: one block a line, lists marked, cells tab-separated."""
    layout = layout or Layout()
    lines: list[str] = []
    for kind, blocks in _groups(doc):
        for n, b in enumerate(blocks, start=1):
            if kind == "table_row":
                by_col = {c.col: clean_text(doc.text[c.start : c.end]) for c in b.cells}
                width = max(by_col) + 1 if by_col else 0
                lines.append("\t".join(by_col.get(i, "") for i in range(width)))
            elif kind == "list_item":
                marker = f"{n}." if layout.lists == "number" else "-"
                lines.append(f"{marker} {doc.clean(b)}")
            elif b.kind == "heading" and layout.headings == "levels":
                lines.append("#" * _level(b) + " " + doc.clean(b))
            else:
                lines.append(doc.clean(b))
    return ("\n\n" if layout.blank_lines else "\n").join(lines) + "\n"


# The renderings a document must survive, named for the tests and the README.
VARIANTS: dict[str, tuple[str, Layout]] = {
    "html-one-level": ("html", Layout(headings="one_level")),
    "html-bold-headings": ("html", Layout(headings="bold")),
    "html-divs": ("html", Layout(headings="div")),
    "html-numbered-lists": ("html", Layout(lists="number")),
    "txt-no-blank-lines": ("txt", Layout(blank_lines=False, headings="plain")),
    "txt-numbered-lists": ("txt", Layout(lists="number", headings="plain")),
    "docx-one-level": ("docx", Layout(headings="one_level")),
    "docx-no-heading-styles": ("docx", Layout(headings="plain")),
    "pdf-two-columns": ("pdf", Layout(columns=2, headings="one_level")),
}


def render_variant(doc: Document, name: str, title: str = "Document") -> tuple[bytes, str]:
    """The bytes of one named rendering and its format."""
    fmt, layout = VARIANTS[name]
    if fmt == "html":
        return to_html(doc, title, "", layout).encode("utf-8"), fmt
    if fmt == "docx":
        return to_docx(doc, layout), fmt
    if fmt == "pdf":
        return to_pdf(doc, title, layout), fmt
    return to_text(doc, layout).encode("utf-8"), fmt
