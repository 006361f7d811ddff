"""Chief constable and PCC response blocks, tied to the finding each answers.

Responses come in the shapes offices publish them:

- sections under headings such as "Chief Constable's response" or "PCC response
  to report"; inside one, a finding label ("Recommendation 3") starts the answer
  to that finding and the finding's own text, often repeated above the answer,
  is left out; text before the first label is the author's overall comment;
- labelled paragraphs ("Force response: …", "OPCC comment: …", "Surrey Position:")
  and response columns of a form or a findings table;
- a page that hands over to the chief constable ("His response is as follows:");
- paragraphs answering numbered recommendations ("In response to recommendation 10
  and 22, …"), one block per recommendation;
- a commissioner's page without headings: the commissioner's quoted words in a
  news item ("…, Police and Crime Commissioner, said: “…”"), or the whole
  statement or letter when it is in the commissioner's own voice.

Remarks minuted at a meeting and links to a response published elsewhere are not
responses.
"""

from __future__ import annotations

import re

from ..document import Block, Document, clean_text, strip_list_marker
from .findings import Finding
from .kinds import SALUTATION
from .structure import LINK_STUB, Layout, response_author
from .tables import cell, row_ref
from .vocabulary import finding_label, is_furniture, norm
from .voices import COMMISSIONER_TITLE, Speakers, role_of

Response = dict[str, str | None]

_HANDOVER = re.compile(
    r"\b(?:response|comments?|reply|answer)\s+(?:is|are|was|were)\s+as\s+follows\s*:?\s*$|"
    r"\b(?:responded|replied|commented)\s+as\s+follows\s*:?\s*$", re.I)
_KEYED = re.compile(
    r"^(?:in\s+)?(?:response|reply|answer|relation)\s+to\s+recommendations?\s+"
    r"(?P<refs>\d{1,3}[a-z]?(?:\s*(?:,|and|&)\s*\d{1,3}[a-z]?)*)", re.I)
_REF = re.compile(r"\d{1,3}[a-z]?")
# A line about a finding printed under it, before its answer (trackers and responses).
_FINDING_DETAIL = re.compile(
    r"^(?:deadline|due(?:\s+date)?|date\s+due|target(?:\s+date)?|timescales?|completion\s+date|"
    r"owner|lead(?:\s+officer)?|status|rag(?:\s+status)?)\s*:\s*\S.{0,80}$", re.I)
_INLINE_LABEL = re.compile(r"^(?P<label>[^:]{3,70}):\s+(?P<text>\S.*)$", re.S)


def _block_text(doc: Document, block: Block) -> str:
    text = doc.clean(block)
    if block.kind == "list_item":
        return "- " + text
    if block.kind == "table_row":
        return " ".join(t for t in doc.cell_texts(block) if t)
    return text


class _Responses:
    def __init__(self, doc: Document, layout: Layout, findings: list[Finding], kind: str | None) -> None:
        self.doc = doc
        self.layout = layout
        self.kind = kind
        self.finding_texts = [norm(f.text) for f in findings]
        self.found: list[Response] = []
        self.positions: list[int] = []  # block index of each response, to return them in reading order
        self.covered: set[int] = set()
        self.headings = dict(layout.response_headings)
        self.speakers = Speakers(doc)

    def emit(self, author: str, ref: str | None, text: str, at: int) -> None:
        self.found.append({"author": author, "finding_ref": ref, "text": text})
        self.positions.append(at)

    def flush(self, author: str, ref: str | None, parts: list[str], at: int) -> None:
        text = clean_text(" ".join(parts))
        if text and not (LINK_STUB.search(text) and len(text.split()) <= 25):
            self.emit(author, ref, text, at)

    def is_finding(self, text: str) -> bool:
        key = norm(text)
        return bool(key) and any(key in f for f in self.finding_texts)

    # -- sections under headings ---------------------------------------------
    def handovers(self) -> None:
        """'I have asked the Chief Constable for his response… His response is as follows:'"""
        if "follows" not in self.doc.text:
            return
        for i, block in enumerate(self.doc.blocks):
            if i in self.headings or block.kind == "table_row" or "follows" not in self.doc.raw(block):
                continue
            text = self.doc.clean(block)
            if _HANDOVER.search(text) and len(text.split()) <= 40:
                author = self.speakers.last_role(i, len(text))
                if author:
                    self.headings[i] = author

    def title_heading(self) -> None:
        """A commissioner's response whose only heading is its title: the title opens the response."""
        title = self.layout.title_index
        if (self.kind != "pcc_response" or title is None or "pcc" in self.headings.values()
                or not COMMISSIONER_TITLE.search(self.doc.clean(self.doc.blocks[title]))):
            return
        if self.speakers.quotes(self.layout.furniture):
            return  # a news item: the commissioner's words are its quotations
        self.headings[title] = "pcc"

    def sections(self) -> None:
        doc, blocks = self.doc, self.doc.blocks
        starts = sorted(self.headings)
        stops = set(starts)
        if self.layout.distribution_heading is not None:
            stops.add(self.layout.distribution_heading)
        for start in starts:
            author = self.headings[start]
            level = blocks[start].level
            ref: str | None = self.preceding_ref(start)
            start_of = start
            # Answers printed after each finding: the next finding ends this one's answer.
            per_finding = ref is not None
            parts: list[str] = []
            for k in range(start + 1, len(blocks)):
                block = blocks[k]
                if k in stops or self.is_labelled_response(block) or self.keyed(block):
                    break
                if block.kind == "heading" and level is not None and block.level is not None \
                        and (block.level < level or block.level == level and not self.is_part(block)):
                    break
                text = doc.clean(block)
                label = finding_label(strip_list_marker(text)) if block.kind != "table_row" else None
                if label and per_finding and label[1] != ref:
                    break  # the next finding: this answer is complete
                self.covered.add(k)
                if label and label[1]:
                    self.flush(author, ref, parts, start_of)
                    ref, parts, start_of = label[1], [], k
                    continue
                if label or is_furniture(text) or k in self.layout.furniture or self.is_finding(text):
                    continue  # a label, page furniture, or the finding quoted again above its answer
                parts.append(_block_text(doc, block))
            self.flush(author, ref, parts, start_of)

    def is_part(self, block: Block) -> bool:
        """A heading inside an answer: a finding's label or the finding quoted again."""
        text = self.doc.clean(block)
        return finding_label(strip_list_marker(text)) is not None or self.is_finding(text)

    def preceding_ref(self, start: int) -> str | None:
        """A response heading printed straight after a numbered finding answers that finding.

        Only the finding's own label, its text and short lines about it ("Deadline: 31
        December 2025", "Owner: Head of Crime") may stand between them; anything else
        (another answer, narrative) means the heading starts a section of its own.
        """
        for k in range(start - 1, max(-1, start - 15), -1):
            if k in self.headings:
                return None
            text = strip_list_marker(self.doc.clean(self.doc.blocks[k]))
            label = finding_label(text)
            if label:
                return label[1]
            if _FINDING_DETAIL.match(text):
                continue
            if not norm(text) or not self.is_finding(text):
                return None
        return None

    # -- labelled paragraphs, forms and tables ----------------------------------
    def is_labelled_response(self, block: Block) -> bool:
        if block.kind == "table_row":
            return False
        m = _INLINE_LABEL.match(self.doc.clean(block))
        return bool(m and response_author(m.group("label")))

    def labelled_paragraphs(self) -> None:
        """'Force response: We have…' printed under a finding, outside any response section."""
        ref: str | None = None
        for k, block in enumerate(self.doc.blocks):
            if (block.kind == "table_row" or k in self.covered or k in self.headings
                    or k == self.layout.title_index):
                continue
            text = self.doc.clean(block)
            label = finding_label(strip_list_marker(text))
            if label:
                ref = label[1]
                continue
            m = _INLINE_LABEL.match(text)
            author = response_author(m.group("label")) if m else None
            if m and author:
                self.covered.add(k)
                self.emit(author, ref, m.group("text").strip(), k)

    def form_rows(self) -> None:
        """Form rows such as 'Chief Constable's response | We accept…'."""
        for k, block in enumerate(self.doc.blocks):
            if block.kind != "table_row" or len(block.cells) < 2:
                continue
            cells = self.doc.cell_texts(block)
            author = response_author(cells[0].rstrip(":"))
            value = " ".join(t for t in cells[1:] if t)
            if author and value:
                self.emit(author, None, value, k)

    def finding_tables(self) -> None:
        for table in self.layout.tables:
            for row in table.rows:
                ref, _ = row_ref(self.doc, table, row)
                for col, author in table.response_cols.items():
                    answer = cell(self.doc, row, col)
                    text = self.doc.clean_span(answer) if answer else ""
                    if text:
                        self.emit(author, ref, text, row)

    # -- answers to numbered recommendations ----------------------------------
    def keyed(self, block: Block) -> re.Match[str] | None:
        if block.kind == "table_row":
            return None
        return _KEYED.match(self.doc.clean(block))

    def keyed_paragraphs(self) -> None:
        """'In response to recommendation 10 and 22, I am advised by the Chief Constable that…'"""
        for k, block in enumerate(self.doc.blocks):
            m = self.keyed(block)
            if m is None or k in self.covered:
                continue
            text = self.doc.clean(block)
            author = role_of(text) or "pcc"
            if author == "other":
                continue
            self.covered.add(k)
            for ref in _REF.findall(m.group("refs")):
                self.emit(author, ref, text, k)

    # -- a commissioner's page without headings -------------------------------------
    def quotations(self) -> None:
        for quote in self.speakers.quotes(self.layout.furniture | self.covered):
            first, *rest = quote.blocks
            parts = [self.doc.text[quote.start: self.doc.blocks[first].end]]
            parts += [self.doc.raw(self.doc.blocks[k]) for k in rest]
            text = clean_text(" ".join(parts)).strip(" “”\"‘’'")
            self.covered.update(quote.blocks)
            if text:
                self.emit(quote.author, None, text, first)

    def statement(self) -> None:
        """A statement or letter in the commissioner's own voice: its body is the response."""
        doc, blocks = self.doc, self.doc.blocks
        start = 0 if self.layout.title_index is None else self.layout.title_index + 1
        salutation = next((i for i, b in enumerate(blocks[:15]) if SALUTATION.match(doc.clean(b))), None)
        if salutation is not None:
            start = max(start, salutation + 1)
        parts: list[str] = []
        for k in range(start, len(blocks)):
            block = blocks[k]
            text = doc.clean(block)
            if k in self.covered or self.keyed(block) or k == self.layout.distribution_heading:
                break
            if k in self.layout.furniture or is_furniture(text) or block.kind == "table_row":
                continue
            if finding_label(text) or self.is_finding(text):
                break
            parts.append(_block_text(doc, block))
        self.flush("pcc", None, parts, start)

    def overall_by(self, author: str) -> bool:
        return any(r["author"] == author and r["finding_ref"] is None for r in self.found)


def extract_responses(
    doc: Document, layout: Layout, findings: list[Finding], kind: str | None = None
) -> list[Response]:
    """Every response block, keyed by author and the ref of the finding it answers."""
    r = _Responses(doc, layout, findings, kind)
    r.handovers()
    r.title_heading()
    r.sections()
    r.labelled_paragraphs()
    r.form_rows()
    r.finding_tables()
    r.keyed_paragraphs()
    if not r.headings:
        r.quotations()
        if kind == "pcc_response" and not r.overall_by("pcc"):
            r.statement()
    order = sorted(range(len(r.found)), key=lambda i: r.positions[i])
    return [r.found[i] for i in order]
