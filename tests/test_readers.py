"""Each reader gives the same plain text with block structure."""

from __future__ import annotations

import io

import docx
import pytest

from scrutiny.extraction.errors import UnreadableFile
from scrutiny.extraction.readers import read_bytes
from scrutiny.extraction.readers.plain import decode
from support import text_doc


def kinds(doc) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (b.kind, "\t".join(doc.cell_texts(b)) if b.kind == "table_row" else doc.clean(b))
        for b in doc.blocks
    ]


# -- text and Markdown --------------------------------------------------------


def test_text_blocks_keep_file_offsets() -> None:
    text = "## **Recommendations**\n\n- first item;\n- second item\n\nForce\tKent\n"
    doc = text_doc(text, "md")
    assert doc.text == text
    assert kinds(doc) == [
        ("heading", "Recommendations"),
        ("list_item", "first item;"),
        ("list_item", "second item"),
        ("table_row", "Force\tKent"),
    ]
    heading = doc.blocks[0]
    assert text[heading.start:heading.end] == "Recommendations"
    assert doc.cell_texts(doc.blocks[3]) == ["Force", "Kent"]


def test_form_cell_with_html_fragments_becomes_label_and_paragraphs() -> None:
    text = "Recommendations\t<p>Recommendation 1</p> <p>By 1 May 2026, the force should act.</p>"
    doc = text_doc(text)
    assert kinds(doc) == [
        ("heading", "Recommendations"),
        ("paragraph", "Recommendation 1"),
        ("paragraph", "By 1 May 2026, the force should act."),
    ]
    assert text[doc.blocks[2].start:doc.blocks[2].end] == "By 1 May 2026, the force should act."


def test_hard_wrapped_paragraph_is_one_block() -> None:
    text = ("The force should make sure that every victim of crime receives an\n"
            "update within the time the Victims' Code sets out.\n")
    assert len(text_doc(text).blocks) == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Zoë’s report".encode(), "Zoë’s report"),
        ("Zoë’s report".encode("cp1252"), "Zoë’s report"),
        (b"\xef\xbb\xbfWith BOM", "With BOM"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text"),
    ],
)
def test_decoding_utf8_windows1252_and_boms(data: bytes, expected: str) -> None:
    assert decode(data) == expected


def test_utf16_file_with_bom_is_read() -> None:
    doc = read_bytes("Recommendation 1\n\nBy 1 May 2026, the force should act.\n".encode("utf-16"),
                     "txt")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_iso_8859_1_with_bytes_windows_1252_leaves_undefined_is_read() -> None:
    text = "Commissioner’s response: café, résumé and naïve £5 fees.\x81 The force should act.\n" * 20
    data = text.replace("’", "'").encode("latin-1")
    assert decode(data) == text.replace("’", "'")


def test_utf16_without_a_byte_order_mark_and_other_encodings_are_read() -> None:
    assert decode("Recommendation 1: the force should act.\n".encode("utf-16-le") * 5).startswith(
        "Recommendation 1")
    assert decode("警察の検査報告書です。".encode("shift_jis") * 10).startswith("警察の検査報告書")


def test_what_is_not_text_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="not text"):
        decode(bytes(range(256)) * 40)


# -- HTML ---------------------------------------------------------------------

INSPECTORATE_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Report</title>
<script>var tracking = 1;</script><style>.x{}</style></head><body>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<a class="govuk-skip-link" href="#main">Skip to main content</a>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li>Publications</li></ul></nav></header>
<nav class="breadcrumb"><ol><li>Home</li><li>Reports</li></ol></nav>
<main id="main">
<h1>An inspection of Kent Police</h1>
<p>Published on: <strong>12 June 2025</strong></p>
<h2>Areas for improvement</h2>
<ul><li>The force should improve its call handling.<ul><li>nested detail</li></ul></li>
<li>The force should review its <a href="#">custody</a> procedures.</li></ul>
<table><tr><th>Area</th><th>Grade</th></tr><tr><td>Investigating crime</td><td>Good</td></tr></table>
<aside class="related"><h2>Related publications</h2><p>Other reports</p></aside>
<div class="share-links">Share this page</div>
</main>
<footer class="site-footer"><p>© Crown copyright</p></footer>
</body></html>"""


def test_html_reads_main_content_and_skips_furniture() -> None:
    doc = read_bytes(INSPECTORATE_PAGE.encode(), "html")
    assert kinds(doc) == [
        ("heading", "An inspection of Kent Police"),
        ("paragraph", "Published on: 12 June 2025"),
        ("heading", "Areas for improvement"),
        ("list_item", "The force should improve its call handling."),
        ("list_item", "nested detail"),
        ("list_item", "The force should review its custody procedures."),
        ("table_row", "Area\tGrade"),
        ("table_row", "Investigating crime\tGood"),
    ]
    assert "- The force should improve" in doc.text
    for furniture in ("cookies", "Skip to", "Home", "Related", "Share", "Crown"):
        assert furniture not in doc.text


# -- DOCX ---------------------------------------------------------------------


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_heading("PCC response to the inspection of Essex Police", level=1)
    d.add_paragraph("Introductory paragraph.")
    d.add_paragraph("first bullet", style="List Bullet")
    d.add_paragraph("second bullet", style="List Number")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Date published"
    table.cell(0, 1).text = "3 April 2024"
    table.cell(1, 0).text = "Force"
    table.cell(1, 1).text = "Essex"
    d.add_paragraph("After the table.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_docx_paragraphs_lists_and_tables_in_reading_order() -> None:
    doc = read_bytes(_docx_bytes(), "docx")
    assert kinds(doc) == [
        ("heading", "PCC response to the inspection of Essex Police"),
        ("paragraph", "Introductory paragraph."),
        ("list_item", "first bullet"),
        ("list_item", "second bullet"),
        ("table_row", "Date published\t3 April 2024"),
        ("table_row", "Force\tEssex"),
        ("paragraph", "After the table."),
    ]
    assert doc.blocks[0].level == 1


# -- PDF ----------------------------------------------------------------------

PDF_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><style>
@page { size: A5; margin: 20mm 15mm;
  @top-center { content: "OFFICIAL SENSITIVE"; font-size: 8pt; }
  @bottom-center { content: "Page " counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Serif"; font-size: 10pt; text-align: justify; hyphens: auto; }
h1 { font-size: 18pt; font-family: "DejaVu Sans"; }
table { width: 100%; } td { vertical-align: top; }
</style></head><body>
<h1>Inspection of Lancashire Constabulary</h1>
<p>Our judgments</p>
<table><tr><td>Outstanding</td><td>Good</td><td>Adequate</td></tr>
<tr><td></td><td>Preventing crime</td><td>Investigating crime</td></tr></table>
<p>Areas for improvement</p>
<ul><li>The force should improve its understanding of organisational vulnerabilities
and counter-corruption intelligence.</li><li>The force should review supervision.</li></ul>
""" + "<p>" + ("Extraordinarily comprehensive responsibilities " * 40) + "</p>" + """
<p>""" + ("Neighbourhood policing arrangements were reviewed thoroughly. " * 60) + """</p>
</body></html>"""


@pytest.fixture(scope="module")
def pdf_doc():  # type: ignore[no-untyped-def]
    from weasyprint import HTML

    return read_bytes(HTML(string=PDF_PAGE).write_pdf(), "pdf")


def test_pdf_headings_bullets_and_page_furniture(pdf_doc) -> None:  # type: ignore[no-untyped-def]
    doc = pdf_doc
    assert doc.pages and doc.pages >= 2
    blocks = kinds(doc)
    assert blocks[0] == ("heading", "Inspection of Lancashire Constabulary")
    items = [t for k, t in blocks if k == "list_item"]
    assert items == [
        "The force should improve its understanding of organisational vulnerabilities "
        "and counter-corruption intelligence.",
        "The force should review supervision.",
    ]
    assert "OFFICIAL SENSITIVE" not in doc.text
    assert "Page 1" not in doc.text and "Page 2" not in doc.text


def test_pdf_table_cells_keep_their_columns(pdf_doc) -> None:  # type: ignore[no-untyped-def]
    rows = [b for b in pdf_doc.blocks if b.kind == "table_row"]
    header, body = rows[0], rows[1]
    assert pdf_doc.cell_texts(header) == ["Outstanding", "Good", "Adequate"]
    cols = {c.col: pdf_doc.text[c.start:c.end] for c in body.cells if c.end > c.start}
    assert cols == {1: "Preventing crime", 2: "Investigating crime"}


def test_pdf_rejoins_hyphenated_words_and_paragraphs_across_pages(pdf_doc) -> None:  # type: ignore[no-untyped-def]
    text = pdf_doc.text
    assert "‐" not in text and "\u00ad" not in text
    long_words = ["Extraordinarily", "comprehensive", "responsibilities", "Neighbourhood",
                  "arrangements", "thoroughly"]
    for word in long_words:
        # every occurrence survives whole, however the lines were broken
        assert text.count(word) >= 40, word
    paragraphs = [t for k, t in kinds(pdf_doc) if t.startswith("Neighbourhood policing")]
    assert len(paragraphs) == 1  # one paragraph, though it runs across a page break


def test_pdf_bullets_drawn_inline_with_their_text() -> None:
    from weasyprint import HTML

    html = ("<body style='font-family: DejaVu Serif; font-size: 10pt'>"
            "<p>Areas for improvement</p>"
            "<p>• The force should improve how it records equality data for every victim of "
            "crime, so that it understands who is affected and how.</p>"
            "<p>• The force should review supervision.</p></body>")
    doc = read_bytes(HTML(string=html).write_pdf(), "pdf")
    assert kinds(doc)[1:] == [
        ("list_item", "The force should improve how it records equality data for every victim "
                      "of crime, so that it understands who is affected and how."),
        ("list_item", "The force should review supervision."),
    ]
