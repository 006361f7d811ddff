"""The response as HTML, Word and PDF, laid out like the offices' published responses.

All three are made from a version's frozen content.  The PDF is rendered by
WeasyPrint with a URL fetcher that serves only the app's own static files, so no
text in a response can make it read a local file or fetch anything from a network.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from scrutiny.inspections.textblocks import blocks

STYLESHEET = "scrutiny/response.css"


def _day(value: str | None) -> str:
    return f"{date.fromisoformat(value):%-d %B %Y}" if value else "Not recorded"


def stylesheet(name: str) -> str:
    """A static stylesheet's text, to carry inside a stand-alone document ("" if missing)."""
    path = finders.find(name)
    if not path:
        return ""
    with open(path, encoding="utf-8") as f:
        return f.read()


def html_to_pdf(html: str) -> bytes:
    """A tagged (PDF/UA), searchable PDF of a stand-alone HTML document; nothing is fetched
    but the app's own static files."""
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=static_only_fetcher, base_url="static:").write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)


def to_html(content: dict[str, Any], *, standalone: bool = True) -> str:
    css = stylesheet(STYLESHEET) if standalone else ""
    template = "responses/document.html" if standalone else "responses/document_body.html"
    return render_to_string(template, {
        "c": content, "css": css, "published": _day(content["inspection"]["published"]),
        "deadline": _day(content["inspection"]["section55_deadline"]),
    })


def static_only_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Serve the app's own static files to WeasyPrint; refuse every other address."""
    prefix = "static:"
    if url.startswith(prefix):
        path = finders.find(url[len(prefix):])
        if path:
            with open(path, "rb") as f:
                return {"string": f.read(), "mime_type": "text/css" if path.endswith(".css")
                        else None}
    raise ValueError(f"Scrutiny does not fetch {url!r} while making a PDF")


def to_pdf(content: dict[str, Any]) -> bytes:
    """A tagged (PDF/UA), searchable PDF."""
    return html_to_pdf(to_html(content))


def to_docx(content: dict[str, Any]) -> bytes:
    """A Word document with real headings and lists (opens in Word and LibreOffice)."""
    import docx

    d = docx.Document()
    d.core_properties.title = content["title"]
    d.core_properties.author = content["office"]
    d.add_heading(content["title"], level=1)
    i = content["inspection"]
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (("Inspection title", i["title"]), ("Type of inspection", i["type"]),
                         ("Published", _day(i["published"])),
                         ("Section 55 response deadline", _day(i["section55_deadline"])),
                         ("Force", content["force"])):
        row = table.add_row().cells
        row[0].text, row[1].text = label, value
    if content.get("not_subject"):
        d.add_heading("Not the subject of this report", level=2)
        d.add_paragraph(content["not_subject_reason"])
    if content["key_findings"]:
        d.add_heading("Key findings", level=2)
        _paragraphs(d, content["key_findings"])
    for key, heading in (("causes_of_concern", "Causes of concern"),
                         ("recommendations", "Recommendations"),
                         ("areas_for_improvement", "Areas for improvement")):
        if not content[key]:
            continue
        d.add_heading(heading, level=2)
        for f in content[key]:
            d.add_heading(f["label"], level=3)
            _finding_text(d, f["text"])
            if f["due"] or f["due_text"]:
                d.add_paragraph(f"Deadline: {_day(f['due']) if f['due'] else f['due_text']}")
            if not f["applies"]:
                d.add_paragraph("The office has recorded that this does not apply to the force.")
            if f["cc_response"]:
                d.add_heading("Chief constable's response", level=4)
                _paragraphs(d, f["cc_response"])
    if content["context_recommendations"]:
        d.add_heading("Recommendations addressed to others", level=2)
        for f in content["context_recommendations"]:
            d.add_paragraph(f"{f['label']} ({f['addressee'] or 'others'}): {f['text']}",
                            style="List Bullet")
    for key, heading in (("cc_comments", "The chief constable's comments"),
                         ("pcc_comments", "The commissioner's comments"),
                         ("pcc_response_to_cc",
                          "The commissioner's response to the chief constable's comments")):
        if content[key]:
            d.add_heading(heading, level=2)
            _paragraphs(d, content[key])
    for section in content.get("extra_sections") or []:
        d.add_heading(section.get("heading", ""), level=2)
        _paragraphs(d, section.get("text", ""))
    if content["distribution"]:
        d.add_heading("Distribution", level=2)
        for e in content["distribution"]:
            d.add_paragraph(f"{e['label']}: {_day(e['done_on'])}", style="List Bullet")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _paragraphs(d: Any, text: str) -> None:
    for para in [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]:
        d.add_paragraph(" ".join(para.split()))


def _finding_text(d: Any, text: str) -> None:
    """A finding's lead-in as a paragraph and its sub-bullets as a real bulleted list."""
    for block in blocks(text):
        if block.kind == "ul":
            for item in block.items:
                d.add_paragraph(item, style="List Bullet")
        else:
            d.add_paragraph(block.text)
