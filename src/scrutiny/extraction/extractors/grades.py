"""Graded judgments from everything the inspectorate prints.

Four sources, most explicit first:

1. tables: one column per grade ("Outstanding | Good | …" over the areas), one row
   per area ("Area | Grade"), or areas over their grades;
2. labels: a grade printed on its own line under the heading it grades ("Good",
   "graded requires improvement"), with page furniture such as "Last updated"
   between them allowed;
3. lines: an area with its grade on one line, as a flattened table prints it
   ("Preventing crime Good", "Investigating crime: adequate", "A, B and C – adequate");
4. sentences: a small grammar over the grading vocabulary ("is judged to be good
   at…", "requires improvement in…", "The extent to which the force is effective at
   keeping people safe and reducing crime is good", "was found to be inadequate in
   three areas – A, B and C").

A grade word counts only when it is applied to something the inspectorate grades
(a pillar, PEEL question, PEEL area or separately graded area; see
``extraction/peel.py``), never to a sub-topic, a count of areas, another year's
inspection or a hypothetical.  Where a table and the headings disagree the table
is kept and the disagreement reported as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..forces import force_mentions, without_forces
from ..peel import Concept, ConceptMatch, match_concept
from .structure import Layout
from .vocabulary import GRADE_WORDS, UNGRADED_LINE, grade_key, grade_of, is_furniture, is_headingish, norm

_GRADE_STEMS = ("good", "outstanding", "adequate", "improvement")  # a cheap test before the grammar
_PRIORITY = {"table": 0, "label": 1, "line": 2, "sentence": 3}
_RULES = {"table": "a row or column of a grades table", "label": "a grade printed under its heading",
          "line": "an area and its grade on one line", "sentence": "a grading sentence"}


@dataclass
class Grade:
    area: str
    grade: str
    source: str  # table | label | line | sentence
    concept: Concept | None
    block: int
    evidence: str = ""

    def as_contract(self) -> dict[str, str]:
        return {"area": self.area, "grade": self.grade}

    def explanation(self) -> dict[str, str | None]:
        return {"rule": _RULES[self.source], "evidence": self.evidence,
                "graded_as": f"{self.concept.name} ({self.concept.kind})" if self.concept else None}


# -- the grammar's pieces --------------------------------------------------------

_Q = "['‘’\"“”]?"
_GRADE = re.compile(_Q + r"\b(" + GRADE_WORDS + r"|requiring\s+improvement|require\s+improvement)\b" + _Q,
                    re.I)
_MOD = r"(?:(?:now|also|still|again|currently|overall|consistently|both|once\s+again|similarly)\s+)*"
_JUDGED = (r"(?:(?:judged|assessed|graded|rated|found|considered|deemed|regarded|recognised|"
           r"confirmed|awarded)\s+(?:by\s+(?:the\s+)?[\w’']+(?:\s+[\w’']+)?\s+)?(?:(?:to\s+(?:be|remain)|as(?:\s+being)?)\s+)?)")
_COPULA = re.compile(
    r"(?:\b(?:is|are|was|were|be|been|being|remains?|remained|becomes?|became|continues\s+to\s+be)\s+"
    + _MOD + _JUDGED + r"?(?:as\s+)?|\b" + _JUDGED + r"|\bis\s*:\s*|:\s*|[–—-]\s*)$",
    re.I,
)
# "we judged West Yorkshire Police as good", "we have graded Sussex Police as good"
_ACTIVE = re.compile(
    r"\b(?:judged?|judges|assess(?:ed|es)?|grad(?:ed|es)|rat(?:ed|es)|found|finds|consider(?:ed|s)?|describ(?:ed|es))"
    r"\s+(?P<object>.{1,160}?)\s+(?:to\s+be|as)\s+$", re.I)
_ATTRIBUTIVE = re.compile(r"\b(?:a|an|the|very|really|generally|particularly|some|more|most|many|no|"
                          r"of|how|so|too|reasonably|fairly|broadly|largely|mostly)\s*" + _Q + r"$", re.I)
# "assessed as 'outstanding' recognising …": after a verb of judging the grade is its object.
_JUDGED_AS = re.compile(r"\b(?:judged|assessed|graded|rated|deemed|considered|regarded)\s+(?:by\s+\S+"
    r"(?:\s+\S+)?\s+)?"
                        r"(?:to\s+(?:be|remain)\s+|as\s+(?:being\s+)?)?" + _Q + r"$", re.I)
_AS_GOOD_AS = re.compile(r"^" + _Q + r"\s+as\b", re.I)
_ELLIPSIS = re.compile(r"(?:,\s*|\s)(?:and|but|or|while|whereas|yet)\s+(?:also\s+)?(?:is\s+)?$|,\s*$", re.I)
_HYPOTHETICAL = re.compile(
    r"\b(?:not|n['’]t|never|would|could|might|may|if|unless|expect\w*|likely\s+to|aims?\s+to|"
    r"aiming\s+to|hopes?\s+to|wants?\s+to|needs?\s+to|should|must|ambition|aspiration|target|"
    r"strive|strives|working\s+towards?)\b", re.I)
_EARLIER = re.compile(
    r"\b(?:last\s+year|last\s+time|(?:our|the|its|a)\s+(?:last|previous|earlier|prior|first)\s+"
    r"(?:inspection|assessment|report|peel)|previous(?:ly)?|earlier|prior\s+to|formerly|originally|"
    r"at\s+that\s+time|at\s+the\s+time|was\s+then|(?:in|during|from)\s+(?:the\s+|our\s+|its\s+|hmic['’]?s?\s+)?"
    r"(?P<year>(?:19|20)\d\d)(?:/(?P<to>\d\d))?)\b", re.I)
_AUXILIARY = re.compile(r"\s+(?:(?:has|have|had|will\s+have|having)(?:\s+been)?|was|were|is|are)\s*$", re.I)
_RATING_NOUN = re.compile(r"^" + _Q + r"\s*(?:grading|rating|grade|judgment|judgement)s?\b", re.I)
_GIVEN_FOR = re.compile(
    r"\bfor\s+(?:the\s+|its\s+)?(?P<area>[^,;]{3,80}?)\s+(?:report\s+|inspection\s+)?(?:(?:has|have|had)\s+been\s+|"
    r"(?:was|were|is|are)\s+)?(?:given|awarded|assigned)\s+(?:an?\s+|the\s+)?" + _Q + r"$", re.I)
_RECEIVED = re.compile(
    r"\b(?:receiv(?:e|es|ed|ing)|achiev(?:e|es|ed|ing)|award(?:s|ed|ing)?|given|gets?|got|earn(?:s|ed)?|"
    r"secur(?:e|es|ed|ing)|retain(?:s|ed|ing)?|maintain(?:s|ed|ing)?|(?:was|were|is|are)\s+an?)\s+(?:an?\s+|the\s+)?"
    r"(?:(?:overall\s+)?(?:grade|rating|judgment|judgement)\s+of\s+)?" + _Q + r"$", re.I)
_CHANGE_VERB = re.compile(r"\b(?:changed|revised|upgraded|downgraded|moved|raised|lowered|amended|improved"
    r"|from)\b",
                          re.I)
_CHANGED = re.compile(
    r"\b(?P<verb>changed|revised|upgraded|downgraded|moved|raised|lowered|amended)\b(?P<middle>.{0,120}?)\bto\s*"
    + _Q + r"$", re.I)
_PILLAR_LIST = re.compile(
    r"\b(?:effectiveness|efficiency|legitimacy|leadership)(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
    r"(?:effectiveness|efficiency|legitimacy|leadership)\b)+", re.I)
_OUTCOME = re.compile(r"\b(?:outcome|result|inspection|report|assessment|judgment|judgement|grade"
    r"|rating)\b", re.I)
_COMPARED = re.compile(r"\b(?:since|than|compared\s+(?:with|to)|after)\s+(?:\w+\s+){0,2}$", re.I)
_SUPERSEDED = re.compile(r"^[^.;]{0,60}?\bto\s+" + _Q + r"(?:" + GRADE_WORDS + r")", re.I)
_FROM = re.compile(r"\bfrom\s*" + _Q + r"$", re.I)
_COMPLEMENT = re.compile(
    r"^\W*\s*(?:overall\s+)?(?:across\s+the\s+board\s+(?:for|in)\s+)?(?:at|in|for|on|across|with\s+regard\s+to|"
    r"in\s+respect\s+of|in\s+terms\s+of|"
    r"in\s+how|in\s+the\s+way(?:\s+(?:that|it|in\s+which))?|when\s+it\s+comes\s+to|regarding)\s+(?P<rest>.+)$",
    re.I | re.S)
_COMPLEMENT_END = re.compile(
    r"[.;!?]\s|[.;!?]$|,\s*(?:and|but|however|while|although|which|as|with|so|though|where|following)\b|"
    r"\s(?:but|however|although|whereas|because|while)\s|\s[–—-]\s(?!\w+(?:,|\s+and)\s)|\(|"
    r",\s*(?:I|we|he|she|they|it|this|there)\s", re.I)
_CLAUSE_START = re.compile(
    r"(?:^|[;:]|\s[–—]\s|\bhowever,?|\bbut\b|\balthough\b|\bwhereas\b|\bwhile\b|\bwhen\b|,\s*(?:which|where|who)\b|"
    r",\s*and\b|\band\s+(?=(?:today|now|also|then|was|were|is|are|has|have)\b)|"
    r"\bthat\b(?!\s+(?:its|it|the)\s+workforce)|\band\s+(?=(?:its|it|this|the)\s))", re.I)
_ALLOWED_AFTER = re.compile(
    r"^" + _Q + r"\s*(?:$|[.,;:)!?–—-]|\s+(?:at|in|for|on|across|overall|and|but|with|by|as|following|"
    r"since|after|this|again|too|in|from|–|-)\b)", re.I)
_COUNT = re.compile(r"^\W*\s*(?:at|in|for|on|across)\s+(?:(?:only|just|all|each|both|every)\s+)?(?:\d+|one"
    r"|two|three|four|"
                    r"five|six|seven|eight|nine|ten|eleven|twelve|several|some|many|most|all|a\s+number)\s+"
                    r"(?:of\s+(?:the|its|these)\s+)?(?:\w+\s+)?(?:areas?|questions?|pillars?|of\s+(?:them|these))\b",
                    re.I)
_LIST_AFTER_COUNT = re.compile(r"^[^.;]*?(?:areas?|questions?|pillars?)\s*(?:[–—:-]|,\s*namely)\s*"
    r"(?P<list>[^.;]+)")
_ANAPHORA = re.compile(r"^(?:and\s+)?(?:this|it|that|which|these|they)$", re.I)
_SUBJECT_FORCE = re.compile(r"^(?:the\s+)?(?:force|constabulary|service|it|they|police\s+force)$", re.I)
_SPLIT_LIST = re.compile(r"\s*(?:,\s*and\s+(?:at|in)\s+|\s+and\s+(?:at|in)\s+|,\s*(?:and\s+)?|\s+and\s+"
    r"|\s+&\s+)\s*",
                         re.I)
_SPLIT_REPEATED = re.compile(r",?\s+and\s+(?:at|in)\s+", re.I)
_CUT_WORDS = re.compile(r"\s(?:with|by|through|because|as|so|since|despite|including|where|when|which|who|"
                        r"to\s+(?:make|ensure|help|keep)|while|for|and)\s", re.I)
_SENTENCE = re.compile(r"(?<=[.!?…])[’”\"']?\s+(?=[A-Z‘“\"'(])")
_DOC_YEAR = re.compile(r"\b(20[12]\d)(?:\s*[/–-]\s*(?:20)?\d\d)?\b")
_GERUND_FROM_VERB = re.compile(r"^(?:the\s+way\s+(?:in\s+which\s+)?|how\s+)(?:it|the\s+force|they)\s+(\w+?)"
    r"(e?s)\b")


# -- helpers -----------------------------------------------------------------------

def _concept_of(phrase: str, year: int | None, *, strict: bool = False) -> ConceptMatch | None:
    return match_concept(without_forces(phrase), strict=strict, year=year)


def _clean_area(phrase: str) -> str:
    """The phrase a grade is applied to, as a short area name."""
    text = " ".join(phrase.split()).strip(" ,.;:‘’'\"“”")
    m = _GERUND_FROM_VERB.match(text)
    if m:
        verb = m.group(1)
        base = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
        text = base + "ing" + text[m.end():]
    text = re.sub(r"^(?:both\s+)?(?:its|the|their|his|her)\s+", "", text, flags=re.I)
    return text[:1].upper() + text[1:]


def _is_clean_phrase(text: str) -> bool:
    return (len(text.split()) <= 12
            and not re.search(r"\b(?:which|extent|way|has|have|had|improved|is|are|was)\b", text, re.I))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def document_year(doc: Document, limit: int = 6) -> int | None:
    """The year a document's heading or opening lines give (PEEL 2017, 2021/22)."""
    for block in doc.blocks[:limit]:
        text = doc.clean(block)
        if is_furniture(text) or not is_headingish(doc, block):
            continue
        m = _DOC_YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


class _Reader:
    def __init__(self, doc: Document, layout: Layout, inspection_type: str | None,
                 year: int | None) -> None:
        self.doc = doc
        self.layout = layout
        self.inspection_type = inspection_type
        self.year = year or document_year(doc)
        self.found: list[Grade] = []
        self.title_index = layout.title_index
        self._heading_concepts: dict[int, ConceptMatch | None] = {}

    # -- headings -------------------------------------------------------------
    def heading_concept(self, index: int) -> ConceptMatch | None:
        if index not in self._heading_concepts:
            block = self.doc.blocks[index]
            text = self.doc.clean(block)
            found = None
            if block.kind != "table_row" and is_headingish(self.doc, block) and not grade_of(text) \
                    and len(text.split()) <= 30:
                found = _concept_of(text, self.year, strict=True)
            self._heading_concepts[index] = found
        return self._heading_concepts[index]

    def enclosing_question(self, index: int) -> int | None:
        """The nearest question or area heading above a block, if no pillar heading comes first."""
        for k in range(index - 1, -1, -1):
            m = self.heading_concept(k)
            if m is None:
                continue
            return k if m.concept.kind in ("question", "area") else None
        return None

    # -- output ---------------------------------------------------------------
    def add(self, area: str, grade: str, source: str, concept: Concept | None, block: int,
            evidence: str = "") -> None:
        if not area:
            return
        self.found.append(Grade(area, grade, source, concept, block, evidence))

    def add_from_phrase(self, phrase: str, grade: str, source: str, block: int, evidence: str,
                        match: ConceptMatch | None = None) -> bool:
        """Grade the pillar, question or area a phrase names; False when it names none."""
        match = match or _concept_of(phrase, self.year)
        if match is None:
            return False
        concept = match.concept
        if concept.kind == "pillar":
            self.add(concept.name, grade, source, concept, block, evidence)
            return True
        if concept.kind == "overall":
            self.add(concept.name, grade, source, concept, block, evidence)
            return True
        heading = self.enclosing_question(block)
        if heading is not None:
            h = self.heading_concept(heading)
            phrase_words = set(_stems(phrase))
            if h is not None and (h.concept is concept or phrase_words <= h.concept.stems):
                self.add(self.doc.clean(self.doc.blocks[heading]).rstrip(":"), grade, source, h.concept,
                         block, evidence)
                return True
        area = _clean_area(phrase)
        if not _is_clean_phrase(area) or not _concept_of(area, self.year):
            area = concept.name
        self.add(area, grade, source, concept, block, evidence)
        return True

    # -- 1. tables ------------------------------------------------------------------
    def tables(self) -> None:
        doc = self.doc
        columns: dict[int, str] | None = None
        previous: tuple[int, list[str]] | None = None
        for i, block in enumerate(doc.blocks):
            if block.kind != "table_row":
                columns, previous = None, None
                continue
            cells = doc.cell_texts(block)
            filled = [(c, t) for c, t in zip(block.cells, cells, strict=True) if t]
            header = {c.col: grade_of(t) for c, t in filled}
            if len(filled) >= 3 and all(header.values()):
                columns = {col: g for col, g in header.items() if g}
                continue
            if columns is not None:
                for c, text in filled:
                    if c.col in columns and not grade_of(text):
                        self.add(text.rstrip(":"), columns[c.col], "table", _concept(text, self.year), i,
                                 " | ".join(cells))
                continue
            texts = [t for _, t in filled]
            if len(texts) == 2 and grade_of(texts[1]) and not grade_of(texts[0]):
                self.add(texts[0].rstrip(":"), grade_of(texts[1]) or "", "table",
                         _concept(texts[0], self.year), i, " | ".join(texts))
            elif previous is not None and len(texts) >= 2 and all(grade_of(t) for t in texts):
                # Areas in one row, their grades in the next.
                prev_index, prev_cells = previous
                if len(prev_cells) == len(texts):
                    for area, word in zip(prev_cells, texts, strict=True):
                        self.add(area.rstrip(":"), grade_of(word) or "", "table", _concept(area, self.year),
                                 prev_index, f"{area} | {word}")
            previous = (i, texts)

    # -- 2. labels ------------------------------------------------------------------
    def labels(self) -> None:
        doc, blocks = self.doc, self.doc.blocks
        for i, block in enumerate(blocks):
            if block.kind == "table_row":
                continue
            grade = grade_of(doc.clean(block))
            if grade is None:
                continue
            k = i - 1
            while k >= 0 and is_furniture(doc.clean(blocks[k])) \
                    and not UNGRADED_LINE.match(doc.clean(blocks[k])):
                k -= 1
            if k < 0 or blocks[k].kind == "table_row" or not is_headingish(doc, blocks[k]):
                continue
            heading = doc.clean(blocks[k]).rstrip(":")
            if grade_of(heading) or UNGRADED_LINE.match(heading):
                continue
            m = self.heading_concept(k)
            evidence = f"{heading} / {doc.clean(block)}"
            if m is not None and m.concept.kind in ("pillar", "overall"):
                self.add(m.concept.name, grade, "label", m.concept, k, evidence)
            elif k == self.title_index and m is None:
                overall = _concept_of(heading, self.year)
                if overall is not None and overall.concept.kind == "overall":
                    self.add(overall.concept.name, grade, "label", overall.concept, k, evidence)
            else:
                self.add(heading, grade, "label", m.concept if m else None, k, evidence)

    # -- 3. lines -------------------------------------------------------------------
    _LINE = re.compile(r"^(?P<area>.{3,200}?)\s*(?:[:–—-]\s*|\s)" + _Q + r"(?P<grade>" + GRADE_WORDS + r")"
                       + _Q + r"\.?$", re.I)

    def lines(self) -> None:
        doc = self.doc
        for i, block in enumerate(doc.blocks):
            if block.kind == "table_row":
                continue
            text = doc.clean(block)
            if len(text.split()) > 40:
                continue
            m = self._LINE.match(text)
            if not m or grade_of(text):
                continue
            grade = grade_key(m.group("grade"))
            area = m.group("area").strip(" :–—-")
            whole = _concept_of(area, self.year, strict=True)
            if whole is not None:
                self.add_from_phrase(area, grade, "line", i, text, whole)
                continue
            parts = [p for p in _SPLIT_LIST.split(area) if p]
            matches = [_concept_of(p, self.year, strict=True) for p in parts]
            if len(parts) > 1 and all(matches):
                for p, pm in zip(parts, matches, strict=True):
                    self.add_from_phrase(p, grade, "line", i, text, pm)

    # -- 4. sentences -----------------------------------------------------------------
    def sentences(self) -> None:
        doc = self.doc
        for i, block in enumerate(doc.blocks):
            if block.kind == "table_row":
                continue
            text = doc.clean(block)
            lowered = text.lower()
            if not any(word in lowered for word in _GRADE_STEMS) or not _GRADE.search(text) or grade_of(text):
                continue
            for sentence in _sentences(text):
                self.sentence(sentence, i)

    def sentence(self, sentence: str, block: int) -> None:
        last_subject: str | None = None
        for m in _GRADE.finditer(sentence):
            grade = grade_key(re.sub(r"^requir(?:e|ing)\b", "requires", m.group(1), flags=re.I))
            left, right = sentence[: m.start()], sentence[m.end():]
            if _FROM.search(left) or (_SUPERSEDED.match(right) and _CHANGE_VERB.search(left)):
                continue  # "downgraded from good to requires improvement": only the new grade
            verb_form = m.group(1).lower().startswith("requir")
            # "an 'inadequate' rating", "a 'requires improvement' grading", "'Outstanding' grade for …"
            rating = _RATING_NOUN.match(right)
            changed = _CHANGED.search(left)
            if rating:
                right = right[rating.end():]
            elif _AS_GOOD_AS.match(right) and re.search(r"\bas\s*" + _Q + r"$", left, re.I):
                continue  # "as good as"
            elif not verb_form and not changed and (_ATTRIBUTIVE.search(left) or (
                    not _ALLOWED_AFTER.match(right) and not _JUDGED_AS.search(left))):
                continue
            clause = _clause(left)
            if self.earlier(left, right, clause):
                continue
            if _HYPOTHETICAL.search(clause):
                continue
            subject: str | None
            given_for = _GIVEN_FOR.search(clause) if rating else None
            if given_for:
                # "for the Effectiveness report have been given a … grading"
                subject = given_for.group("area")
            elif rating or _RECEIVED.search(left):
                subject = _RECEIVED.sub("", _COPULA.sub("", clause)).strip()
            elif changed:
                # "changed the already published 'requires improvement' in crime recording to 'good'"
                middle = re.search(r"\b(?:in|for)\s+(?P<area>[^,;]+?)\s*$", changed.group("middle"))
                before_verb = clause[: clause.lower().rfind(changed.group("verb").lower())]
                subject = middle.group("area") if middle else _AUXILIARY.sub("", before_verb).strip()
            elif _COPULA.search(left):
                subject = _AUXILIARY.sub("", _COPULA.sub("", clause)).strip()
            elif verb_form:
                subject = clause.strip()
            elif last_subject is not None and _ELLIPSIS.search(left):
                subject = last_subject
            else:
                active = _ACTIVE.search(left)
                if not active:
                    continue
                subject = active.group("object")
            subject = re.sub(r"^(?:the\s+extent\s+to\s+which\s+)", "", subject, flags=re.I).strip(" ,")
            subject = re.sub(r"^\s*\w+ly,?\s+(?=\w)", "", subject)  # "unfortunately the … report"
            subject = re.sub(r"^(?:today|now|also|then)\b\s*", "", subject, flags=re.I)
            if not subject and last_subject:
                subject = last_subject
            last_subject = subject
            self.judgment(subject, grade, right, sentence, block, left)

    def earlier(self, left: str, right: str, clause: str) -> bool:
        """Is a grade another, earlier inspection's?

        A year before the document's own puts the whole sentence in the past ("This is
        consistent with HMIC's inspection in 2014 when the force was judged good");
        "last year" or "previous" does so only within the grade's own clause.
        """
        tail = _COMPLEMENT_END.split(right, maxsplit=1)[0]
        for text, scope in ((left, clause), (right, tail)):
            for e in _EARLIER.finditer(text):
                if not self.is_earlier(e, text):
                    continue
                if not e.group("year") and e.group(0) not in scope:
                    continue
                if text is left and re.search(r"\bnow\b", left[e.end():], re.I):
                    continue
                return True
        return False

    def is_earlier(self, m: re.Match[str], text: str) -> bool:
        """Does a time marker put a grade in an earlier inspection than this document's?

        A comparison with an earlier time ("improved since its last inspection") does not.
        """
        if _COMPARED.search(text[: m.start()]):
            return False
        if not m.group("year"):
            return True
        year = 2000 + int(m.group("to")) if m.group("to") else int(m.group("year"))
        return self.year is not None and year < self.year

    def judgment(self, subject: str, grade: str, right: str, sentence: str, block: int,
                 left: str) -> None:
        pillars = _PILLAR_LIST.search(subject + " " + right[:160])
        if pillars:
            # "rated the force on its effectiveness, efficiency and legitimacy … as good"
            for name in re.findall(r"effectiveness|efficiency|legitimacy|leadership", pillars.group(0), re.I):
                self.add_from_phrase(name, grade, "sentence", block, sentence)
            return
        count = _COUNT.match(right)
        if count:
            listed = _LIST_AFTER_COUNT.match(right)
            if listed:
                self.graded_list(listed.group("list"), grade, block, sentence)
            return
        comp = _COMPLEMENT.match(right)
        complement = _complement(comp.group("rest")) if comp else ""
        if complement and self.graded_complement(complement, grade, block, sentence):
            return
        if self.subject_is_force(subject):
            if self.inspection_type == "crime_data_integrity":
                overall = _concept_of("crime data integrity", self.year)
                if overall:
                    self.add(overall.concept.name, grade, "sentence", overall.concept, block, sentence)
            return
        if _ANAPHORA.match(subject.strip()):
            # "… and this is now judged to be good": what "this" stands for comes before it.
            before = re.split(r"\band\s+(?:this|it|that)\b[^,;]*$", left, flags=re.I)[0]
            self.add_from_phrase(_clause(before.rstrip(" ,;")), grade, "sentence", block, sentence)
            return
        if not self.add_from_phrase(subject, grade, "sentence", block, sentence) \
                and _OUTCOME.search(subject) and self.inspection_type == "crime_data_integrity":
            # "The outcome of the inspection was an 'inadequate' rating": the one judgment it makes.
            overall = _concept_of("crime data integrity", self.year)
            if overall:
                self.add(overall.concept.name, grade, "sentence", overall.concept, block, sentence)

    def graded_complement(self, complement: str, grade: str, block: int, sentence: str) -> bool:
        """'good at A', 'good at A and at B', 'outstanding in both A and B'."""
        whole = _concept_of(complement, self.year)
        if whole is not None:
            return self.add_from_phrase(complement, grade, "sentence", block, sentence, whole)
        listed = re.sub(r"^both\s+", "", complement, flags=re.I)
        for splitter in (_SPLIT_REPEATED, _SPLIT_LIST):
            parts = [p for p in splitter.split(listed) if p]
            if len(parts) < 2:
                continue
            matches = [_concept_of(p, self.year) for p in parts]
            if all(matches):
                for p, pm in zip(parts, matches, strict=True):
                    self.add_from_phrase(p, grade, "sentence", block, sentence, pm)
                return True
        # The longest leading part that names an area: "preventing crime … with partner organisations".
        for cut in reversed(list(_CUT_WORDS.finditer(complement))):
            head = complement[: cut.start()]
            found = _concept_of(head, self.year)
            if found is not None:
                return self.add_from_phrase(head, grade, "sentence", block, sentence, found)
        # What follows 'of': "the final category of effectiveness".
        of = re.search(r"\bof\s+(?P<tail>[^,;]+)$", complement)
        if of:
            found = _concept_of(of.group("tail"), self.year)
            if found is not None:
                return self.add_from_phrase(of.group("tail"), grade, "sentence", block, sentence, found)
        return False

    def graded_list(self, listed: str, grade: str, block: int, sentence: str) -> None:
        parts = [p for p in _SPLIT_LIST.split(listed.strip()) if p]
        for part in parts:
            self.add_from_phrase(part, grade, "sentence", block, sentence)

    def subject_is_force(self, subject: str) -> bool:
        text = subject.strip()
        if _SUBJECT_FORCE.match(text):
            return True
        mentions = force_mentions(text)
        return bool(mentions) and not without_forces(text).strip(" ,’'s")


def _complement(rest: str) -> str:
    """What a grade is applied to, up to the end of its clause.

    ", and" ends it only when another clause follows ("good at A, and good at B"),
    not when it closes a list ("inadequate in A, B, and C").
    """
    for end in _COMPLEMENT_END.finditer(rest):
        if re.match(r",\s*and\b", end.group(0), re.I):
            after = re.split(r"[.;]", rest[end.end():], maxsplit=1)[0]
            if not (_GRADE.search(after) or re.search(r"\b(?:is|are|was|were|has|have|had)\b", after)):
                continue
        return rest[: end.start()]
    return rest


def _clause(left: str) -> str:
    """The clause a grade word sits in: from its last clause boundary."""
    starts = list(_CLAUSE_START.finditer(left))
    return left[starts[-1].end():] if starts else left


def _stems(text: str) -> list[str]:
    from ..peel import content_stems

    return content_stems(without_forces(text))


def _concept(text: str, year: int | None) -> Concept | None:
    m = _concept_of(text, year, strict=True)
    return m.concept if m else None


def _same(a: Grade, b: Grade) -> bool:
    if a.concept is not None and a.concept is b.concept:
        return True
    x, y = norm(a.area), norm(b.area)
    return bool(x) and (x == y or x in y or y in x)


def find_grades(doc: Document, layout: Layout, inspection_type: str | None,
                year: int | None = None) -> tuple[list[Grade], list[str]]:
    """Every graded judgment once, with the rule and text it rests on.

    ``year`` is the report's year when the document's heading does not print one.
    """
    reader = _Reader(doc, layout, inspection_type, year)
    reader.tables()
    reader.labels()
    reader.lines()
    reader.sentences()
    warnings: list[str] = []
    chosen: list[Grade] = []
    for g in sorted(reader.found, key=lambda g: _PRIORITY[g.source]):
        twin = next((c for c in chosen if _same(c, g)), None)
        if twin is None:
            chosen.append(g)
        elif twin.grade != g.grade and twin.source == "table" and g.source == "label":
            warnings.append(f"grade for '{g.area}' is printed as {g.grade} under its heading but "
                            f"{twin.grade} in the summary table")
    table = [g for g in chosen if g.source == "table"]
    labels = [g for g in reader.found if g.source == "label"]
    if table and len(labels) == len(table) and sorted(g.grade for g in table) != sorted(
            g.grade for g in labels):
        warnings.append("the summary table and the area headings give different sets of grades")
    order = {id(g): i for i, g in enumerate(reader.found)}
    chosen.sort(key=lambda g: (_PRIORITY[g.source] > 0, g.block if g.source != "table" else 0, order[id(g)]))
    return chosen, warnings
