"""Importing an office's tracker spreadsheet: columns mapped by the user, every row planned
and shown before anything is stored, then committed in one transaction.

A row is matched to an inspection of the office by its report title (and publication
date, when both have one), and to a finding of that inspection by its reference, else
by its text (the same words, or nearly: 90% alike).  A matched row changes only the
fields that differ; a sheet imported twice changes nothing the second time.  Statuses
and finding types are taken only as the user mapped them: a value nobody mapped makes
its row invalid, it is never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.models import Finding, FindingType, Force, Inspection, InspectionType
from scrutiny.inspections.status import ClosureBasis, FindingStatus

from .models import Update
from .services import refresh_tracking
from .sheets import Sheet, office_date

FIELDS: list[tuple[str, str, bool]] = [
    ("title", "Report title", True),
    ("published", "Publication date", False),
    ("type", "Finding type", False),
    ("ref", "Reference", False),
    ("text", "Finding text", True),
    ("due", "Due date", False),
    ("owner", "Owner", False),
    ("status", "Status", False),
    ("update", "Latest update", False),
    ("update_date", "Date of the latest update", False),
]
LABELS = {name: label for name, label, _ in FIELDS}

# Column headings trackers use for each field (compared without case or punctuation).
HEADINGS = {
    "title": ["report", "report title", "report name", "inspection", "inspection title",
              "inspection report", "hmicfrs report", "title"],
    "published": ["publication date", "published", "date published", "report date",
                  "date of report", "date of publication"],
    "type": ["type", "finding type", "category", "rec afi", "recommendation or afi"],
    "ref": ["ref", "reference", "ref no", "no", "number", "rec no", "id", "recommendation no"],
    "text": ["recommendation", "finding", "text", "description", "recommendation afi",
             "recommendation text", "finding text", "detail", "area for improvement"],
    "due": ["due", "due date", "deadline", "target date", "completion date", "due by"],
    "owner": ["owner", "lead", "lead officer", "responsible officer", "action owner",
              "responsible", "owner lead"],
    "status": ["status", "current status", "progress status"],
    "update": ["update", "latest update", "progress", "progress update", "comments",
               "latest position", "current position", "commentary"],
    "update_date": ["update date", "date of update", "last updated", "date updated"],
}

# The inspectorate's own names for finding types (its vocabulary, not guesses).
KNOWN_TYPES = {
    "recommendation": FindingType.RECOMMENDATION, "recommendations": FindingType.RECOMMENDATION,
    "rec": FindingType.RECOMMENDATION,
    "area for improvement": FindingType.AREA_FOR_IMPROVEMENT,
    "areas for improvement": FindingType.AREA_FOR_IMPROVEMENT,
    "afi": FindingType.AREA_FOR_IMPROVEMENT,
    "cause of concern": FindingType.CAUSE_OF_CONCERN, "causes of concern": FindingType.CAUSE_OF_CONCERN,
    "innovative practice": FindingType.INNOVATIVE_PRACTICE,
    "promising practice": FindingType.PROMISING_PRACTICE,
}


def _key(text: Any) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).split())


def suggest_mapping(header: list[str]) -> dict[str, int | None]:
    """A column for each field whose heading is one trackers use for it (the user confirms)."""
    taken: set[int] = set()
    out: dict[str, int | None] = {}
    for name, _, _ in FIELDS:
        wanted = {_key(h) for h in HEADINGS[name]}
        out[name] = next((i for i, h in enumerate(header) if _key(h) in wanted and i not in taken),
                         None)
        if out[name] is not None:
            taken.add(out[name])  # type: ignore[arg-type]
    return out


def distinct(sheet: Sheet, column: int | None) -> list[str]:
    if column is None:
        return []
    return sorted({str(v).strip() for v in sheet.column(column) if v is not None and str(v).strip()},
                  key=str.lower)


def suggest_types(values: list[str]) -> dict[str, str]:
    return {v: KNOWN_TYPES[_key(v)] for v in values if _key(v) in KNOWN_TYPES}


def suggest_statuses(values: list[str]) -> dict[str, str]:
    """Only a value that is exactly one of Scrutiny's status names is filled in."""
    names = {_key(label): value for value, label in FindingStatus.choices}
    return {v: names[_key(v)] for v in values if _key(v) in names}


@dataclass
class RowPlan:
    number: int
    outcome: str                      # new | matched | unchanged | invalid
    how: str = ""                     # how it matched, or what is new
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    inspection: Inspection | None = None
    inspection_key: tuple[str, date | None] | None = None
    finding: Finding | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _cell(cells: list[Any], column: int | None) -> Any:
    return cells[column] if column is not None and column < len(cells) else None


def _read_row(cells: list[Any], mapping: dict[str, int | None], types: dict[str, str],
              statuses: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name in ("title", "text", "ref", "owner", "update"):
        values[name] = _text(_cell(cells, mapping.get(name)))
    for name in ("published", "due", "update_date"):
        try:
            values[name] = office_date(_cell(cells, mapping.get(name)))
        except ValueError as exc:
            problems.append(f"{LABELS[name]}: {exc}")
            values[name] = None
    if not values["title"]:
        problems.append("no report title")
    if not values["text"]:
        problems.append("no finding text")
    if len(values["title"]) > 500:
        problems.append("the report title is longer than 500 characters")
    if len(values["ref"]) > 20:
        problems.append("the reference is longer than 20 characters")
    if len(values["owner"]) > 200:
        problems.append("the owner is longer than 200 characters")
    raw_type = _text(_cell(cells, mapping.get("type")))
    if mapping.get("type") is None or not raw_type:
        values["type"] = FindingType.RECOMMENDATION if mapping.get("type") is None else None
        if values["type"] is None:
            problems.append("no finding type")
    elif raw_type in types and types[raw_type] in FindingType.values:
        values["type"] = types[raw_type]
    else:
        values["type"] = None
        problems.append(f"the finding type “{raw_type}” has not been mapped")
    raw_status = _text(_cell(cells, mapping.get("status")))
    if mapping.get("status") is None or not raw_status:
        values["status"] = None  # left as it is (new findings: open)
    elif raw_status in statuses and statuses[raw_status] in FindingStatus.values:
        values["status"] = statuses[raw_status]
    else:
        values["status"] = None
        problems.append(f"the status “{raw_status}” has not been mapped")
    return values, problems


class _Index:
    """The office's inspections and findings, looked up by title, reference and text."""

    def __init__(self, force: Force) -> None:
        self.inspections: dict[str, list[Inspection]] = defaultdict(list)
        for i in Inspection.objects.filter(force=force).order_by("id"):
            self.inspections[_key(i.title)].append(i)
        self.findings: dict[int, list[Finding]] = defaultdict(list)
        self.latest: dict[int, Update] = {}
        for f in Finding.objects.filter(inspection__force=force).order_by("position", "id"):
            self.findings[f.inspection_id].append(f)
        for u in Update.objects.filter(finding__inspection__force=force).order_by("date", "id"):
            self.latest[u.finding_id] = u

    def inspection(self, title: str, published: date | None) -> tuple[Inspection | None, str]:
        candidates = self.inspections.get(_key(title), [])
        if published:
            dated = [i for i in candidates if i.published == published]
            if dated:
                return dated[0], "by report title and publication date"
            if candidates and all(i.published and i.published != published for i in candidates):
                return None, ""
        if candidates:
            return candidates[0], "by report title"
        return None, ""

    def finding(self, inspection: Inspection, ref: str, text: str, kind: str,
                claimed: set[int]) -> tuple[Finding | None, str]:
        found = [f for f in self.findings.get(inspection.pk, []) if f.pk not in claimed]
        if ref:
            for f in found:
                if f.ref and f.ref.lower() == ref.lower() and f.type == kind:
                    return f, "by reference"
        key = _key(text)
        for f in found:
            if _key(f.text) == key:
                return f, "by text"
        best, score = None, 0.0
        for f in found:
            ratio = difflib.SequenceMatcher(None, _key(f.text)[:400], key[:400]).ratio()
            if ratio > score:
                best, score = f, ratio
        if best is not None and score >= 0.9:
            return best, f"by text ({score:.0%} alike)"
        return None, ""


def _changes(f: Finding, values: dict[str, Any], latest: Update | None, how: str) -> list[str]:
    out = []
    if how == "by reference" and _key(f.text) != _key(values["text"]):
        out.append("text")
    if values["due"] and values["due"] != f.due:
        out.append(f"due date → {values['due']:%-d %b %Y}")
    if values["owner"] and values["owner"] != f.owner:
        out.append(f"owner → {values['owner']}")
    if values["status"] and values["status"] != f.status:
        out.append(f"status → {FindingStatus(values['status']).label}")
    if values["update"] and (latest is None or _key(latest.note) != _key(values["update"])):
        out.append("a new update")
    return out


def plan(sheet: Sheet, force: Force, mapping: dict[str, int | None], types: dict[str, str],
         statuses: dict[str, str]) -> list[RowPlan]:
    """What importing each row would do; nothing is stored."""
    index = _Index(force)
    planned: list[RowPlan] = []
    claimed: set[int] = set()
    new_findings: dict[tuple[str, date | None], set[str]] = defaultdict(set)
    for number, cells in sheet.rows:
        values, problems = _read_row(cells, mapping, types, statuses)
        row = RowPlan(number, "invalid", values=values, problems=problems)
        planned.append(row)
        if problems:
            continue
        inspection, how = index.inspection(values["title"], values["published"])
        if inspection is None:
            key = (_key(values["title"]), values["published"])
            text_key = _key(values["text"])
            if text_key in new_findings[key]:
                row.problems.append("the same finding appears earlier in the sheet")
                continue
            new_findings[key].add(text_key)
            row.outcome, row.inspection_key = "new", key
            row.how = "new finding of a new inspection"
            continue
        row.inspection = inspection
        finding, found_how = index.finding(inspection, values["ref"], values["text"],
                                           values["type"], claimed)
        if finding is None:
            text_key = _key(values["text"])
            if text_key in new_findings[(str(inspection.pk), None)]:
                row.problems.append("the same finding appears earlier in the sheet")
                continue
            new_findings[(str(inspection.pk), None)].add(text_key)
            row.outcome, row.how = "new", f"new finding of “{inspection.title[:80]}” ({how})"
            continue
        claimed.add(finding.pk)
        row.finding = finding
        row.changes = _changes(finding, values, index.latest.get(finding.pk), found_how)
        row.outcome = "matched" if row.changes else "unchanged"
        row.how = f"{finding} {found_how}, in “{inspection.title[:80]}” ({how})"
    return planned


def summary(planned: list[RowPlan]) -> dict[str, int]:
    counts = {"new": 0, "matched": 0, "unchanged": 0, "invalid": 0}
    for row in planned:
        counts[row.outcome] += 1
    return counts


def _inspection_type(title: str) -> str:
    return InspectionType.PEEL if _key(title).startswith("peel") else InspectionType.OTHER


@transaction.atomic
def commit(planned: list[RowPlan], force: Force, user: Any, source: str) -> dict[str, int]:
    """Store every planned row that is valid, in one transaction; invalid rows are left out."""
    today = timezone.localdate()
    author = user if getattr(user, "is_authenticated", False) else None
    created: dict[tuple[str, date | None], Inspection] = {}
    positions: dict[int, int] = {}
    events: list[AuditEvent] = []
    new: list[tuple[RowPlan, Finding]] = []
    touched: set[int] = set()
    # New inspections first, all at once, each with the office's force as its subject.
    for row in planned:
        if row.outcome == "new" and row.inspection is None:
            assert row.inspection_key is not None
            if row.inspection_key not in created:
                created[row.inspection_key] = Inspection(
                    force=force, title=row.values["title"], published=row.values["published"],
                    inspection_type=_inspection_type(row.values["title"]), created_by=author)
    Inspection.objects.bulk_create(created.values(), batch_size=1000)
    Inspection.forces.through.objects.bulk_create(
        [Inspection.forces.through(inspection_id=i.pk, force_id=force.pk) for i in created.values()],
        batch_size=1000)
    for inspection in created.values():
        events.append(AuditEvent(user=author, force=force, inspection=inspection,
                                 object_type="inspection", object_id=inspection.pk,
                                 action="created", summary=f"Imported from {source}"[:300]))
    for row in planned:
        if row.outcome != "new":
            continue
        inspection = row.inspection or created[row.inspection_key]  # type: ignore[index]
        if inspection.pk not in positions:
            positions[inspection.pk] = (Finding.objects.filter(inspection=inspection)
                                        .order_by("-position").values_list("position", flat=True)
                                        .first() or 0)
        positions[inspection.pk] += 1
        v = row.values
        status = v["status"] or FindingStatus.OPEN
        tracked = v["type"] in (FindingType.RECOMMENDATION, FindingType.AREA_FOR_IMPROVEMENT,
                                FindingType.CAUSE_OF_CONCERN)
        # What refresh_tracking would work out for a finding with no actions yet.
        new.append((row, Finding(
            inspection=inspection, type=v["type"], ref=v["ref"], text=v["text"], due=v["due"],
            owner=v["owner"], status=status, force_to_act=tracked,
            closure_basis=ClosureBasis.SELF_ASSESSED if status == FindingStatus.CLOSED else "",
            position=positions[inspection.pk], next_due=v["due"],
            last_activity=(v["update_date"] or today) if v["update"] else today,
            has_progress=status != FindingStatus.OPEN or bool(v["update"]))))
    Finding.objects.bulk_create([f for _, f in new], batch_size=1000)
    updates: list[Update] = []
    for row, f in new:
        events.append(AuditEvent(user=author, force=force, inspection_id=f.inspection_id,
                                 finding=f, object_type="finding", object_id=f.pk,
                                 action="created",
                                 summary=f"Imported from {source}, row {row.number}"[:300]))
        if row.values["update"]:
            updates.append(Update(finding=f, date=row.values["update_date"] or today,
                                  note=row.values["update"], author=author))
    changed = 0
    for row in planned:
        if row.outcome != "matched" or row.finding is None:
            continue
        f, v = row.finding, row.values
        before = {"text": f.text, "due": f.due, "owner": f.owner, "status": f.status}
        if "text" in row.changes:
            f.text = v["text"]
        if v["due"]:
            f.due = v["due"]
        if v["owner"]:
            f.owner = v["owner"]
        if v["status"]:
            f.status = v["status"]
            if f.status == FindingStatus.CLOSED and not f.closure_basis:
                f.closure_basis = ClosureBasis.SELF_ASSESSED
            elif f.status != FindingStatus.CLOSED:
                f.closure_basis = ""
        after = {"text": f.text, "due": f.due, "owner": f.owner, "status": f.status}
        diff = {k: [str(before[k] or ""), str(after[k] or "")] for k in before if before[k] != after[k]}
        if diff:
            f.version += 1
            f.updated_at = timezone.now()
            f.save(update_fields=["text", "due", "owner", "status", "closure_basis", "version",
                                  "updated_at"])
            events.append(AuditEvent(user=author, force=force, inspection_id=f.inspection_id,
                                     finding=f, object_type="finding", object_id=f.pk,
                                     action="changed", changes=diff,
                                     summary=f"Changed by importing {source}, row {row.number}"[:300]))
        if "a new update" in row.changes:
            updates.append(Update(finding=f, date=v["update_date"] or today, note=v["update"],
                                  author=author))
        touched.add(f.pk)
        changed += 1
    Update.objects.bulk_create(updates, batch_size=1000)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    refresh_tracking(touched)
    from scrutiny.inspections.similar import mark_repeats

    created_findings = list(Finding.objects.filter(pk__in=[f.pk for _, f in new])
                            .select_related("inspection"))
    mark_repeats(created_findings)
    from scrutiny.inspections.themes import apply as apply_themes

    apply_themes(created_findings)
    return {"inspections": len(created), "findings": len(new), "changed": changed,
            "updates": len(updates)}
