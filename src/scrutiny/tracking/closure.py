"""Closing a finding: the rules an office sets, in one place.

Closing needs a reason; an office may also require evidence and a second person's
approval.  Actions still open must each be completed or carried over (and the
closure says where the work carries on); none is left open under a closed finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from scrutiny.audit.history import StaleEdit, record
from scrutiny.inspections.models import Finding
from scrutiny.inspections.services import NotAllowed, set_finding_status
from scrutiny.inspections.status import ClosureBasis, FindingStatus

from .models import Action, ClosureRequest, Update
from .rules import office_rules
from .services import refresh_tracking, store_evidence

COMPLETE, CARRY_OVER = "complete", "carry_over"


@dataclass
class Disposal:
    """What happens to one open action when its finding closes."""

    outcome: str  # COMPLETE or CARRY_OVER
    carried_to: str = ""


def evidence_on_record(finding: Finding) -> list[Update]:
    """The finding's live updates that carry an evidence file."""
    return list(Update.objects.filter(finding=finding).exclude(evidence=""))


def pending_request(finding: Finding) -> ClosureRequest | None:
    return ClosureRequest.objects.filter(finding=finding,
                                         decision=ClosureRequest.Decision.PENDING).first()


def _check(finding: Finding, *, reason: str, evidence: UploadedFile | None,
           evidence_from: Update | None, disposals: dict[int, Disposal]) -> list[str]:
    """Every reason the closure cannot go ahead, in words (empty when it can)."""
    problems = []
    if finding.status == FindingStatus.CLOSED:
        problems.append(f"{finding} is already closed.")
    if not finding.tracked:
        problems.append(f"{finding} is not tracked to closure (practice, or addressed to "
                        "others), so it is not closed.")
    if not reason.strip():
        problems.append("Give the reason the finding can be closed.")
    rules = office_rules(finding.inspection.force_id)
    if evidence_from is not None and (evidence_from.finding_id != finding.pk
                                      or not evidence_from.evidence):
        problems.append("The evidence chosen is not an evidence file of this finding.")
    if rules.closure_needs_evidence and evidence is None and evidence_from is None:
        problems.append("Your office requires evidence to close a finding: attach a file or "
                        "choose evidence already recorded.")
    for action in Action.objects.filter(finding=finding, status__in=Action.OPEN):
        disposal = disposals.get(action.pk)
        if disposal is None or disposal.outcome not in (COMPLETE, CARRY_OVER):
            problems.append(f"The action “{action}” (owner {action.owner}) is still "
                            f"{action.get_status_display().lower()}: mark it complete or carry "
                            "it over.")
        elif disposal.outcome == CARRY_OVER and not disposal.carried_to.strip():
            problems.append(f"Say where the work of “{action}” carries on.")
    if pending_request(finding) is not None:
        problems.append(f"A closure of {finding} is already awaiting a second approver.")
    return problems


def _dispose(finding: Finding, disposals: dict[int, Disposal], user: Any) -> None:
    for action in Action.objects.filter(finding=finding, status__in=Action.OPEN):
        disposal = disposals[action.pk]
        status = Action.Status.COMPLETE if disposal.outcome == COMPLETE \
            else Action.Status.CARRIED_OVER
        updated = Action.objects.filter(pk=action.pk, version=action.version).update(
            status=status, carried_over_to=disposal.carried_to.strip()[:300],
            version=action.version + 1)
        if updated != 1:
            raise StaleEdit(f"The action “{action}” was changed by someone else; nothing was "
                            "closed.")
        record(user, action, "changed",
               f"Action {'completed' if status == Action.Status.COMPLETE else 'carried over'} "
               f"on closing {finding}: {action}",
               {"status": [action.status, status],
                **({"carried_over_to": [None, disposal.carried_to]} if disposal.carried_to else {})})


@transaction.atomic
def close_finding(finding: Finding, user: Any, *, reason: str, basis: str, version: int,
                  evidence: UploadedFile | None = None, evidence_from: Update | None = None,
                  disposals: dict[int, Disposal] | None = None) -> ClosureRequest | None:
    """Close a finding (or, where the office requires it, ask a second person to).

    Returns the closure request when a second approver is needed, else None.  Raises
    NotAllowed listing every problem, and leaves everything as it was.
    """
    disposals = disposals or {}
    if basis not in ClosureBasis.values or not basis:
        raise NotAllowed("Say whose assessment the closure rests on.")
    if version != finding.version:
        raise StaleEdit(f"{finding} was changed by someone else since you opened it; nothing "
                        "was closed. The page now shows its current state.")
    problems = _check(finding, reason=reason, evidence=evidence, evidence_from=evidence_from,
                      disposals=disposals)
    if problems:
        raise NotAllowed(" ".join(problems))
    rules = office_rules(finding.inspection.force_id)
    two_people = rules.closure_needs_second_approver
    note = f"Closure{' proposed' if two_people else ''}: {reason.strip()}"
    if evidence_from is not None:
        note += f" (evidence: {evidence_from.evidence.name.rsplit('/', 1)[-1]}, recorded " \
                f"{evidence_from.date:%-d %B %Y})"
    update = Update(finding=finding, date=timezone.localdate(), note=note[:10000],
                    new_status=FindingStatus.PROPOSED_CLOSURE if two_people
                    else FindingStatus.CLOSED,
                    author=user if user.is_authenticated else None)
    if evidence is not None:
        store_evidence(update, evidence)
    try:
        with transaction.atomic():
            update.save()
            record(user, update, "created", f"Update on {finding}: {note[:120]}")
            _dispose(finding, disposals, user)
            request = None
            if two_people:
                if finding.status != FindingStatus.PROPOSED_CLOSURE:
                    set_finding_status(finding, FindingStatus.PROPOSED_CLOSURE, user, note=reason,
                                       version=version)
                request = ClosureRequest.objects.create(
                    finding=finding, reason=reason.strip(), basis=basis, update=update,
                    requested_by=user if user.is_authenticated else None)
                record(user, finding, "changed",
                       f"{finding}: closure asked for; awaiting a second approver",
                       {"closure": [None, "awaiting a second approver"]})
            else:
                set_finding_status(finding, FindingStatus.CLOSED, user, closure_basis=basis,
                                   note=reason.strip(), version=version)
    except Exception:
        if update.evidence:
            update.evidence.delete(save=False)
        raise
    refresh_tracking([finding.pk])
    return request


@transaction.atomic
def decide_closure(request: ClosureRequest, user: Any, *, approve: bool, note: str = "") -> None:
    """A second person approves (the finding closes) or refuses (it goes back in progress)."""
    if request.requested_by_id is not None and request.requested_by_id == user.pk:
        raise NotAllowed("Closure needs a second person: someone other than the person who "
                         "asked for it must approve or refuse it.")
    if not approve and not note.strip():
        raise NotAllowed("Say why the closure is refused.")
    decision = ClosureRequest.Decision.APPROVED if approve else ClosureRequest.Decision.REFUSED
    claimed = ClosureRequest.objects.filter(
        pk=request.pk, decision=ClosureRequest.Decision.PENDING).update(
        decision=decision, decided_by=user, decided_at=timezone.now(), decision_note=note[:1000])
    if claimed != 1:
        raise StaleEdit("Someone else has already decided this closure.")
    finding = Finding.objects.select_related("inspection").get(pk=request.finding_id)
    if approve:
        set_finding_status(finding, FindingStatus.CLOSED, user, closure_basis=request.basis,
                           note=f"{request.reason} (approved as second approver)")
    else:
        set_finding_status(finding, FindingStatus.IN_PROGRESS, user,
                           note=f"Closure refused: {note.strip()}")
    record(user, finding, "changed",
           f"{finding}: closure {'approved' if approve else 'refused'}"
           + (f" ({note.strip()[:120]})" if note.strip() else ""),
           {"closure": ["awaiting a second approver", decision]})
