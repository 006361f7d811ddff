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
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q

from .models import Finding
from .terms import STOP, WORD, _stem, features

REPEAT_SCORE = 0.45
@dataclass
class _Corpus:
    signature: tuple[Any, ...]
    idf: dict[str, float]
    vectors: dict[int, dict[str, float]]  # term weights (not normalised: see norms)
    norms: dict[int, float]
    meta: dict[int, dict[str, Any]]
    terms: dict[int, tuple[str, Counter[str]]]  # each finding's text and its terms


_CACHE: dict[int, _Corpus] = {}


def _signature(force_id: int) -> tuple[Any, ...]:
    agg = Finding.objects.filter(inspection__force_id=force_id).aggregate(
        count=Count("id"), n=Max("id"), changed=Max("updated_at"))
    return (agg["count"], agg["n"], agg["changed"])


def corpus(force_id: int) -> _Corpus:
    """The force's findings as weighted term vectors, kept until a finding changes.

    When one does (a status change, say), the weights are worked out again, but the terms
    of every finding whose text is unchanged are taken from the vectors kept.
    """
    signature = _signature(force_id)
    kept = _CACHE.get(force_id)
    if kept is not None and kept.signature == signature:
        return kept
    rows = list(Finding.objects.filter(inspection__force_id=force_id).values(
        "id", "text", "type", "status", "closure_basis", "ref", "inspection_id",
        "inspection__title", "inspection__published", "created_at"))
    before = kept.terms if kept is not None else {}
    terms: dict[int, tuple[str, Counter[str]]] = {}
    for r in rows:
        old = before.get(r["id"])
        terms[r["id"]] = old if old is not None and old[0] == r["text"] else (
            r["text"], features(r["text"]))
    counts = {pk: c for pk, (_, c) in terms.items()}
    df: Counter[str] = Counter()
    for c in counts.values():
        df.update(c.keys())
    n = len(rows) or 1
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    vectors, norms = {}, {}
    log = math.log
    for pk, c in counts.items():
        weights = {t: idf[t] if k == 1 else (1 + log(k)) * idf[t] for t, k in c.items()}
        vectors[pk] = weights
        norms[pk] = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    corpus_ = _Corpus(signature, idf, vectors, norms, {r["id"]: dict(r) for r in rows}, terms)
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
    mine_norm = c.norms[finding_id]
    scored = []
    for pk, vector in c.vectors.items():
        other = c.meta[pk]
        if pk == finding_id or other["inspection_id"] == me["inspection_id"]:
            continue
        if earlier_only and not _earlier(other, me):
            continue
        small, large = (mine, vector) if len(mine) < len(vector) else (vector, mine)
        score = sum(w * large[t] for t, w in small.items() if t in large) / (
            mine_norm * c.norms[pk])
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
