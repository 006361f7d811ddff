"""Has the inspectorate said this before?  Similar findings of the same force, explained.

Similarity is TF-IDF over each finding's words and word pairs (lower-cased, common words
dropped, plural and -ing/-ed endings trimmed), weighted by how rare each term is among
the force's findings, compared by cosine.  It runs locally, needs no model, and every
score comes with the words the two findings share, so a user can see why they were paired.

A finding whose most similar earlier finding (an inspection published before it) scores
at least REPEAT_SCORE is a repeat of it (``Finding.repeat_of``); when that earlier finding
was closed, the new one is "raised again".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q

from .models import Finding

REPEAT_SCORE = 0.45
STOP = frozenset("""
a about above after again all also an and any are as at be been before being below between
both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most must my no
nor not of off on once only or other our ours out over own same she should so some such than
that the their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your force forces should
chief constable constables make sure ensure including include includes within months month
year years
""".split())  # noqa: SIM905 - a word list is easier to read as text
WORD = re.compile(r"[a-z][a-z0-9]+")


def _stem(word: str) -> str:
    """A light stem: records, recorded, recording -> record; crime, crimes -> crim."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    return [_stem(w) for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 2]


def features(text: str) -> Counter[str]:
    ws = words(text)
    return Counter(ws + [f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)])


@dataclass
class _Corpus:
    signature: tuple[Any, ...]
    idf: dict[str, float]
    vectors: dict[int, dict[str, float]]
    meta: dict[int, dict[str, Any]]


_CACHE: dict[int, _Corpus] = {}


def _signature(force_id: int) -> tuple[Any, ...]:
    agg = Finding.objects.filter(inspection__force_id=force_id).aggregate(
        n=Max("id"), changed=Max("updated_at"))
    count = Finding.objects.filter(inspection__force_id=force_id).count()
    return (count, agg["n"], agg["changed"])


def corpus(force_id: int) -> _Corpus:
    """The force's findings as weighted term vectors, kept until a finding changes."""
    signature = _signature(force_id)
    kept = _CACHE.get(force_id)
    if kept is not None and kept.signature == signature:
        return kept
    rows = list(Finding.objects.filter(inspection__force_id=force_id).values(
        "id", "text", "type", "status", "closure_basis", "ref", "inspection_id",
        "inspection__title", "inspection__published", "created_at"))
    counts = {r["id"]: features(r["text"]) for r in rows}
    df: Counter[str] = Counter()
    for c in counts.values():
        df.update(c.keys())
    n = len(rows) or 1
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    vectors = {}
    for pk, c in counts.items():
        weights = {t: (1 + math.log(k)) * idf[t] for t, k in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[pk] = {t: w / norm for t, w in weights.items()}
    corpus_ = _Corpus(signature, idf, vectors, {r["id"]: dict(r) for r in rows})
    _CACHE[force_id] = corpus_
    return corpus_


@dataclass(frozen=True)
class Match:
    finding_id: int
    score: float
    shared: list[str]           # the words the two findings share, most telling first
    stems: list[str]            # the same, as compared (for marking them in a text)
    meta: dict[str, Any]


def _earlier(meta: dict[str, Any], than: dict[str, Any]) -> bool:
    a, b = meta["inspection__published"], than["inspection__published"]
    if a and b:
        return bool(a < b)
    return bool(meta["created_at"] < than["created_at"]) and meta["inspection_id"] != than["inspection_id"]


def similar(finding_id: int, force_id: int, limit: int = 5, min_score: float = 0.2,
            earlier_only: bool = True) -> list[Match]:
    """The force's findings most like this one (from earlier inspections unless told)."""
    c = corpus(force_id)
    mine = c.vectors.get(finding_id)
    me = c.meta.get(finding_id)
    if mine is None or me is None:
        return []
    scored = []
    for pk, vector in c.vectors.items():
        other = c.meta[pk]
        if pk == finding_id or other["inspection_id"] == me["inspection_id"]:
            continue
        if earlier_only and not _earlier(other, me):
            continue
        small, large = (mine, vector) if len(mine) < len(vector) else (vector, mine)
        score = sum(w * large[t] for t, w in small.items() if t in large)
        if score >= min_score:
            scored.append((score, pk))
    scored.sort(reverse=True)
    surface: dict[str, str] = {}
    for w in WORD.findall(str(me["text"]).lower()):
        surface.setdefault(_stem(w), w)
    out = []
    for score, pk in scored[:limit]:
        stems = sorted((t for t in mine if t in c.vectors[pk] and " " not in t),
                       key=lambda t: -c.idf[t])[:12]
        out.append(Match(pk, round(score, 3), [surface.get(t, t) for t in stems], stems,
                         c.meta[pk]))
    return out


def mark_repeats(findings: list[Finding] | Any) -> int:
    """Set ``repeat_of`` of each finding to its most similar earlier finding, if alike enough."""
    marked = 0
    for f in findings:
        force_id = f.inspection.force_id
        best = similar(f.pk, force_id, limit=1, min_score=REPEAT_SCORE)
        repeat_of = best[0].finding_id if best else None
        score = best[0].score if best else None
        if f.repeat_of_id != repeat_of or f.repeat_score != score:
            Finding.objects.filter(pk=f.pk).update(repeat_of_id=repeat_of, repeat_score=score)
            marked += repeat_of is not None
    return marked


RAISED_AGAIN = Q(repeat_of__status="closed")


def highlight(text: str, shared: list[str]) -> list[tuple[str, bool]]:
    """The text in pieces, each marked when it is one of the shared words (for <mark>)."""
    wanted = set(shared)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in WORD.finditer(text.lower()):
        if _stem(m.group()) in wanted and m.group() not in STOP:
            pieces.append((text[last:m.start()], False))
            pieces.append((text[m.start():m.end()], True))
            last = m.end()
    pieces.append((text[last:], False))
    return [p for p in pieces if p[0]]
