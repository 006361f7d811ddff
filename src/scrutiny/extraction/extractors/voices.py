"""Whose words a passage is: the commissioner's, the chief constable's, or someone else's.

Offices publish their comments on a report in several shapes besides a response
form: a news item quoting the commissioner ("…, Police and Crime Commissioner,
said: “…”"), a statement or letter in the commissioner's own voice ("I am writing
to you in response to…"), or a page that relays the chief constable's answer
("His response is as follows:").  These helpers find the speaker of a quotation
by the role the document gives them, following a pronoun or a surname back to
where the role is stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document

# "Police and Crime Commissioner", "Police, Fire and Crime Commissioner", "PCC", "Deputy Mayor",
# "Commissioner for Essex"; not the Met's or City of London's "Commissioner of Police".
ROLE_PCC = re.compile(
    r"\b(?:police(?:,|\s+and)?\s+(?:fire\s+(?:and|&)\s+)?(?:and\s+|&\s+)?crime\s+commissioner|"
    r"p(?:f)?cc|o(?:p|pf)cc|deputy\s+mayor|mayor|commissioner(?!\s+of\s+(?:police|the\s+metropolis))"
    r"(?<!police\scommissioner))\b", re.I)
ROLE_CC = re.compile(
    r"\b(?:(?:deputy\s+|assistant\s+|temporary\s+|acting\s+)?chief\s+constable|dcc|acc|chief\s+officer|"
    r"commissioner\s+of\s+(?:police|the\s+metropolis)|(?:metropolitan|met|city\s+of\s+london)\s+police\s+"
    r"commissioner|force\s+spokes(?:person|man|woman)|(?:chief\s+)?superintendent)\b", re.I)
ROLE_OTHER = re.compile(r"\b(?:inspector\s+of\s+constabulary|chief\s+inspector|hmi\b|hmci\b|minister|"
                        r"home\s+secretary|secretary\s+of\s+state)", re.I)
_SAID = re.compile(r"\b(?:said|says|added|adds|commented|comments|stated|states|continued|explained|"
                   r"responded|remarked)\s*[:;,]?\s*(?P<quote>[“\"‘'])")
_SPEECH_VERBS = ("said", "says", "added", "adds", "comment", "state", "continued", "explained", "responded",
                 "remarked")  # a cheap test before the pattern
_OPEN_QUOTE = re.compile(r"^\s*[“\"‘']")
_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady)?\.?\s*([A-Z][a-z’'-]+"
    r"(?:\s+[A-Z][a-z’'-]+){0,3})")
_PRONOUN = re.compile(r"^\s*(?:he|she|they)\b", re.I)
_FIRST_PERSON = re.compile(
    r"\b(?:as\s+(?:the\s+)?(?:police(?:,|\s+and)?\s+(?:fire\s+and\s+)?(?:and\s+)?crime\s+commissioner|pcc|pfcc|"
    r"commissioner)\b[^.]{0,80},\s*I\b|I\s+am\s+writing\s+to\s+you\s+in\s+response|my\s+(?:comments|response)\s+"
    r"(?:in\s+response\s+)?to\b|I\s+(?:welcome|have\s+(?:read|noted|considered))\s+(?:the|this)\s+(?:\w+\s+)?"
    r"report)", re.I)
COMMISSIONER_TITLE = re.compile(
    r"\b(?:(?:statement|comments?|response|letter)\s+(?:from|by|of)\s+(?:the\s+)?(?:deputy\s+mayor|mayor|"
    r"police(?:,|\s+and|\s+&)?\s+(?:fire\s+(?:and|&)\s+)?(?:(?:and|&)\s+)?crime\s+commissioner|"
    r"p(?:f)?cc|o(?:p|pf)cc|commissioner)|"
    r"(?:commissioner|p(?:f)?cc|o(?:p|pf)cc|mayor)['’]?s?\s+(?:statement|response|comments)(?!s))\b", re.I)


def role_of(text: str) -> str | None:
    """'pcc' or 'chief_constable' when a text names the speaker's role, else None."""
    pcc, cc, other = ROLE_PCC.search(text), ROLE_CC.search(text), ROLE_OTHER.search(text)
    found = [(m.start(), who) for m, who in ((pcc, "pcc"), (cc, "chief_constable"), (other, "other")) if m]
    if not found:
        return None
    return min(found)[1]


@dataclass
class Quote:
    author: str  # pcc | chief_constable
    start: int  # character offset of the quoted words
    blocks: list[int]


class Speakers:
    """Resolves who is speaking, following names and pronouns back through the document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def speaker_of(self, before: str, index: int) -> str | None:
        """The role of whoever the text before a quotation names as its speaker."""
        tail = re.split(r"(?<=[.!?])\s+", before.strip())[-1] if before.strip() else ""
        role = role_of(tail)
        if role:
            return role if role != "other" else None
        if _PRONOUN.match(tail) or not tail:
            return self.last_role(index, len(before))
        name = self.surname(tail)
        return self.role_of_name(name) if name else None

    @staticmethod
    def surname(text: str) -> str | None:
        names = [m.group(1) for m in _NAME.finditer(text)
                 if m.group(1).lower() not in ("in", "the", "he", "she")]
        return names[-1].split()[-1] if names else None

    def role_of_name(self, name: str) -> str | None:
        for block in self.doc.blocks:
            text = self.doc.clean(block)
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if re.search(r"\b" + re.escape(name) + r"\b", sentence):
                    role = role_of(sentence)
                    if role:
                        return role if role != "other" else None
        return None

    def last_role(self, index: int, within: int) -> str | None:
        """The role last named before a pronoun ('He said: …')."""
        for k in range(index, -1, -1):
            text = self.doc.clean(self.doc.blocks[k])
            if k == index:
                text = text[:within]
            last: tuple[int, str] | None = None
            for pattern, who in ((ROLE_PCC, "pcc"), (ROLE_CC, "chief_constable"), (ROLE_OTHER, "other")):
                for m in pattern.finditer(text):
                    if last is None or m.start() > last[0]:
                        last = (m.start(), who)
            if last:
                return None if last[1] == "other" else last[1]
        return None

    def quotes(self, skip: set[int]) -> list[Quote]:
        """Quotations by a commissioner or a chief constable, each with the paragraphs that continue it."""
        key = f"quotes:{sorted(skip)}"
        found = self.doc.memo.get(key)
        if found is None:
            found = self._quotes(skip)
            self.doc.memo[key] = found
        return list(found)  # type: ignore[call-overload]

    def _quotes(self, skip: set[int]) -> list[Quote]:
        doc = self.doc
        quotes: list[Quote] = []
        blocks = doc.blocks
        k = 0
        while k < len(blocks):
            if k in skip or blocks[k].kind == "table_row":
                k += 1
                continue
            raw = doc.raw(blocks[k])
            lowered = raw.lower()
            m = _SAID.search(raw) if any(verb in lowered for verb in _SPEECH_VERBS) else None
            start: int | None = None
            author: str | None = None
            if m:
                author = self.speaker_of(raw[: m.start()], k)
                start = blocks[k].start + m.end()
            elif _OPEN_QUOTE.match(raw) and k > 0 and not _OPEN_QUOTE.match(doc.raw(blocks[k - 1])):
                previous = doc.clean(blocks[k - 1])
                said = re.search(r"\b(?P<who>[A-Z][\w’'. -]{1,60}?)\s+(?:said|says|added|believes"
                    r"|explained)\b",
                                 previous)
                if said:
                    author = self.speaker_of(said.group("who"), k - 1)
                    start = blocks[k].start + len(raw) - len(raw.lstrip()) + 1
            if author is None or start is None:
                k += 1
                continue
            run = [k]
            j = k + 1
            while j < len(blocks) and j not in skip and _OPEN_QUOTE.match(doc.raw(blocks[j])):
                run.append(j)
                j += 1
            quotes.append(Quote(author, start, run))
            k = j
        return quotes


def speaks_as_commissioner(doc: Document, title: str | None, skip: set[int]) -> bool:
    """Does the document carry the commissioner's own comments (title, first person or a quotation)?"""
    if title and COMMISSIONER_TITLE.search(title):
        return True
    head = " ".join(doc.clean(b) for i, b in enumerate(doc.blocks[:30]) if i not in skip)
    if _FIRST_PERSON.search(head):
        return True
    return any(q.author == "pcc" for q in Speakers(doc).quotes(skip))
