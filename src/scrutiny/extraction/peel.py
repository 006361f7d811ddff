"""What the inspectorate grades: pillars, PEEL questions and areas by year, as data.

``data/peel.toml`` lists every pillar, question and area the inspectorate has
graded since 2014, with the wordings it prints.  :func:`match_concept` says which
of them a phrase names ("its understanding of demand", "investigating crime"),
so a grade word is taken only when it is applied to something the inspectorate
grades, never to a sub-topic inside it ("good at catching criminals").

Matching compares content words after light stemming: a phrase names a concept
when nearly all its content words belong to the concept's wordings and it covers
a good share of one of them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


@dataclass(frozen=True)
class Concept:
    name: str
    kind: str  # pillar | question | area | overall
    pillar: str | None
    years: tuple[int, ...]
    forms: tuple[str, ...]  # name, printed wordings and other wordings
    stems: frozenset[str]
    form_stems: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class ConceptMatch:
    concept: Concept
    phrase_cover: float  # share of the phrase's content words that belong to the concept
    form_cover: float  # best share of one wording that the phrase covers

    @property
    def score(self) -> float:
        return self.phrase_cover + self.form_cover


# Words that carry no meaning for telling one graded area from another.
_STOP = frozenset(" ".join((
    "a an the of to and or in at on for from with by into within as its it itself their them they",
    "his her this that these those who whom which what whether how well does do did is are be been",
    "being was were has have had will would should could can extent way ways all both also very more",
    "most much any some such than then there here so only own force forces force's constabulary",
    "constabulary's police service services police's inspection inspections report peel hmic hmicfrs",
    "inspectorate we our us people public judged judgment judgments graded grade grades overall area",
    "areas question questions good outstanding adequate inadequate requires improvement now still",
    "currently approach arrangements under across work working deal dealing ability abilities",
    "performance category element elements strand strands part parts final latest recent today",
)).split())
_IRREGULAR = {"use": "use", "uses": "use", "using": "use", "used": "use", "usage": "use",
              "antisocial": "anti social", "reoffending": "re offend", "wellbeing": "wellb",
              "well-being": "wellb"}
_SUFFIXES = ("ingly", "ities", "ation", "ations", "ness", "ment", "ings", "ing", "ity", "ion",
             "ions", "ful", "ive", "ies", "ied", "ers", "er", "ed", "ly", "es", "al", "s")


def stem(word: str) -> str:
    """A crude stem: common suffixes off, then the first five letters."""
    w = word.lower().strip("'’")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for _ in range(2):
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # planning -> plann -> plan
    return w[:5]


_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


def content_stems(text: str) -> list[str]:
    """The stems of the content words of a text, in order."""
    lowered = text.lower().replace("anti-social", "anti social").replace("re-offend", "re offend")
    out: list[str] = []
    for word in _WORD.findall(lowered):
        word = re.sub(r"['’]s$", "", word)
        if word in _STOP or len(word) < 2:
            continue
        for part in _IRREGULAR.get(word, word).split():
            s = stem(part) if part not in _IRREGULAR.values() else part
            if s != "re":
                out.append(s)
    return out


@cache
def concepts() -> tuple[Concept, ...]:
    raw = resources.files(__package__).joinpath("data/peel.toml").read_text("utf-8")
    out = []
    for entry in tomllib.loads(raw)["concept"]:
        forms = (entry["name"], *entry.get("printed", []), *entry.get("also", []))
        form_stems = tuple(frozenset(content_stems(f)) for f in forms)
        out.append(Concept(
            name=entry["name"], kind=entry["kind"], pillar=entry.get("pillar"),
            years=tuple(entry.get("years", [])), forms=forms,
            stems=frozenset().union(*form_stems), form_stems=form_stems))
    return tuple(out)


def pillar(name: str) -> Concept | None:
    return next((c for c in concepts() if c.kind == "pillar" and c.name == name), None)


def _in_year(concept: Concept, year: int | None) -> bool:
    # A framework is named by its first year: PEEL 2018/19 is 2018, PEEL 2023–25 is 2023.
    return year is not None and (year in concept.years or year - 1 in concept.years)


@lru_cache(maxsize=4096)
def match_concept(phrase: str, *, strict: bool = False, year: int | None = None) -> ConceptMatch | None:
    """The graded pillar, question or area a phrase names, or None.

    ``strict`` is for whole headings and table cells, which name the area in full;
    otherwise the phrase may be a shortened form from a sentence.  Where wordings
    of several years fit equally, the document's ``year`` decides.
    """
    words = set(content_stems(phrase))
    if not words:
        return None
    need_phrase, need_form = (0.8, 0.75) if strict else (0.75, 0.5)
    best: ConceptMatch | None = None
    for concept in concepts():
        inside = words & concept.stems
        phrase_cover = len(inside) / len(words)
        if phrase_cover < need_phrase:
            continue
        form_cover = max((len(words & f) / len(f) for f in concept.form_stems if f), default=0.0)
        # A phrase made only of a concept's own words ("strategic planning") names it
        # even when it is a short form of a long name.
        if form_cover < need_form and not (phrase_cover == 1.0 and len(words) >= 2 and not strict):
            continue
        found = ConceptMatch(concept, phrase_cover, form_cover)
        if best is None or _rank(found, year) > _rank(best, year):
            best = found
    return best


def _rank(m: ConceptMatch, year: int | None) -> float:
    return m.score + (0.1 if _in_year(m.concept, year) else 0.0)


def is_question_heading(text: str) -> bool:
    """A heading that prints a PEEL question or area in full."""
    m = match_concept(text, strict=True)
    return m is not None and m.concept.kind in ("question", "area", "overall")
