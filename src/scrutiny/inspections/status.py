"""Finding status and RAG: the one place their rules live."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models

DUE_SOON_DAYS = 30


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    PROPOSED_CLOSURE = "proposed_closure", "Proposed for closure"
    CLOSED = "closed", "Closed"


class ClosureBasis(models.TextChoices):
    NONE = "", "Not closed"
    SELF_ASSESSED = "self_assessed", "Closed by the force (self-assessed)"
    VERIFIED = "verified", "Closure verified by HMICFRS"


# Which status a finding may move to from each status.  Reopening is allowed
# from every later status, so a mistaken closure can always be undone on the record.
TRANSITIONS: dict[str, set[str]] = {
    FindingStatus.OPEN: {FindingStatus.IN_PROGRESS, FindingStatus.PROPOSED_CLOSURE,
                         FindingStatus.CLOSED},
    FindingStatus.IN_PROGRESS: {FindingStatus.OPEN, FindingStatus.PROPOSED_CLOSURE,
                                FindingStatus.CLOSED},
    FindingStatus.PROPOSED_CLOSURE: {FindingStatus.IN_PROGRESS, FindingStatus.CLOSED,
                                     FindingStatus.OPEN},
    FindingStatus.CLOSED: {FindingStatus.OPEN, FindingStatus.IN_PROGRESS},
}


def can_move(current: str, new: str) -> bool:
    return new == current or new in TRANSITIONS.get(current, set())


class Rag(models.TextChoices):
    RED = "red", "Red: overdue"
    AMBER = "amber", "Amber: due soon or not started"
    GREEN = "green", "Green: on track"
    COMPLETE = "complete", "Complete"


def rag(status: str, due: date | None, today: date, has_progress: bool) -> str:
    """RAG from dates and progress.

    Closed is complete.  Past its due date and not closed is red.  Due within
    30 days, or open with no progress recorded, is amber.  Otherwise green.
    """
    if status == FindingStatus.CLOSED:
        return Rag.COMPLETE
    if due is not None and due < today:
        return Rag.RED
    if due is not None and due <= today + timedelta(days=DUE_SOON_DAYS):
        return Rag.AMBER if status != FindingStatus.PROPOSED_CLOSURE else Rag.GREEN
    if status == FindingStatus.OPEN and not has_progress:
        return Rag.AMBER
    return Rag.GREEN
