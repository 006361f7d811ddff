"""Source text as HTML, with each finding highlighted where it came from."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlighted(text: str, spans: Iterable[tuple[int, int, str, str]]) -> SafeString:
    """The text, escaped, with ``<mark id=…>`` around each (start, end, id, label) span.

    Overlapping spans keep the first; spans outside the text are ignored.
    """
    parts: list[str] = []
    pos = 0
    for start, end, anchor, label in sorted(spans, key=lambda s: (s[0], s[1])):
        if start < pos or end <= start or end > len(text):
            continue
        parts.append(escape(text[pos:start]))
        parts.append(f'<mark id="{escape(anchor)}" class="source-mark" title="{escape(label)}">'
                     f"{escape(text[start:end])}</mark>")
        pos = end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def excerpt(text: str, start: int | None, end: int | None, margin: int = 600) -> SafeString:
    """The passage around a finding, the finding itself highlighted."""
    if start is None or end is None or end > len(text) or start >= end:
        return mark_safe("")
    hi = min(len(text), end + margin)
    lo = text.rfind("\n", 0, start - margin // 2) + 1 if start - margin // 2 > 0 else 0
    hi_break = text.find("\n", end + margin // 2)
    hi = hi_break if hi_break != -1 else hi
    before, body, after = text[lo:start], text[start:end], text[end:hi]
    return mark_safe(
        ("… " if lo else "") + escape(before) + '<mark class="source-mark">' + escape(body)
        + "</mark>" + escape(after) + (" …" if hi < len(text) else "")
    )
