"""Score extractions against gold files by the contract's rules ("How output is scored")."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

FINDING_TYPES = (
    "recommendation",
    "cause_of_concern",
    "area_for_improvement",
    "innovative_practice",
    "promising_practice",
)
DOCUMENT_FIELDS = (
    "kind",
    "title",
    "inspection_title",
    "inspection_type",
    "published",
    "forces",
    "section55_deadline",
)


def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def token_set_similarity(a: str, b: str) -> float:
    """Token-set similarity in [0, 1], as fuzzy matchers define it."""
    ta, tb = set(_norm(a).split()), set(_norm(b).split())
    if not ta or not tb:
        return 0.0
    common = " ".join(sorted(ta & tb))
    only_a = (common + " " + " ".join(sorted(ta - tb))).strip()
    only_b = (common + " " + " ".join(sorted(tb - ta))).strip()
    return max(_ratio(common, only_a), _ratio(common, only_b), _ratio(only_a, only_b))


def area_matches(predicted: str, gold: dict[str, Any]) -> bool:
    p = _norm(predicted)
    for name in [gold["area"], *gold.get("aliases", [])]:
        g = _norm(name)
        if p and g and (p in g or g in p or token_set_similarity(p, g) >= 0.8):
            return True
    return False


def findings_match(p: dict[str, Any], g: dict[str, Any]) -> bool:
    if p["type"] != g["type"]:
        return False
    if p.get("ref") and g.get("ref"):
        return str(p["ref"]) == str(g["ref"])
    return _ratio(_norm(p["text"])[:150], _norm(g["text"])[:150]) >= 0.8


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    findings: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in FINDING_TYPES})
    grades: Tally = field(default_factory=Tally)
    responses: Tally = field(default_factory=Tally)
    distribution: Tally = field(default_factory=Tally)
    due_right: int = 0
    due_total: int = 0
    fields_right: int = 0
    fields_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        total = Tally()
        for t in self.findings.values():
            total.add(t.tp, t.fp, t.fn)
        return total

    @property
    def due_accuracy(self) -> float:
        return self.due_right / self.due_total if self.due_total else 1.0

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields_total if self.fields_total else 1.0


def _field_equal(name: str, p: Any, g: Any) -> bool:
    if name == "forces":
        return {_ws(x) for x in p or []} == {_ws(x) for x in g or []}
    return _ws(p) == _ws(g)


def _ws(value: Any) -> str:
    return " ".join(str(value).split()).lower() if value is not None else ""


def _match_keys(pred: list[Any], gold: list[Any]) -> tuple[int, int, int]:
    p, g = Counter(pred), Counter(gold)
    tp = sum((p & g).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp


def score_document(pred: dict[str, Any], gold: dict[str, Any], score: Score) -> None:
    """Add one document's comparison to the running score."""
    name = gold.get("source", {}).get("filename", "?")
    for f in DOCUMENT_FIELDS:
        score.fields_total += 1
        if _field_equal(f, pred["document"].get(f), gold["document"].get(f)):
            score.fields_right += 1
        else:
            score.misses.append(
                f"{name}: document.{f} {pred['document'].get(f)!r} != {gold['document'].get(f)!r}"
            )

    unmatched = list(gold["grades"])
    tp = 0
    for pg in pred["grades"]:
        hit = next(
            (g for g in unmatched if g["grade"] == pg["grade"] and area_matches(pg["area"], g)),
            None,
        )
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
        else:
            score.misses.append(f"{name}: extra grade {pg}")
    for g in unmatched:
        score.misses.append(f"{name}: missing grade {g['area']} = {g['grade']}")
    score.grades.add(tp, len(pred["grades"]) - tp, len(unmatched))

    for kind in FINDING_TYPES:
        golds = [g for g in gold["findings"] if g["type"] == kind]
        preds = [p for p in pred["findings"] if p["type"] == kind]
        free = list(golds)
        tp = 0
        for p in preds:
            hit = next((g for g in free if findings_match(p, g)), None)
            if hit is None:
                score.misses.append(f"{name}: extra {kind} {p.get('ref')!r}: {p['text'][:70]}")
                continue
            free.remove(hit)
            tp += 1
            score.due_total += 1
            if p.get("due") == hit.get("due"):
                score.due_right += 1
            else:
                score.misses.append(f"{name}: due {p.get('due')} != {hit.get('due')} ({kind})")
        for g in free:
            score.misses.append(f"{name}: missing {kind} {g.get('ref')!r}: {g['text'][:70]}")
        score.findings[kind].add(tp, len(preds) - tp, len(free))

    score.responses.add(
        *_match_keys(
            [(r["author"], r["finding_ref"]) for r in pred["responses"]],
            [(r["author"], r["finding_ref"]) for r in gold["responses"]],
        )
    )
    score.distribution.add(
        *_match_keys(
            [d["recipient"] for d in pred["distribution"]],
            [d["recipient"] for d in gold["distribution"]],
        )
    )


def report(score: Score, documents: int) -> str:
    """The score as a plain-text table."""
    lines = [f"Scored {documents} document(s)", "",
             f"{'findings':<24}{'precision':>10}{'recall':>10}{'F1':>8}{'gold':>6}"]
    for kind, t in score.findings.items():
        lines.append(f"{kind:<24}{t.precision:>10.3f}{t.recall:>10.3f}{t.f1:>8.3f}{t.tp + t.fn:>6}")
    o = score.overall
    lines.append(f"{'all findings':<24}{o.precision:>10.3f}{o.recall:>10.3f}{o.f1:>8.3f}{o.tp + o.fn:>6}")
    lines.append("")
    for label, t in (("grades", score.grades), ("responses", score.responses),
                     ("distribution", score.distribution)):
        lines.append(f"{label:<24}{t.precision:>10.3f}{t.recall:>10.3f}{t.f1:>8.3f}{t.tp + t.fn:>6}")
    lines.append("")
    lines.append(f"due-date accuracy        {score.due_accuracy:.3f} ({score.due_right}/{score.due_total})")
    lines.append(
        f"document-field accuracy  {score.field_accuracy:.3f} ({score.fields_right}/{score.fields_total})"
    )
    lines.append(f"findings F1 {o.f1:.3f}  grades F1 {score.grades.f1:.3f}  "
                 f"document fields {score.field_accuracy:.3f}")
    return "\n".join(lines)
