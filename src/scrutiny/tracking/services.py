"""Changing boards, actions, updates and who leads a finding: each change recorded.

Every function here that changes an action or an update ends by calling
``refresh_tracking``, which keeps the finding's next due date, last activity and
"work started" flag (what the register and RAG read) true to its actions and updates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone

from scrutiny.audit.history import record, versioned_update, withdraw
from scrutiny.inspections.models import Finding
from scrutiny.inspections.services import NotAllowed, set_finding_status
from scrutiny.inspections.status import FindingStatus

from .models import Action, Board, Update

ACTION_FIELDS = ["description", "owner", "board", "due", "status", "carried_over_to"]
UPDATE_FIELDS = ["date", "note", "action"]
BOARD_FIELDS = ["name", "chair"]
LEAD_FIELDS = ["owner", "board"]


def refresh_tracking(finding_ids: Iterable[int]) -> None:
    """Recompute the fields the register reads from a finding's live actions and updates.

    These are derived values, not changes anyone made, so they are not in the history;
    the changes they come from are.
    """
    for finding in Finding.objects.filter(pk__in=list(finding_ids)):
        actions = Action.objects.filter(finding=finding)
        updates = Update.objects.filter(finding=finding)
        action_due = actions.filter(status__in=Action.OPEN).aggregate(d=Min("due"))["d"]
        dues = [d for d in (finding.due, action_due) if d is not None]
        latest = updates.aggregate(d=Max("date"))["d"]
        started = (finding.status != FindingStatus.OPEN or updates.exists()
                   or actions.exclude(status=Action.Status.NOT_STARTED).exists())
        Finding.objects.filter(pk=finding.pk).update(
            next_due=min(dues) if dues else None,
            last_activity=latest or timezone.localtime(finding.created_at).date(),
            has_progress=started)


@transaction.atomic
def add_action(finding: Finding, user: Any, *, description: str, owner: str,
               board: Board | None, due: date | None,
               status: str = Action.Status.NOT_STARTED) -> Action:
    if board is not None and board.force_id != finding.inspection.force_id:
        raise NotAllowed("The board belongs to another force.")
    action = Action.objects.create(finding=finding, description=description, owner=owner,
                                   board=board, due=due, status=status)
    record(user, action, "created", f"Action added to {finding}: {description[:120]}")
    refresh_tracking([finding.pk])
    return action


@transaction.atomic
def edit_action(action: Action, values: dict[str, Any], version: int, user: Any) -> Action:
    if values.get("status") == Action.Status.CARRIED_OVER and not (
            values.get("carried_over_to") or "").strip():
        raise NotAllowed("Say where the work carries on when an action is carried over.")
    versioned_update(action, ACTION_FIELDS, values, version, user, "Action changed: {obj}")
    refresh_tracking([action.finding_id])
    return action


@transaction.atomic
def withdraw_action(action: Action, user: Any, *, reason: str, version: int) -> None:
    """Withdraw an action added in error: kept on the record, gone from lists and counts."""
    withdraw(action, user, reason, version, f"Action withdrawn from {action.finding}: {action}")
    refresh_tracking([action.finding_id])


@transaction.atomic
def store_evidence(update: Update, upload: UploadedFile) -> None:
    """Store an evidence file with the update (not yet saved) and note its SHA-256."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    update.evidence.save(upload.name or "evidence", upload, save=False)
    update.evidence_sha256 = digest.hexdigest()


def add_update(finding: Finding, user: Any, *, note: str, on: date,
               action: Action | None = None, new_status: str = "",
               evidence: UploadedFile | None = None, version: int | None = None) -> Update:
    """A dated progress note; a status change it carries goes through set_finding_status.

    Closing is not a plain status change: it goes through tracking.closure.
    """
    if new_status == FindingStatus.CLOSED:
        raise NotAllowed("Close a finding with “Close this finding”, which asks for the "
                         "reason, the evidence and what happens to open actions.")
    if action is not None and action.finding_id != finding.pk:
        raise NotAllowed("The action belongs to another finding.")
    update = Update(finding=finding, action=action, date=on, note=note, new_status=new_status,
                    author=user if user.is_authenticated else None)
    if evidence is not None:
        store_evidence(update, evidence)
    try:
        with transaction.atomic():
            update.save()
            record(user, update, "created", f"Update on {finding}: {note[:120]}")
            if new_status and new_status != finding.status:
                set_finding_status(finding, new_status, user, note=note[:200], version=version)
    except Exception:
        if update.evidence:  # refused: leave no file behind
            update.evidence.delete(save=False)
        raise
    refresh_tracking([finding.pk])
    return update


@transaction.atomic
def edit_update(update: Update, values: dict[str, Any], version: int, user: Any) -> Update:
    """Correct an update's date, note or action (its status change, if any, stands)."""
    versioned_update(update, UPDATE_FIELDS, values, version, user, "Update corrected: {obj}")
    refresh_tracking([update.finding_id])
    return update


@transaction.atomic
def withdraw_update(update: Update, user: Any, *, reason: str, version: int) -> None:
    withdraw(update, user, reason, version, f"Update withdrawn from {update.finding}: {update}")
    refresh_tracking([update.finding_id])


@transaction.atomic
def set_lead(finding: Finding, user: Any, *, version: int, **values: Any) -> dict[str, Any]:
    """Give a finding its lead owner and lead board (either or both)."""
    board = values.get("board")
    if board is not None and board.force_id != finding.inspection.force_id:
        raise NotAllowed("The board belongs to another force.")
    return versioned_update(finding, [k for k in LEAD_FIELDS if k in values], values, version,
                            user, "{obj}: lead owner or board set", updated_at=timezone.now())


@transaction.atomic
def create_board(force: Any, name: str, chair: str, user: Any) -> Board:
    """A new board; a name the force already uses is refused, however the two arrive."""
    if Board.everything.filter(force=force, name__iexact=name).exists():
        raise NotAllowed("Your force already has a board with this name.")
    try:
        with transaction.atomic():
            board = Board.objects.create(force=force, name=name, chair=chair)
    except IntegrityError as exc:
        raise NotAllowed("Your force already has a board with this name.") from exc
    record(user, board, "created", f"Board created: {name}")
    return board


@transaction.atomic
def edit_board(board: Board, values: dict[str, Any], version: int, user: Any) -> Board:
    name = values.get("name", board.name)
    if Board.everything.filter(force_id=board.force_id, name__iexact=name).exclude(
            pk=board.pk).exists():
        raise NotAllowed("Your force already has a board with this name.")
    versioned_update(board, BOARD_FIELDS, values, version, user, "Board changed: {obj}")
    return board


@transaction.atomic
def withdraw_board(board: Board, user: Any, *, reason: str, version: int) -> None:
    """Withdraw a board: its findings and actions keep their history but no longer name it."""
    if Action.objects.filter(board=board, status__in=Action.OPEN).exists():
        raise NotAllowed("The board still owns open actions: move them to another board, "
                         "complete or carry them over first.")
    withdraw(board, user, reason, version, f"Board withdrawn: {board}")
