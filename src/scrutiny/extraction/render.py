"""Render a read Document back out as HTML, PDF or DOCX.

Used to prove format invariance (the same document in every format gives the
same findings) and by the benchmark to make large PDFs.  PDF rendering needs
WeasyPrint, which is a test and benchmark dependency only.
"""

from __future__ import annotations

import html
import io

from .document import Block, Document, clean_text

PDF_CSS = """
@page { size: A4; margin: 22mm 20mm 24mm 20mm;
  @top-center { content: "OFFICIAL - %(title)s"; font-size: 8pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
  @bottom-left { content: "HM Inspectorate of Constabulary and Fire & Rescue Services";
                 font-size: 8pt; } }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.35;
       text-align: justify; hyphens: auto; }
h1 { font-size: 18pt; } h2 { font-size: 15pt; } h3 { font-size: 13pt; }
h4, h5, h6 { font-size: 11.5pt; }
h1, h2, h3, h4, h5, h6 { font-family: "DejaVu Sans", sans-serif; text-align: left;
       hyphens: manual; }
table { border-collapse: collapse; width: 100%%; text-align: left; hyphens: manual; }
td, th { border: 0.5pt solid #999; padding: 3pt; vertical-align: top; font-size: 9.5pt; }
ul { padding-left: 16pt; }
"""


def _groups(doc: Document) -> list[tuple[str, list[Block]]]:
    groups: list[tuple[str, list[Block]]] = []
    for block in doc.blocks:
        kind = block.kind if block.kind in ("list_item", "table_row") else "single"
        if groups and kind != "single" and groups[-1][0] == kind:
            groups[-1][1].append(block)
        else:
            groups.append((kind, [block]))
    return groups


def to_html(doc: Document, title: str = "Document", css: str = "") -> str:
    """An HTML page with one element per block."""
    e = html.escape
    body: list[str] = []
    for kind, blocks in _groups(doc):
        if kind == "list_item":
            items = "".join(f"<li>{_inline(doc, b)}</li>" for b in blocks)
            body.append(f"<ul>{items}</ul>")
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
            if b.kind == "heading":
                level = min(max(b.level or 3, 1), 6)
                body.append(f"<h{level}>{e(doc.clean(b))}</h{level}>")
            else:
                body.append(f"<p>{_inline(doc, b)}</p>")
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{css}</style></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )


def _inline(doc: Document, block: Block) -> str:
    text = html.escape(doc.clean(block))
    return f"<strong>{text}</strong>" if block.bold else text


def to_pdf(doc: Document, title: str = "Document") -> bytes:
    """A justified, hyphenated A4 PDF with running headers and footers."""
    from weasyprint import HTML

    css = PDF_CSS % {"title": title.replace('"', "'")}
    pdf = HTML(string=to_html(doc, title, css)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def to_docx(doc: Document) -> bytes:
    """A Word document with headings, bulleted lists and tables."""
    import docx

    out = docx.Document()
    for kind, blocks in _groups(doc):
        if kind == "table_row":
            width = max((max(c.col for c in b.cells) + 1) for b in blocks if b.cells)
            table = out.add_table(rows=0, cols=width)
            for b in blocks:
                cells = table.add_row().cells
                for c in b.cells:
                    cells[c.col].text = clean_text(doc.text[c.start : c.end])
            continue
        for b in blocks:
            text = doc.clean(b)
            if b.kind == "heading":
                out.add_heading(text, level=min(max(b.level or 3, 1), 9))
            elif b.kind == "list_item":
                para = out.add_paragraph(style="List Bullet")
                para.add_run(text).bold = b.bold
            else:
                para = out.add_paragraph()
                para.add_run(text).bold = b.bold
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
