"""Reader for HTML: saved inspectorate web pages and exported documents.

The page's main content is read (``<main>``, else ``<article>``, else the body);
navigation, banners, footers, cookie notices, share links and scripts are
skipped.  Headings, paragraphs, list items and table rows become blocks.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..document import Document, DocumentBuilder
from ..errors import UnreadableFile
from .plain import decode

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_CONTAINERS = {
    "div", "section", "article", "main", "body", "blockquote", "details", "summary",
    "figure", "dl", "ul", "ol", "table", "thead", "tbody", "tfoot", "center", "fieldset",
    "header", "footer", "aside", "nav", "address", "html", "form",
}
_BLOCK_TAGS = set(_HEADINGS) | {"p", "li", "tr", "dt", "dd", "figcaption", "caption", "pre",
                                "hr"} | _BLOCK_CONTAINERS
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "button", "select",
              "input", "textarea", "head", "title", "meta", "link", "img", "video", "audio",
              "canvas", "object", "picture", "map"}
_FURNITURE = [
    "nav", "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[role=search]",
    "[aria-hidden=true]", "[hidden]", "aside", "form",
    "[class*=cookie]", "[id*=cookie]", "[class*=breadcrumb]", "[class*=skip-link]",
    "[class*=share]", "[class*=social]", "[class*=related]", "[class*=feedback]",
    "[class*=govuk-header]", "[class*=govuk-footer]", "[class*=site-header]",
    "[class*=site-footer]", "[class*=menu]", "[class*=sidebar]", "[class*=print-link]",
    "[class*=visually-hidden]", "[class*=sr-only]",
]
_BOLD = {"b", "strong"}


def read_html(data: bytes, fmt: str) -> Document:
    text = _decode_html(data)
    tree = LexborHTMLParser(text)
    root = (
        tree.css_first("main")
        or tree.css_first("[role=main]")
        or tree.css_first("article")
        or tree.body
    )
    if root is None:
        raise UnreadableFile("is not an HTML page with any content")
    for selector in _FURNITURE:
        for node in root.css(selector):
            node.decompose()
    if root.tag == "body":
        for node in root.css("header, footer"):
            node.decompose()
    builder = DocumentBuilder(fmt)
    _walk(root, builder)
    if not builder.blocks:
        raise UnreadableFile("has no readable text in its main content")
    return builder.build()


def _decode_html(data: bytes) -> str:
    head = data[:2048].decode("ascii", "ignore").lower()
    m = re.search(r"charset=[\"']?([a-z0-9_-]+)", head)
    if m and m.group(1) not in ("utf-8", "utf8"):
        try:
            return data.decode(m.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _walk(node: LexborNode, out: DocumentBuilder) -> None:
    inline: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            inline.append(child.text_content or "")
            continue
        if tag in _SKIP_TAGS or tag == "-comment":
            continue
        if tag not in _BLOCK_TAGS:
            inline.append(_inline_text(child))
            continue
        _flush(inline, out)
        inline = []
        role = _role(child)
        if role == "list_item" and not _has_blocks(child):
            out.add("list_item", _inline_text(child), bold=_all_bold(child))
        elif role == "heading" and not _has_blocks(child):
            level = re.search(r"\d", child.attributes.get("class") or "")
            out.add("heading", _inline_text(child), level=int(level.group()) if level else None, bold=True)
        elif tag in _HEADINGS:
            out.add("heading", _inline_text(child), level=_HEADINGS[tag], bold=True)
        elif tag in ("p", "dt", "dd", "figcaption", "caption", "pre"):
            _paragraph(child, out)
        elif tag == "li":
            out.add("list_item", _inline_text(child), bold=_all_bold(child))
            for nested in child.iter():
                if nested.tag in ("ul", "ol", "table"):
                    _walk(nested, out)
        elif tag == "tr":
            cells = [c for c in child.iter() if c.tag in ("td", "th")]
            blocks_in_value = (
                sum(1 for c in cells[1].iter() if c.tag in ("p", "ul", "ol", "div"))
                if len(cells) == 2 else 0
            )
            if blocks_in_value > 1:
                # A form row whose value is a passage: its label, then its content.
                out.add("heading", _inline_text(cells[0]))
                _walk(cells[1], out)
            else:
                out.add_row([_inline_text(c) for c in cells])
        elif tag != "hr":
            _walk(child, out)
    _flush(inline, out)


# Pages built from styled divs name what an element is in its class or role.
_LIST_CLASS = re.compile(r"(?:^|[\s_-])(?:list-?item|listitem|bullet(?:ed)?|li)(?:$|[\s_-])", re.I)
_HEADING_CLASS = re.compile(r"(?:^|[\s_-])(?:heading|title|subtitle|subheading|h[1-6])(?:$|[\s_-])", re.I)


def _role(node: LexborNode) -> str | None:
    """'heading' or 'list_item' for a div or span marked as one by its class or ARIA role."""
    if node.tag not in ("div", "span", "p", "section"):
        return None
    aria = (node.attributes.get("role") or "").lower()
    if aria == "heading":
        return "heading"
    if aria == "listitem":
        return "list_item"
    classes = node.attributes.get("class") or ""
    if _LIST_CLASS.search(classes):
        return "list_item"
    if _HEADING_CLASS.search(classes):
        return "heading"
    return None


def _has_blocks(node: LexborNode) -> bool:
    return any(c.tag in _BLOCK_TAGS for c in node.iter())


def _paragraph(node: LexborNode, out: DocumentBuilder) -> None:
    text = _inline_text(node)
    out.add("paragraph", text, bold=_all_bold(node))


def _flush(inline: list[str], out: DocumentBuilder) -> None:
    text = "".join(inline)
    if text.strip():
        out.add("paragraph", text)


def _inline_text(node: LexborNode) -> str:
    parts: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br":
            parts.append("\n")
        elif tag in _SKIP_TAGS or tag == "-comment" or tag in ("ul", "ol", "table"):
            continue
        else:
            parts.append(_inline_text(child))
            if tag in ("td", "th", "div", "p"):
                parts.append(" ")
    return "".join(parts)


def _all_bold(node: LexborNode) -> bool:
    own = " ".join(_inline_text(node).split())
    if not own:
        return False
    bold = " ".join(
        " ".join(_inline_text(c).split()) for c in node.iter() if c.tag in _BOLD
    )
    return bold == own
