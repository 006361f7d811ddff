"""Changing boards, actions and updates: each change recorded with who and when."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from scrutiny.audit.history import record, versioned_update
from scrutiny.inspections.models import Finding
from scrutiny.inspections.services import set_finding_status

from .models import Action, Board, Update

ACTION_FIELDS = ["description", "owner", "board", "due", "status"]


@transaction.atomic
def add_action(finding: Finding, user: Any, *, description: str, owner: str,
               board: Board | None, due: date | None) -> Action:
    action = Action.objects.create(finding=finding, description=description, owner=owner,
                                   board=board, due=due)
    Finding.objects.filter(pk=finding.pk).update(has_progress=True)
    record(user, action, "created", f"Action added to {finding}: {description[:120]}")
    return action


@transaction.atomic
def edit_action(action: Action, values: dict[str, Any], version: int, user: Any) -> Action:
    versioned_update(action, ACTION_FIELDS, values, version, user, "Action changed: {obj}")
    return action


@transaction.atomic
def add_update(finding: Finding, user: Any, *, note: str, on: date,
               action: Action | None = None, new_status: str = "",
               evidence: UploadedFile | None = None) -> Update:
    """A dated progress note; a status change it carries goes through set_finding_status."""
    update = Update(finding=finding, action=action, date=on, note=note, new_status=new_status,
                    author=user if user.is_authenticated else None)
    if evidence is not None:
        update.evidence.save(evidence.name or "evidence", evidence, save=False)
    update.save()
    Finding.objects.filter(pk=finding.pk).update(has_progress=True)
    record(user, update, "created", f"Update on {finding}: {note[:120]}")
    if new_status and new_status != finding.status:
        set_finding_status(finding, new_status, user, note=note[:200])
    return update


@transaction.atomic
def create_board(force: Any, name: str, chair: str, user: Any) -> Board:
    board = Board.objects.create(force=force, name=name, chair=chair)
    record(user, board, "created", f"Board created: {name}")
    return board
