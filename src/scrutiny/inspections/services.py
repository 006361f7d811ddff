"""Changing inspections and findings: every change goes through here and is recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.db import transaction
from django.utils import timezone

from scrutiny.audit.history import StaleEdit, diff, record, snapshot, versioned_update
from scrutiny.extraction.forces import resolve_forces

from .deadlines import apply_deadline
from .models import Finding, Force, Grade, Inspection, SourceDocument
from .status import ClosureBasis, FindingStatus, can_move

_OTHER_BODIES = re.compile(
    r"\b(?:college of policing|home office|home secretary|npcc|national police chiefs|"
    r"ministry of justice|crown prosecution|cps|hmicfrs|inspectorate|government|"
    r"department|ipoc|iopc|independent office|local policing bodies|commissioners?|"
    r"national crime agency|appg|parliament|office for|association of)\b",
    re.I,
)


class NotAllowed(Exception):
    """A change the rules do not allow, with a sentence saying why."""


def is_force_to_act(finding_type: str, addressee: str | None) -> bool:
    """Is a finding the force's to act on?  Recommendations addressed to others are context."""
    if finding_type in ("innovative_practice", "promising_practice"):
        return False
    if finding_type != "recommendation" or not addressee:
        return True
    if re.search(r"\b(?:chief constables?|the force|forces|constabulary|police)\b", addressee, re.I):
        return True
    if resolve_forces(addressee):
        return True
    return not _OTHER_BODIES.search(addressee)


@dataclass
class FindingDraft:
    """A finding as reviewed, before it is stored."""

    type: str
    text: str
    ref: str = ""
    due: date | None = None
    due_text: str = ""
    addressee: str = ""
    area: str = ""
    force_to_act: bool = True
    loc_start: int | None = None
    loc_end: int | None = None
    loc_page: int | None = None


@dataclass
class InspectionDraft:
    title: str
    inspection_type: str
    published: date | None
    section55_due: date | None  # as printed in the document or entered at review
    section55_basis: str
    forces: list[Force]
    holding_force: Force | None = None  # None: the office the document was uploaded to


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def drafts_from_extraction(document: SourceDocument) -> tuple[InspectionDraft, list[FindingDraft]]:
    """The inspection and findings a document's extraction proposes, before any review."""
    meta = document.extraction.get("document", {})
    forces = list(Force.objects.filter(name__in=meta.get("forces") or [])) or [document.force]
    inspection = InspectionDraft(
        title=meta.get("inspection_title") or meta.get("title") or document.filename,
        inspection_type=meta.get("inspection_type") or "",
        published=_iso(meta.get("published")),
        section55_due=_iso(meta.get("section55_deadline")),
        section55_basis=meta.get("section55_deadline_basis") or "",
        forces=forces,
    )
    findings = []
    for f in document.extraction.get("findings", []):
        loc = f.get("location") or {}
        findings.append(FindingDraft(
            type=f["type"], text=f["text"], ref=f.get("ref") or "", due=_iso(f.get("due")),
            due_text=f.get("due_text") or "", addressee=f.get("addressee") or "",
            area=f.get("area") or "", force_to_act=is_force_to_act(f["type"], f.get("addressee")),
            loc_start=loc.get("start"), loc_end=loc.get("end"), loc_page=loc.get("page"),
        ))
    return inspection, findings


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def find_matching_inspection(force: Force, title: str, published: date | None) -> Inspection | None:
    """An inspection this office already holds that a new document is about."""
    key = _norm(title)
    if not key:
        return None
    candidates = Inspection.objects.filter(force=force)
    if published:
        candidates = candidates.filter(published=published) | candidates.filter(published__isnull=True)
    for inspection in candidates.order_by("-id")[:500]:
        other = _norm(inspection.title)
        if other == key or (len(key) > 20 and (key in other or other in key)):
            return inspection
        if SequenceMatcher(None, key, other).ratio() >= 0.9:
            return inspection
    return None


def _same_finding(a: Finding, b: FindingDraft) -> bool:
    if a.type != b.type:
        return False
    x, y = _norm(a.text)[:150], _norm(b.text)[:150]
    if a.ref and b.ref and a.ref == b.ref:
        return SequenceMatcher(None, x, y).ratio() >= 0.5
    return SequenceMatcher(None, x, y).ratio() >= 0.8


def _new_inspection(document: SourceDocument, draft: InspectionDraft, user: Any) -> Inspection:
    inspection = Inspection.objects.create(
        force=document.force, title=draft.title, inspection_type=draft.inspection_type,
        published=draft.published,
        section55_printed=draft.section55_due if draft.section55_basis != "statutory" else None,
        created_by=user if user.is_authenticated else None,
    )
    record(user, inspection, "created", f"Inspection created from {document.filename}")
    return inspection


def _attach(inspection: Inspection, document: SourceDocument, draft: InspectionDraft,
            user: Any) -> None:
    """A further document about an inspection already held fills only what is missing."""
    before = snapshot(inspection, ["inspection_type", "published", "section55_printed"])
    inspection.inspection_type = inspection.inspection_type or draft.inspection_type
    inspection.published = inspection.published or draft.published
    if draft.section55_due and draft.section55_basis != "statutory" and (
            not inspection.section55_printed or draft.section55_basis == "printed"):
        inspection.section55_printed = draft.section55_due
    inspection.version += 1
    inspection.save()
    changes = diff(before, snapshot(inspection, list(before)))
    record(user, inspection, "changed", f"{document.filename} attached", changes)


@transaction.atomic
def accept_document(document: SourceDocument, draft: InspectionDraft,
                    findings: list[FindingDraft], user: Any) -> Inspection:
    """Accept a reviewed document: one transaction creates or extends its inspection.

    A document about an inspection the office already holds (a PCC response to a
    report already in the system, say) attaches to it; findings already recorded
    are not duplicated.  ``draft.holding_force`` hands the record to another office
    (one the report is about) at the same time.
    """
    claimed = SourceDocument.objects.filter(
        pk=document.pk, status=SourceDocument.Status.PENDING
    ).update(status=SourceDocument.Status.ACCEPTED)
    if claimed != 1:
        raise StaleEdit("This document has already been accepted or discarded.")
    if draft.holding_force is not None and draft.holding_force.pk != document.force_id:
        _hand_document_over(document, draft.holding_force)
    inspection = find_matching_inspection(document.force, draft.title, draft.published)
    created = inspection is None
    if inspection is None:
        inspection = _new_inspection(document, draft, user)
    else:
        _attach(inspection, document, draft, user)
    inspection.forces.add(*draft.forces)
    if apply_deadline(inspection):
        inspection.save(update_fields=["section55_due", "section55_basis"])
    document.inspection = inspection
    document.save(update_fields=["inspection"])

    existing = list(inspection.findings.all())
    position = max((f.position for f in existing), default=0)
    added = 0
    new_findings: list[Finding] = []
    today = timezone.localdate()
    for item in findings:
        if any(_same_finding(f, item) for f in existing):
            continue
        position += 1
        finding = Finding.objects.create(
            inspection=inspection, source=document, type=item.type, ref=item.ref[:20],
            text=item.text, due=item.due, due_text=item.due_text[:100],
            addressee=item.addressee[:200], area=item.area[:200], force_to_act=item.force_to_act,
            loc_start=item.loc_start, loc_end=item.loc_end, loc_page=item.loc_page,
            position=position, next_due=item.due, last_activity=today,
        )
        existing.append(finding)
        new_findings.append(finding)
        added += 1
        record(user, finding, "created", f"{finding} recorded from {document.filename}")
    grades = document.extraction.get("grades", []) if isinstance(document.extraction, dict) else []
    if grades and not inspection.grades.exists():
        Grade.objects.bulk_create(
            Grade(inspection=inspection, force=(draft.forces[0] if draft.forces else document.force),
                  area=g["area"][:200], grade=g["grade"])
            for g in grades
        )
    from .national import link
    from .similar import mark_repeats

    mark_repeats(new_findings)  # has the inspectorate said this before?
    link(new_findings)  # a recommendation to every force: one national record
    from .themes import apply as apply_themes

    apply_themes(new_findings)
    record(user, inspection, "accepted",
           f"{document.filename} accepted: {added} finding{'s' if added != 1 else ''} "
           f"{'recorded' if created else 'added'}")
    from scrutiny.responses.services import ensure_response, record_past_response

    response = ensure_response(inspection)
    if response is not None and document.kind in ("pcc_response", "response_record"):
        record_past_response(response, document, user)
    return inspection


def _hand_document_over(document: SourceDocument, force: Force) -> None:
    if SourceDocument.objects.filter(force=force, sha256=document.sha256).exclude(
            pk=document.pk).exists():
        raise NotAllowed(f"{force}'s office already holds this file; it was not handed over.")
    document.force = force
    document.save(update_fields=["force"])


@transaction.atomic
def discard_document(document: SourceDocument, user: Any) -> None:
    """Throw away a document awaiting review, file and all."""
    if document.status != SourceDocument.Status.PENDING:
        raise NotAllowed("Only a document awaiting review can be discarded.")
    document.file.delete(save=False)
    document.delete()


FINDING_FIELDS = ["type", "ref", "text", "due", "due_text", "addressee", "area", "force_to_act"]


@transaction.atomic
def edit_finding(finding: Finding, values: dict[str, Any], version: int, user: Any) -> Finding:
    """Change a finding's fields, refusing if someone else changed it first."""
    changes = versioned_update(finding, FINDING_FIELDS, values, version, user, "{obj} edited",
                               updated_at=timezone.now())
    if {"due", "type", "force_to_act"} & set(changes):
        from scrutiny.tracking.services import refresh_tracking

        refresh_tracking([finding.pk])
        finding.refresh_from_db()
    return finding


@transaction.atomic
def set_finding_status(finding: Finding, new_status: str, user: Any, *,
                       closure_basis: str = "", note: str = "",
                       version: int | None = None) -> Finding:
    """Move a finding to a new status: the one way status changes, always on the record.

    ``version`` is the version of the finding the user saw; when given, a finding
    changed since then is refused rather than overwritten.  Closing needs a reason
    (``note``); tracking.closure is the way in that also checks evidence and actions.
    """
    if new_status not in FindingStatus.values:
        raise NotAllowed(f"“{new_status}” is not a finding status.")
    old = finding.status
    if not can_move(old, new_status):
        raise NotAllowed(f"A finding cannot move from {FindingStatus(old).label.lower()} to "
                         f"{FindingStatus(new_status).label.lower()}.")
    if version is not None and version != finding.version:
        raise StaleEdit(f"{finding} was changed by someone else since you opened it; "
                        "nothing was overwritten. The page now shows its current state.")
    if old == new_status:
        return finding
    basis = ""
    if new_status == FindingStatus.CLOSED:
        if not note.strip():
            raise NotAllowed("Closing a finding needs a reason.")
        basis = closure_basis or ClosureBasis.SELF_ASSESSED
    updated = Finding.objects.filter(pk=finding.pk, status=old, version=finding.version).update(
        status=new_status, closure_basis=basis, version=finding.version + 1,
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise StaleEdit("The finding's status was changed by someone else; "
                        "nothing was overwritten.")
    finding.refresh_from_db()
    summary = (f"{finding}: {FindingStatus(old).label} → {FindingStatus(new_status).label}"
               + (f" ({ClosureBasis(basis).label})" if basis else ""))
    record(user, finding, "status", summary, {"status": [old, new_status],
                                              **({"note": [None, note]} if note else {})})
    from scrutiny.tracking.models import ClosureRequest
    from scrutiny.tracking.services import refresh_tracking

    if new_status in (FindingStatus.OPEN, FindingStatus.IN_PROGRESS):
        # Reopened while a closure awaited its second approver: that closure lapses.
        ClosureRequest.objects.filter(finding=finding, decision="pending").update(
            decision="cancelled", decided_at=timezone.now(), decision_note="Finding reopened")
    refresh_tracking([finding.pk])
    finding.refresh_from_db()
    return finding


@transaction.atomic
def set_contested(finding: Finding, contested: bool, user: Any, *,
                  version: int | None = None) -> None:
    """Record, or withdraw, the force's contesting of a finding."""
    current = version if version is not None else finding.version
    changed = Finding.objects.filter(pk=finding.pk, version=current).exclude(
        contested=contested).update(contested=contested, version=current + 1,
                                    updated_at=timezone.now())
    if not changed and Finding.objects.filter(pk=finding.pk).exclude(version=current).exists():
        raise StaleEdit(f"{finding} was changed by someone else since you opened it; "
                        "nothing was overwritten.")
    if changed:
        finding.refresh_from_db()
        record(user, finding, "changed",
               f"{finding}: {'contested by the force' if contested else 'no longer contested'}",
               {"contested": [not contested, contested]})


INSPECTION_FIELDS = ["title", "inspection_type", "published", "section55_printed"]


@transaction.atomic
def edit_inspection(inspection: Inspection, values: dict[str, Any], version: int,
                    user: Any) -> dict[str, Any]:
    """Correct an accepted inspection: its title, type, dates, forces and holding office.

    The section 55 deadline is worked out again from the corrected fields; every change,
    the deadline's included, goes into the history.  Refused if someone else changed the
    inspection since the form was opened.
    """
    before = snapshot(inspection, [*INSPECTION_FIELDS, "section55_due", "force"])
    before_forces = sorted(f.name for f in inspection.forces.all())
    updated = Inspection.objects.filter(pk=inspection.pk, version=version).update(
        **{k: values[k] for k in INSPECTION_FIELDS if k in values}, version=version + 1)
    if updated != 1:
        raise StaleEdit("Someone else changed this inspection while you were editing it. "
                        "Your changes were not saved; the page now shows theirs.")
    inspection.refresh_from_db()
    if "forces" in values:
        inspection.forces.set(values["forces"])
    holder = values.get("force")
    if holder is not None and holder.pk != inspection.force_id:
        _hand_inspection_over(inspection, holder)
    if apply_deadline(inspection):
        inspection.save(update_fields=["section55_due", "section55_basis"])
    changes = diff(before, snapshot(inspection, list(before)))
    after_forces = sorted(f.name for f in inspection.forces.all())
    if after_forces != before_forces:
        changes["forces"] = ["; ".join(before_forces), "; ".join(after_forces)]
    if changes:
        record(user, inspection, "changed", f"Inspection corrected: {inspection}", changes)
    from scrutiny.responses.services import ensure_response

    ensure_response(inspection)
    return changes


def _hand_inspection_over(inspection: Inspection, force: Force) -> None:
    """Move the record to another office: its files go too; boards of the old office do not."""
    for document in inspection.documents.all():
        _hand_document_over(document, force)
    from scrutiny.tracking.models import Action

    inspection.findings.filter(board__isnull=False).update(board=None)
    Action.everything.filter(finding__inspection=inspection, board__isnull=False).update(board=None)
    inspection.force = force
    inspection.save(update_fields=["force"])
