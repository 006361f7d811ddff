"""PEEL grades across forces: where a force stands against every force graded in the same
round and against its most similar forces.

Every office records the PEEL reports about its own force, so between them the offices
using Scrutiny hold the grades of many forces.  Grades are compared within one PEEL round
(the framework a report was graded under: the areas of 2021/22 are not those of
2023–25) and one graded area, named as ``extraction/data/peel.toml`` names it, whatever
wording the report printed.  A force's grade for an area is counted once per round even
when more than one office recorded the same report.

A force's most similar forces are a list kept as data (``SimilarForces``): the office's
administrators enter it (the Home Office's most similar group is the usual source) or a
system administrator loads lists for many forces with ``scrutiny similar-forces FILE``.
Scrutiny does not guess one.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Q

from scrutiny.extraction.forces import resolve_force
from scrutiny.extraction.peel import Concept, concepts, match_concept

from .models import Force, Grade, InspectionType, SimilarForces

# Best first, as the inspectorate lists them.
TIERS: list[str] = [v for v, _ in Grade.Value.choices]
TIER_LABELS: dict[str, str] = dict(Grade.Value.choices)
MOST_SIMILAR_LIMIT = 15  # a most similar group usually has seven or eight forces
ROUND_LABELS = {2018: "PEEL 2018/19", 2021: "PEEL 2021/22", 2023: "PEEL 2023–25",
                2025: "PEEL 2025–27"}


def is_peel(concept: Concept) -> bool:
    """A pillar, PEEL question or PEEL area (not a crime data integrity judgment)."""
    return concept.kind in ("pillar", "area") or (concept.kind == "question" and bool(concept.pillar))


@cache
def rounds() -> tuple[int, ...]:
    """The first years of the PEEL rounds the inspectorate has graded in."""
    return tuple(sorted({y for c in concepts() if is_peel(c) for y in c.years}))


def round_label(year: int) -> str:
    return ROUND_LABELS.get(year, f"PEEL {year}")


@cache
def _order() -> dict[str, int]:
    return {c.name: i for i, c in enumerate(concepts())}


_PEEL_YEAR = re.compile(r"\bPEEL\b\D{0,40}?\b((?:19|20)\d\d)\b", re.I)
_ANY_YEAR = re.compile(r"\b(20[1-3]\d)\b")


def round_of(title: str, published: date | None, areas: list[Concept],
             peel_report: bool = True) -> int | None:
    """The round a report was graded in, or None when it cannot be told.

    The year a title prints ("PEEL 2021/22", "Wiltshire PEEL 2015", or on a PEEL report
    "Durham 2016") names it; otherwise the latest round up to the report's publication
    that every one of its graded areas belongs to; with neither, the one round its areas
    share, if there is only one.
    """
    printed = _PEEL_YEAR.search(title) or (_ANY_YEAR.search(title) if peel_report else None)
    if printed:
        possible = [r for r in rounds() if r <= int(printed.group(1))]
        return possible[-1] if possible else None
    shared = [r for r in rounds() if all(r in c.years for c in areas)]
    if published is None:
        return shared[0] if areas and len(shared) == 1 else None
    candidates = [r for r in shared if r <= published.year] or \
        [r for r in rounds() if r <= published.year]
    return candidates[-1] if candidates else None


@dataclass(frozen=True)
class Held:
    """One force's grade for one area in one round."""

    force_id: int
    force: str
    round: int
    area: str
    grade: str
    published: date | None


def held_grades() -> list[Held]:
    """Every force's PEEL grades held in the system, once per force, round and area (the
    latest published where offices recorded more than one report)."""
    rows = (Grade.objects.filter(Q(inspection__inspection_type=InspectionType.PEEL)
                                 | Q(inspection__title__icontains="PEEL"))
            .values_list("inspection_id", "inspection__title", "inspection__published",
                         "inspection__inspection_type", "force_id", "force__name", "area",
                         "grade"))
    by_report: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_report.setdefault(row[0], []).append(row)
    best: dict[tuple[int, int, str], Held] = {}
    for items in by_report.values():
        _, title, published, kind = items[0][:4]
        first = [match_concept(area) for *_, area, _grade in items]
        year = round_of(title, published, [m.concept for m in first if m and is_peel(m.concept)],
                        peel_report=kind == InspectionType.PEEL or "peel" in title.lower())
        if year is None:
            continue
        for *_, force_id, force, area, grade in items:
            found = match_concept(area, year=year)  # the wording of that round first
            if found is None or not is_peel(found.concept):
                continue
            held = Held(force_id, force, year, found.concept.name, grade, published)
            key = (force_id, year, found.concept.name)
            earlier = best.get(key)
            if earlier is None or (published or date.min) >= (earlier.published or date.min):
                best[key] = held
    return list(best.values())


@dataclass
class AreaRow:
    area: str
    grade: str | None  # this force's
    national: Counter[str]  # tier -> number of forces
    similar: list[tuple[str, str | None]]  # (force, grade) for each most similar force

    @property
    def graded(self) -> int:
        return sum(self.national.values())

    @property
    def similar_counts(self) -> Counter[str]:
        return Counter(g for _, g in self.similar if g)

    def national_cells(self) -> list[int]:
        return [self.national.get(t, 0) for t in TIERS]

    def similar_cells(self) -> list[int]:
        counts = self.similar_counts
        return [counts.get(t, 0) for t in TIERS]


@dataclass
class Comparison:
    force: Force
    round: int | None
    rounds: list[tuple[int, str]]
    rows: list[AreaRow] = field(default_factory=list)
    similar: list[str] = field(default_factory=list)
    similar_source: str = ""
    forces_graded: int = 0
    table: list[tuple[str, list[str | None]]] = field(default_factory=list)  # all forces

    @property
    def label(self) -> str:
        return round_label(self.round) if self.round else ""


def similar_to(force: Force) -> tuple[list[Force], str]:
    group = SimilarForces.objects.filter(force=force).first()
    if group is None:
        return [], ""
    return list(group.similar.order_by("name")), group.source


def compare(force: Force, year: int | None = None) -> Comparison:
    """Where ``force`` stands in a round (its latest graded round unless ``year``)."""
    held = held_grades()
    present = sorted({h.round for h in held})
    own_rounds = sorted({h.round for h in held if h.force_id == force.pk})
    if year not in present:
        latest = own_rounds or present
        year = latest[-1] if latest else None
    out = Comparison(force, year, [(y, round_label(y)) for y in present])
    similar, out.similar_source = similar_to(force)
    out.similar = [f.name for f in similar]
    if year is None:
        return out
    in_round = [h for h in held if h.round == year]
    areas = sorted({h.area for h in in_round}, key=lambda a: _order().get(a, 999))
    grade_of = {(h.force_id, h.area): h.grade for h in in_round}
    for area in areas:
        out.rows.append(AreaRow(
            area=area, grade=grade_of.get((force.pk, area)),
            national=Counter(h.grade for h in in_round if h.area == area),
            similar=[(f.name, grade_of.get((f.pk, area))) for f in similar]))
    names = {h.force_id: h.force for h in in_round}
    out.forces_graded = len(names)
    out.table = [(names[fid], [grade_of.get((fid, a)) for a in areas])
                 for fid in sorted(names, key=names.__getitem__)]
    return out


# --- the list kept as data ----------------------------------------------------------------

class GroupsError(ValueError):
    """A similar-forces file that cannot be loaded; nothing was changed."""


def read_groups(text: str) -> tuple[str, dict[Force, list[Force]]]:
    """Parse a file of most similar forces::

        source = "Home Office most similar groups, 2025"
        [groups]
        "Norfolk Constabulary" = ["Suffolk Constabulary", "Wiltshire Police"]

    Force names may be written as the contract's list or any alias it knows.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GroupsError(f"the file is not valid TOML ({exc})") from None
    groups = data.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise GroupsError("the file has no [groups] table of force = [similar forces]")
    forces = {f.name: f for f in Force.objects.all()}
    problems: list[str] = []

    def force(name: Any) -> Force | None:
        found = forces.get(resolve_force(str(name)) or str(name))
        if found is None:
            problems.append(f"no force called {name!r}")
        return found

    out: dict[Force, list[Force]] = {}
    for name, similar in groups.items():
        office = force(name)
        if not isinstance(similar, list):
            problems.append(f"{name}: the similar forces must be a list of names")
            continue
        members = [f for f in (force(s) for s in similar) if f is not None]
        if len(similar) > MOST_SIMILAR_LIMIT:
            problems.append(f"{name}: {len(similar)} similar forces (at most "
                            f"{MOST_SIMILAR_LIMIT})")
        if office is not None:
            if office in members:
                problems.append(f"{name} is listed as similar to itself")
            out[office] = members
    if problems:
        raise GroupsError("; ".join(dict.fromkeys(problems)))
    return str(data.get("source", ""))[:300], out


@transaction.atomic
def save_group(force: Force, similar: list[Force], source: str, user: Any,
               version: int | None = None) -> bool:
    """Set a force's most similar forces (recorded in the history); True if it changed.

    ``version`` is the one the user's page showed: if someone saved since, StaleEdit.
    """
    from scrutiny.audit.history import StaleEdit, record

    group, _ = SimilarForces.objects.select_for_update().get_or_create(force=force)
    if version is not None and version != group.version:
        raise StaleEdit("Someone else changed the list while you were editing it; "
                        "nothing was saved. This is theirs.")
    before = sorted(group.similar.values_list("name", flat=True))
    after = sorted(f.name for f in similar)
    if before == after and group.source == source:
        return False
    group.similar.set(similar)
    SimilarForces.objects.filter(pk=group.pk).update(source=source,
                                                     version=group.version + 1)
    record(user, group, "changed", f"Most similar forces of {force} set",
           {"similar forces": [", ".join(before) or None, ", ".join(after) or None],
            **({"source": [group.source, source]} if group.source != source else {})})
    return True
