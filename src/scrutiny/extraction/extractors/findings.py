"""Recommendations, causes of concern, areas for improvement and practice.

Findings are found through the inspectorate's labels ("Recommendation 3",
"Areas for improvement", "Cause of concern", "Innovative practice") and its
directive layouts:

- under a numbered label the finding is the paragraph that follows, with the
  lead-ins and sub-bullets that elaborate it;
- under an unnumbered label each item is a finding: the bullets after a lead-in
  ("The force should immediately:"), one finding per bullet with the lead-in's
  deadline and addressee; the heading-style sentences of a PEEL report; or the
  directive paragraphs ("The force should…");
- after a cause of concern come its recommendations;
- without any label, a directive lead-in with bullets ("Within six months the
  force should put in place arrangements to ensure that:") and a recommendation
  tracker page's own recommendation (the text above its status log) are findings;
  so are the recommendations a cause of concern letter restates.

Narrative lists ("the force needs to:", "more work to do, in particular:"),
counts and paraphrases are not findings, nor are earlier reports' findings quoted
back outside a letter about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from ..dates import find_dates, parse_month_end
from ..document import Block, Document, clean_text, strip_list_marker
from ..forces import resolve_forces, without_forces
from ..peel import match_concept
from .kinds import TRACKER_LOG, TRACKER_STATUS, has_status_log, is_news
from .structure import Layout, response_author
from .tables import FindingTable, cell, row_ref
from .vocabulary import (
    CAPTION,
    STRUCTURAL,
    TERMINAL,
    directive_addressee,
    finding_label,
    grade_of,
    is_directive,
    is_furniture,
    is_headingish,
    label_area,
    norm,
)

_LIST_GLUE = re.compile(r"\s*(?:[;,]\s*(?:and|or)?|;\s*)\s*$")
_DUE_DATE = re.compile(
    r"\b(?:by|before|no later than|not later than|by the end of|at the latest by)\s+"
    r"(?:the\s+end\s+of\s+)?",
    re.I,
)
_RELATIVE_DUE = re.compile(
    r"\b(?:within\s+(?:the\s+next\s+)?(?:\w+|\d+)\s+(?:working\s+)?(?:days?|weeks?|months?|years?)"
    r"|with\s+immediate\s+effect|immediately)\b",
    re.I,
)
# "within 24 hours of receipt" describes how an action works; it is not a deadline.
_NOT_A_DEADLINE = re.compile(r"^within\s+\S+\s+(?:hours?|minutes?)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")
_ORPHAN_STOP = re.compile(r"(?<=[.!?])\s+[.]\s*$")
# A lead-in to findings: it directs ("… should make sure that:") or announces them
# ("We made the following recommendations:").
_LEAD_DIRECTS = re.compile(r"\bshould\b[^.]*:\s*$", re.I)
_LEAD_ANNOUNCES = re.compile(
    r"\b(?:the\s+following|these|our|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:new\s+)?(?P<word>recommendations?|areas?\s+for\s+improvement)\b[^.]*:\s*$", re.I)
# Reported as made in an earlier report: "In our 2017 report, we recommended that all forces should:".
_QUOTED_EARLIER = re.compile(
    r"\b(?:we|hmic(?:frs)?|the\s+inspectorate|it)\s+(?:had\s+)?recommended\b|\brecommended\s+that\b|"
    r"\b(?:in|from)\s+(?:our|the|its)\s+(?:(?:19|20)\d\d\s+)?(?:\w+\s+){0,3}(?:report|inspection)\b", re.I)
_PLURAL_LABEL = re.compile(
    r"^(?:(?:our|the|new|summary\s+of|list\s+of|all)\s+)?(?:recommendations|areas\s+for\s+improvement|afis)\b",
    re.I)
_DEMONSTRATIVE = re.compile(r"\b(?:this|these|that|those\s+plans?|such|it|its)\b", re.I)
# "… a small number of broad 'Areas for Improvement' (AFIs) rather than …: The force should …"
_AFTER_COLON = re.compile(r":\s+(?P<opener>(?:The|All|Chief)\s+(?:[\w’']+\s+){0,3}?should)\b", re.I)
_FINDINGS_WORD = re.compile(r"\b(?:areas?\s+for\s+improvement|AFIs?|recommendations?)\b", re.I)
_PARAGRAPH_NUMBER = re.compile(r"\s\d{1,2}\.\d{1,2}\s")
_COUNT_LINE = re.compile(r"^\d+\s+(?:recommendations?|areas?\s+for\s+improvement"
    r"|causes?\s+of\s+concern)$", re.I)
_SHOULD = re.compile(r"\bshould\b", re.I)
_CONCERN_DOCUMENT = re.compile(r"\bcauses?\s+(?:of|for)\s+concern\b", re.I)
_AREA_OF_CONCERN = re.compile(r"\bcauses?\s+(?:of|for)\s+concern\b.{0,5}[:–—-]\s*\S", re.I)
_QUOTED_PARAGRAPH = re.compile(r"^[“\"‘'](?P<text>.+?)[”\"’']?$", re.S)


@dataclass
class Finding:
    type: str
    ref: str | None
    text: str
    due: date | None
    due_text: str | None
    addressee: str | None
    area: str | None
    start: int
    end: int
    page: int | None
    rule: str = ""  # which layout produced it, for --explain
    basis: str = ""  # the label or lead-in it was found under

    def as_contract(self) -> dict[str, object]:
        return {
            "type": self.type,
            "ref": self.ref,
            "text": self.text,
            "due": self.due.isoformat() if self.due else None,
            "due_text": self.due_text,
            "addressee": self.addressee,
            "area": self.area,
            "location": {"page": self.page, "start": self.start, "end": self.end},
        }


def find_due(text: str) -> tuple[date | None, str | None]:
    """The deadline a finding sets: a calendar date, or a relative term as printed."""
    for m in _DUE_DATE.finditer(text):
        tail = text[m.end() : m.end() + 40]
        for d, s, e in find_dates(tail):
            if s == 0:
                return d, text[m.start() : m.end() + e]
        month_end = parse_month_end(tail)
        if month_end and re.match(r"^[A-Za-z]+\.?\s+\d{4}", tail):
            span = re.match(r"^[A-Za-z]+\.?\s+\d{4}", tail)
            assert span is not None
            return month_end, text[m.start() : m.end() + span.end()]
    for rel in _RELATIVE_DUE.finditer(text):
        if not _NOT_A_DEADLINE.match(rel.group(0)):
            return None, rel.group(0)
    return None, None


def is_lead_in(text: str) -> bool:
    """Does a line introduce a list of findings ('The force should immediately:')?"""
    return bool(_LEAD_DIRECTS.search(text) or _LEAD_ANNOUNCES.search(text))


class _Builder:
    def __init__(self, doc: Document, layout: Layout, kind: str | None) -> None:
        self.doc = doc
        self.layout = layout
        self.kind = kind
        self.found: list[Finding] = []
        self.covered: set[int] = set()  # blocks inside findings sections
        self.tracker = has_status_log(doc)
        self.basis = ""  # the label being read, for explanations

    # -- making findings -------------------------------------------------
    def add(
        self,
        kind: str,
        ref: str | None,
        first: int,
        last: int,
        lead: Block | None = None,
        start: int | None = None,
        end: int | None = None,
        rule: str = "",
    ) -> None:
        doc = self.doc
        blocks = doc.blocks
        s = blocks[first].start if start is None else start
        e = blocks[last].end if end is None else end
        if first == last:
            m = _LIST_GLUE.search(doc.text, s, e)
            if m and m.start() > s:
                e = m.start()
        orphan = _ORPHAN_STOP.search(doc.text, s, e)
        if orphan:
            e = orphan.start()
        quoted = doc.text[s:e]
        if quoted[:1] in "“\"" and quoted.rstrip()[-1:] in "”\"":
            s, e = s + 1, s + len(quoted.rstrip()) - 1
        text = clean_text(doc.text[s:e])
        if kind.endswith("practice") and not is_headingish(doc, blocks[first]):
            text = _SENTENCE_END.split(text, maxsplit=1)[0]
            e = s + len(text) if doc.text[s : s + len(text)] == text else e
        if not text:
            return
        if self.is_repeat(kind, ref, text):
            return
        due, due_text = (None, None)
        addressee = None
        if kind in ("recommendation", "area_for_improvement"):
            due, due_text = find_due(text)
            addressee = directive_addressee(text)
            if lead is not None:
                lead_text = doc.clean(lead)
                if due_text is None:
                    due, due_text = find_due(lead_text)
                if addressee is None:
                    addressee = _lead_addressee(lead_text)
        basis = doc.clean(lead) if lead is not None else self.basis
        self.found.append(
            Finding(kind, ref, text, due, due_text, addressee, self.area_of(first),
                    s, e, blocks[first].page, rule, basis)
        )

    def is_repeat(self, kind: str, ref: str | None, text: str) -> bool:
        """A finding printed again (a summary list, a quote above its answer) is one finding.

        Two findings with the same number are the same one only when their texts
        agree too: some reports number recommendations afresh in each chapter.
        """
        key = norm(text)[:150]
        for seen in self.found:
            if seen.type != kind:
                continue
            other = norm(seen.text)[:150]
            if other == key:
                return True
            if ref and seen.ref == ref and SequenceMatcher(None, key, other).ratio() >= 0.5:
                return True
        return False

    def area_of(self, index: int) -> str | None:
        """The report area a finding sits under: a graded area heading, a PEEL question or
        area, an 'Area: label' heading, or a cause of concern's own heading ('Accelerated
        cause of concern: investigations')."""
        graded = self.layout.area.get(index)
        doc = self.doc
        for k in range(index - 1, -1, -1):
            if self.is_label(k):
                named = label_area(doc.clean(doc.blocks[k]))
                if named:
                    return named
            if k == self.layout.title_index:
                break
            if k in self.layout.area_headings:
                return graded
            block = doc.blocks[k]
            if block.kind in ("list_item", "table_row") or k in self.covered and not self.is_label(k):
                continue
            if not is_headingish(doc, block):
                continue
            text = doc.clean(block).rstrip(":")
            if STRUCTURAL.match(text):
                return graded
            if _AREA_OF_CONCERN.search(text) and not finding_label(text):
                return text
            m = match_concept(text, strict=True)
            if m is not None and m.concept.kind in ("question", "area") and not grade_of(text):
                return text
        return graded

    def is_label(self, index: int) -> bool:
        block = self.doc.blocks[index]
        return block.kind != "table_row" and finding_label(self.doc.clean(block)) is not None

    # -- sections ----------------------------------------------------------
    def section_end(self, label: int) -> int:
        blocks = self.doc.blocks
        level = blocks[label].level
        for k in range(label + 1, len(blocks)):
            if self.layout.is_boundary(self.doc, k) or self.is_status_log(k):
                return k
            b = blocks[k]
            # Only a heading above the label's own level ends it: a file converted from Word
            # often prints every heading, findings included, at one level.
            if b.kind == "heading" and level is not None and b.level is not None and b.level < level:
                return k
        return len(blocks)

    def is_status_log(self, index: int) -> bool:
        return self.tracker and bool(TRACKER_LOG.search(self.doc.raw(self.doc.blocks[index])))

    def body(self, first: int, end: int) -> int:
        """Last block of a numbered finding: its paragraph, lead-ins and sub-bullets."""
        doc, blocks = self.doc, self.doc.blocks
        last = first
        k = first + 1
        while k < end:
            b = blocks[k]
            prev_text = doc.clean(blocks[last])
            if b.kind == "list_item" and (
                blocks[last].kind == "list_item"
                or not prev_text.endswith(TERMINAL)
                or prev_text.endswith(":")
            ) or (
                b.kind != "list_item"
                and last == first
                and doc.clean(b).endswith(":")
                and k + 1 < end
                and blocks[k + 1].kind == "list_item"
            ):
                last = k
            else:
                break
            k += 1
        return last

    def numbered(self, kind: str, ref: str | None, label: int, rest: str) -> int:
        end = self.section_end(label)
        if end == label + 1 and end < len(self.doc.blocks) and not self.is_label(end) \
                and not self.layout.is_boundary(self.doc, end):
            # A numbered label is followed by its finding, whatever heading level it is given.
            end = max(end + 1, self.section_end(end))
        if rest:
            start = self.rest_start(label, rest)
            last = self.body(label, end)
            self.add(kind, ref, label, last, start=start, rule="label with its finding on the same line")
            return last + 1
        if label + 1 >= end:
            return label + 1
        first = label + 1
        if kind.endswith("practice"):
            self.add(kind, ref, first, first, rule="first line under a label")
            return first + 1
        last = self.body(first, end)
        self.add(kind, ref, first, last, rule="paragraph under a numbered label")
        return last + 1

    def rest_start(self, label: int, rest: str) -> int:
        block = self.doc.blocks[label]
        raw = self.doc.raw(block)
        offset = raw.find(rest.split()[0], 1)
        return block.start + max(offset, 0)

    def unnumbered(self, kind: str, label: int, rest: str = "") -> int:
        doc, blocks = self.doc, self.doc.blocks
        end = self.section_end(label)
        section = range(label + 1, end)
        if rest:
            self.add(kind, None, label, label, start=self.rest_start(label, rest),
                     rule="label with its finding on the same line")
        if not section:
            return end

        def candidate(k: int) -> bool:
            b = blocks[k]
            text = doc.clean(b)
            return (
                b.kind != "list_item"
                and is_headingish(doc, b)
                and not text.endswith(":")
                and not CAPTION.match(text)
                and not grade_of(text)
            )

        if kind.endswith("practice"):
            headings = [k for k in section if candidate(k)]
            for k in headings or [section[0]]:
                self.add(kind, None, k, k, rule="heading under a label")
            return end
        if kind == "cause_of_concern":
            return self.concern(label, end)
        headings = [k for k in section if candidate(k)]
        directive_headings = [k for k in headings if is_directive(doc.clean(blocks[k]))]
        return self.items(kind, section, directive_headings, end)

    def concern(self, label: int, end: int) -> int:
        """A cause of concern: its statement, then the recommendations that go with it."""
        doc, blocks = self.doc, self.doc.blocks
        first = label + 1
        if first >= end:
            return end
        text = doc.clean(blocks[first])
        if blocks[first].kind == "list_item" or text.endswith(":") or _first_sentence_directs(text):
            return self.items("recommendation", range(first, end), [], end)
        self.add("cause_of_concern", None, first, first, rule="statement under a 'cause of concern' label")
        return self.items("recommendation", range(first + 1, end), [], end, after_concern=True)

    def items(self, kind: str, section: range, directive_headings: list[int], end: int,
              after_concern: bool = False) -> int:
        """The findings of an unnumbered section: bullets, heading-style sentences, directive paragraphs.

        A bullet is a finding when it follows the label directly, a lead-in that
        directs or announces findings, or is a directive itself; bullets after a
        narrative lead-in ("The key aims of the approach are to:") elaborate and are
        not.  Once findings have been found, a heading that is not one ends the section.
        """
        doc, blocks = self.doc, self.doc.blocks
        # Items of one list open alike ("HMIC recommends that the force should …") whether or
        # not the text that follows ends with a full stop.
        openers = {_opener(doc.clean(blocks[k])) for k in directive_headings}
        lead: Block | None = None
        narrative = after_concern  # after a concern's statement only directive lists are its recommendations
        found_any = False
        for k in section:
            b = blocks[k]
            text = doc.clean(b)
            if self.row_furniture(text):
                continue  # a tracker row's number, status or force beside each recommendation
            if b.kind == "list_item":
                if narrative and not (is_directive(text) or _SHOULD.search(text)):
                    continue
                rule = ("bullet under a lead-in" if lead is not None
                        else "bullet under a label")
                self.add(kind, _marker_ref(b.marker), k, k, lead=lead, rule=rule)
                found_any = True
            elif text.endswith(":"):
                lead = b
                narrative = not is_lead_in(text) and not is_directive(text)
            elif self.is_labelled_response(text):
                return k  # "OPCC comment: …" answers the findings above it
            elif directive_headings:
                if k in directive_headings or (is_directive(text) and _opener(text) in openers):
                    self.add(kind, None, k, k, rule="heading-style directive sentence under a label")
                    found_any = True
                elif found_any and is_headingish(doc, b) and not is_directive(text):
                    return k
            elif is_directive(text):
                self.add(kind, None, k, k, rule="directive paragraph under a label")
                found_any = True
                lead = None
            elif self.cut_off(k) and (found_any or not after_concern):
                self.add(kind, None, k, k, lead=lead, rule="item cut off at the end of the text")
                found_any = True
            elif found_any and is_headingish(doc, b):
                return k
        return end

    @staticmethod
    def is_labelled_response(text: str) -> bool:
        m = re.match(r"^(?P<label>[^:]{3,70}):\s+\S", text)
        return bool(m and response_author(m.group("label")))

    def row_furniture(self, text: str) -> bool:
        return bool(is_furniture(text) or TRACKER_STATUS.match(text) or _COUNT_LINE.match(text)
                    or (resolve_forces(text) and not without_forces(text).strip(" ,.:;–-")))

    def cut_off(self, index: int) -> bool:
        """The document's last block, stopping mid-sentence."""
        if index != len(self.doc.blocks) - 1:
            return False
        return not self.doc.clean(self.doc.blocks[index]).endswith(TERMINAL)

    def table_row(self, table: FindingTable, index: int) -> None:
        """One finding from a row of a findings table."""
        text_cell = cell(self.doc, index, table.kind_col)
        if text_cell is None:
            return
        ref, start = row_ref(self.doc, table, index)
        text = clean_text(self.doc.text[start : text_cell.end])
        label = finding_label(text)
        if label and label[2]:
            ref = ref or label[1]
            start = self.doc.text.find(label[2].split()[0], start, text_cell.end)
        if start >= 0:
            self.add(table.kind, ref, index, index, start=start, end=text_cell.end,
                     rule="row of a findings table")

    # -- findings without a label ----------------------------------------------------
    def unlabelled(self) -> None:
        """Directive lead-ins with their bullets, outside any labelled section."""
        doc, blocks = self.doc, self.doc.blocks
        if self.kind == "other" and not self.tracker and is_news(doc, self.layout):
            return  # a news release paraphrases a report's findings
        for i, block in enumerate(blocks):
            if i in self.covered or block.kind in ("list_item", "table_row"):
                continue
            text = doc.clean(block)
            if not text.endswith(":") or not is_lead_in(text):
                continue
            if _QUOTED_EARLIER.search(text) and self.kind != "inspection_letter":
                continue
            if not _LEAD_DIRECTS.search(text) and not self.listed_directives(i):
                continue  # "These include:" over paraphrases
            if _LEAD_DIRECTS.search(text) and not self.leads_findings(text):
                continue  # "This work should include:" elaborates a finding
            kind = "area_for_improvement" if re.search(r"\bareas?\s+for\s+improvement\b", text, re.I) \
                else "recommendation"
            k = i + 1
            while k < len(blocks) and blocks[k].kind == "list_item" and k not in self.covered:
                self.add(kind, _marker_ref(blocks[k].marker), k, k, lead=block,
                         rule="bullet under a directive lead-in")
                self.covered.add(k)
                k += 1
            if k > i + 1:
                self.covered.add(i)
                self.concern_statement(i)

    def leads_findings(self, lead: str) -> bool:
        """A directive lead-in of its own, not one elaborating a finding already stated."""
        addressee = _lead_addressee(lead)
        if addressee is None or _DEMONSTRATIVE.search(addressee):
            return False
        key = norm(lead)
        return not any(key in norm(f.text) or norm(f.text)[:150] in key for f in self.found)

    def run_on(self) -> None:
        """Findings run together after a lead-in within one paragraph, as text copied from a PDF
        prints them: '… the following areas for improvement: The force should … The force should …'."""
        doc = self.doc
        for i, block in enumerate(doc.blocks):
            if i in self.covered or block.kind != "paragraph":
                continue
            raw = doc.raw(block)
            lead = _inline_lead(raw)
            if lead is None:
                continue
            words = r"\s+".join(map(re.escape, lead.group("opener").split()))
            opener = re.compile(r"(?<![\w’'])" + words + r"\b")
            starts = [m.start() for m in opener.finditer(raw, lead.start("opener"))]
            if len(starts) < 2:
                continue
            kind = "area_for_improvement" if _first_word_afi(lead.group("lead")) else "recommendation"
            self.basis = lead.group("lead").strip() + ":"
            ends = [*starts[1:], None]
            for start, nxt in zip(starts, ends, strict=True):
                stop = _PARAGRAPH_NUMBER.search(raw, start, nxt if nxt is not None else len(raw))
                end = stop.start() if stop else (nxt if nxt is not None else len(raw))
                finish = block.start + len(raw[:end].rstrip())
                self.add(kind, None, i, i, start=block.start + start, end=finish,
                         rule="findings run together after a lead-in")
            self.covered.add(i)

    def listed_directives(self, lead: int) -> bool:
        blocks = self.doc.blocks
        k = lead + 1
        items = []
        while k < len(blocks) and blocks[k].kind == "list_item":
            items.append(self.doc.clean(blocks[k]))
            k += 1
        return bool(items) and all(is_directive(t) for t in items)

    def concern_statement(self, lead: int) -> None:
        """In a cause of concern letter, the quoted finding just before its recommendations."""
        if self.kind != "inspection_letter" or not _CONCERN_DOCUMENT.search(self.doc.text[:3000]):
            return
        doc, blocks = self.doc, self.doc.blocks
        for k in range(lead - 1, max(-1, lead - 4), -1):
            if k in self.covered:
                return
            text = doc.clean(blocks[k])
            if blocks[k].kind == "paragraph" and _QUOTED_PARAGRAPH.match(text) and text[:1] in "“\"":
                self.basis = doc.clean(blocks[lead])
                self.add("cause_of_concern", None, k, k, rule="quoted cause of concern in a letter about it")
                self.covered.add(k)
                return

    def tracker_page(self) -> None:
        """A tracker page's recommendation: the directive text above its status log."""
        if not self.tracker:
            return
        doc, blocks = self.doc, self.doc.blocks
        for i, block in enumerate(blocks):
            if self.is_status_log(i):
                return
            if i in self.covered or i in self.layout.furniture or block.kind != "paragraph":
                continue
            text = doc.clean(block)
            if is_directive(text) and not text.endswith(":"):
                self.add("recommendation", None, i, i, rule="recommendation above a tracker status log")
                self.covered.add(i)


class _InlineLead:
    """A lead-in ending in a colon inside a paragraph, and the directive opener after it."""

    def __init__(self, lead: str, opener: str, opener_start: int) -> None:
        self.lead, self.opener, self.opener_start = lead, opener, opener_start

    def group(self, name: str) -> str:
        return self.lead if name == "lead" else self.opener

    def start(self, name: str) -> int:
        return self.opener_start


def _inline_lead(raw: str) -> _InlineLead | None:
    """'… areas for improvement … : The force should …' within one paragraph."""
    if ":" not in raw or "should" not in raw:
        return None
    for m in _AFTER_COLON.finditer(raw):
        start = max(raw.rfind(".", 0, m.start()), raw.rfind(":", 0, m.start())) + 1
        lead = raw[start: m.start()]
        if _FINDINGS_WORD.search(lead):
            return _InlineLead(lead, m.group("opener"), m.start("opener"))
    return None


def _first_word_afi(lead: str) -> bool:
    afi = re.search(r"\bareas?\s+for\s+improvement\b|\bAFIs?\b", lead, re.I)
    rec = re.search(r"\brecommendations?\b", lead, re.I)
    return afi is not None and (rec is None or afi.start() < rec.start())


def _opener(text: str) -> str:
    return " ".join(text.lower().split()[:4])


def _first_sentence_directs(text: str) -> bool:
    """'The force should …' (a recommendation), not 'The force needs to improve …' (a concern)."""
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    return bool(re.search(r"\bshould\b", first, re.I)) and is_directive(first)


def _label_name(kind: str) -> str:
    return kind.replace("_", " ")


def _lead_addressee(lead: str) -> str | None:
    """Who a lead-in addresses, also when it reports them.

    '…, stating that the force should make sure that:' addresses the force.
    """
    found = directive_addressee(lead)
    if found:
        return found
    m = re.search(r"(?:\bthat|,)\s+(?P<addr>(?:the|all|chief|those|each"
        r"|every)\b[\w’' ]{0,60}?)\s+should\b", lead, re.I)
    return m.group("addr") if m else None


def _marker_ref(marker: str) -> str | None:
    m = re.match(r"^\(?(\d{1,3}|[a-z])[.)]?$", marker)
    return m.group(1) if m else None


def extract_findings(doc: Document, layout: Layout, kind: str | None = None) -> list[Finding]:
    """Every finding in the document, each once, in order of first printing.

    ``kind`` is the document's kind: a letter about causes of concern restates
    its findings in full; a news release only paraphrases.
    """
    builder = _Builder(doc, layout, kind)
    blocks = doc.blocks
    table_of = {row: table for table in layout.tables for row in table.rows}
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "table_row":
            if i in table_of:
                builder.table_row(table_of[i], i)
            i += 1
            continue
        text = strip_list_marker(doc.clean(block)) if block.kind == "list_item" else doc.clean(block)
        label = finding_label(text)
        if label is None or (not label[2] and (not is_headingish(doc, block) or block.kind == "list_item")):
            i += 1  # a label alone in a list is a contents entry
            continue
        found_kind, ref, rest = label
        builder.basis = text if not rest else text[: max(0, len(text) - len(rest))].strip()
        if rest and not ref and _PLURAL_LABEL.match(text):
            end = builder.unnumbered(found_kind, i, rest)
        elif ref or rest:
            end = builder.numbered(found_kind, ref, i, rest)
        else:
            end = builder.unnumbered(found_kind, i)
        builder.covered.update(range(i, max(end, i + 1)))
        i = max(end, i + 1)
    builder.basis = "the recommendation tracker's page for it"
    builder.tracker_page()
    builder.basis = ""
    builder.unlabelled()
    builder.run_on()
    builder.found.sort(key=lambda f: f.start)
    return builder.found
