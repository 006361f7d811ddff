"""Themes of findings: a written taxonomy kept as data (data/themes.toml), assigned by
transparent rules — a theme's words or phrases found in the finding — with the words that
matched kept beside each theme, so a reader sees why; users correct them (recorded)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .terms import WORD, _stem


@dataclass(frozen=True)
class Theme:
    code: str
    name: str
    description: str
    terms: tuple[str, ...]


def _stems(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in WORD.findall(text.lower().replace("-", " ")))


@cache
def taxonomy() -> dict[str, Theme]:
    data = tomllib.loads(resources.files("scrutiny.inspections").joinpath("data/themes.toml")
                         .read_text(encoding="utf-8"))
    return {code: Theme(code, t["name"], t["description"], tuple(t["terms"]))
            for code, t in data.items()}


@cache
def _compiled() -> dict[str, list[tuple[list[tuple[str, ...]], str]]]:
    """Each term as the word sequences it needs (one, or several for "a + b")."""
    return {code: [([_stems(part) for part in term.split(" + ")], term) for term in theme.terms
                   if all(_stems(part) for part in term.split(" + "))]
            for code, theme in taxonomy().items()}


def _has(words: tuple[str, ...], stems: tuple[str, ...]) -> bool:
    n = len(stems)
    return any(words[i:i + n] == stems for i in range(len(words) - n + 1))


def assign(text: str) -> dict[str, list[str]]:
    """The themes whose terms the text has, each with the terms found (in taxonomy order)."""
    words = _stems(text)
    found: dict[str, list[str]] = {}
    for code, terms in _compiled().items():
        hits, seen = [], set()
        for parts, term in terms:
            key = tuple(parts)
            if key not in seen and all(_has(words, p) for p in parts):
                seen.add(key)  # "record crime" and "record crimes" are one match
                hits.append(term)
        if hits:
            found[code] = hits
    return found


def apply(findings: Iterable[Any]) -> int:
    """Give each finding the themes the rules find, keeping every user's decision."""
    from .models import FindingTheme

    findings = list(findings)
    decided = set(FindingTheme.objects.filter(finding__in=findings, source="user")
                  .values_list("finding_id", "theme"))
    rows = []
    for f in findings:
        for code, terms in assign(f.text).items():
            if (f.pk, code) not in decided:
                rows.append(FindingTheme(finding=f, theme=code, matched=terms))
    FindingTheme.objects.bulk_create(rows, batch_size=1000, update_conflicts=True,
                                     unique_fields=["finding", "theme"],
                                     update_fields=["matched", "active"])
    return len(rows)


def set_by_user(finding: Any, chosen: set[str], user: Any) -> dict[str, list[str]]:
    """The themes a user chose for a finding (recorded); returns what was added and removed."""
    from django.db import transaction
    from django.utils import timezone

    from scrutiny.audit.history import record

    from .models import FindingTheme

    known = taxonomy()
    chosen = {c for c in chosen if c in known}
    with transaction.atomic():
        current = {t.theme: t for t in FindingTheme.objects.select_for_update().filter(finding=finding)}
        active = {c for c, t in current.items() if t.active}
        added, removed = sorted(chosen - active), sorted(active - chosen)
        for code in added + removed:
            FindingTheme.objects.update_or_create(
                finding=finding, theme=code,
                defaults={"active": code in chosen, "source": "user", "set_by": user,
                          "set_at": timezone.now()})
        if added or removed:
            record(user, finding, "changed", f"Themes of {finding} corrected", {
                "themes": [", ".join(known[c].name for c in sorted(active)),
                           ", ".join(known[c].name for c in sorted(chosen))]})
    return {"added": added, "removed": removed}


def open_over_time(force: Any, ends: list[Any]) -> list[tuple[str, str, list[int]]]:
    """Per theme, the force's tracked findings open at each date of ``ends``.

    A finding counts from the day it was recorded until the day the history records it
    closed (or still counts, if it is open).
    """
    from django.utils import timezone

    from scrutiny.audit.models import AuditEvent

    from .models import Finding, FindingTheme
    from .status import TRACKED

    findings = {f["pk"]: f for f in Finding.objects.filter(TRACKED, inspection__force=force)
                .values("pk", "created_at", "status")}
    closed_on: dict[int, Any] = {}
    for event in AuditEvent.objects.filter(finding_id__in=list(findings), action="status") \
            .order_by("at").only("finding_id", "at", "changes"):
        change = (event.changes or {}).get("status")
        if isinstance(change, list) and len(change) == 2:
            if change[1] == "closed":
                closed_on[event.finding_id or 0] = timezone.localtime(event.at).date()
            else:
                closed_on.pop(event.finding_id or 0, None)
    by_theme: dict[str, list[int]] = {}
    for finding_id, code in FindingTheme.objects.filter(
            finding_id__in=list(findings), active=True).values_list("finding_id", "theme"):
        by_theme.setdefault(code, []).append(finding_id)
    out = []
    for code, theme in taxonomy().items():
        counts = []
        for end in ends:
            n = 0
            for pk in by_theme.get(code, []):
                f = findings[pk]
                if timezone.localtime(f["created_at"]).date() > end:
                    continue
                shut = closed_on.get(pk)
                if f["status"] == "closed" and (shut is None or shut <= end):
                    continue
                n += 1
            counts.append(n)
        if any(counts):
            out.append((code, theme.name, counts))
    return out
