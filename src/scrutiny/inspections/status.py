"""Finding status and RAG: the one place their rules live.

RAG is worked out in two equivalent forms from the same rules: ``rag()`` for one
finding in Python, and ``rag_expression()`` for the database, so that the
register can filter, count and sort by it.  A test holds them to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Case, Q, Value, When

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


# Good practice is recorded so it can be shared; it is not acted on or closed.
PRACTICE_TYPES = ("innovative_practice", "promising_practice")

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


def is_tracked(finding_type: str, force_to_act: bool) -> bool:
    """Is a finding tracked to closure?  Practice and findings addressed to others are not."""
    return force_to_act and finding_type not in PRACTICE_TYPES


TRACKED = Q(force_to_act=True) & ~Q(type__in=PRACTICE_TYPES)


class Rag(models.TextChoices):
    RED = "red", "Red: overdue or at risk"
    AMBER = "amber", "Amber: due soon or no recent progress"
    GREEN = "green", "Green: on track"
    COMPLETE = "complete", "Complete"
    NOT_TRACKED = "none", "Not tracked"


# Sort order of RAG in the register: the most urgent first.
RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.COMPLETE: 3, Rag.NOT_TRACKED: 4}


@dataclass(frozen=True)
class RagRules:
    """An office's RAG thresholds (kept per office as tracking rules)."""

    amber_within_days: int = DUE_SOON_DAYS
    red_within_days_if_not_started: int = 14
    stale_after_days: int = 90  # 0 turns the rule off

    def describe(self) -> list[tuple[str, str]]:
        """The rules in words, most urgent first, for the pages that show RAG."""
        stale = (f"no update for {self.stale_after_days} days" if self.stale_after_days
                 else "")
        return [
            (Rag.RED, "past its due date, or due within "
                      f"{self.red_within_days_if_not_started} days with no work started"),
            (Rag.AMBER, f"due within {self.amber_within_days} days"
                        + (f", or {stale}" if stale else "")),
            (Rag.GREEN, "on track: not yet due, or proposed for closure"),
            (Rag.COMPLETE, "closed"),
            (Rag.NOT_TRACKED, "practice and findings addressed to others: recorded, not tracked"),
        ]


DEFAULT_RULES = RagRules()


def rag(status: str, due: date | None, today: date, *, started: bool,
        last_activity: date | None = None, tracked: bool = True,
        rules: RagRules = DEFAULT_RULES) -> str:
    """RAG from the next due date, progress and the office's thresholds.

    Closed is complete.  Past due and not closed is red; so is a finding due within
    the red window on which no work has started.  Due within the amber window (and not
    already proposed for closure) is amber, and so is a finding with no update for
    longer than the office allows.  Anything else, including a finding not started but
    not yet due, is green.
    """
    if not tracked:
        return Rag.NOT_TRACKED
    if status == FindingStatus.CLOSED:
        return Rag.COMPLETE
    if due is not None and due < today:
        return Rag.RED
    not_started = status == FindingStatus.OPEN and not started
    if due is not None and not_started and \
            due <= today + timedelta(days=rules.red_within_days_if_not_started):
        return Rag.RED
    if status != FindingStatus.PROPOSED_CLOSURE:
        if due is not None and due <= today + timedelta(days=rules.amber_within_days):
            return Rag.AMBER
        if rules.stale_after_days and last_activity is not None and \
                last_activity < today - timedelta(days=rules.stale_after_days):
            return Rag.AMBER
    return Rag.GREEN


def _rag_whens(today: date, rules: RagRules, prefix: str = "") -> list[When]:
    """rag() as database conditions on a finding (``prefix`` reaches it through a relation)."""
    def q(**kwargs: object) -> Q:
        return Q(**{prefix + k: v for k, v in kwargs.items()})

    not_proposed = ~q(status=FindingStatus.PROPOSED_CLOSURE)
    whens = [
        When(~(q(force_to_act=True) & ~q(type__in=PRACTICE_TYPES)), then=Value(Rag.NOT_TRACKED)),
        When(q(status=FindingStatus.CLOSED), then=Value(Rag.COMPLETE)),
        When(q(next_due__lt=today), then=Value(Rag.RED)),
        When(q(status=FindingStatus.OPEN, has_progress=False, next_due__lte=today + timedelta(
            days=rules.red_within_days_if_not_started)), then=Value(Rag.RED)),
        When(not_proposed & q(next_due__lte=today + timedelta(days=rules.amber_within_days)),
             then=Value(Rag.AMBER)),
    ]
    if rules.stale_after_days:
        whens.append(When(not_proposed & q(last_activity__lt=today - timedelta(
            days=rules.stale_after_days)), then=Value(Rag.AMBER)))
    return whens


def rag_expression(today: date, rules: RagRules = DEFAULT_RULES,
                   per_force: dict[int, RagRules] | None = None, prefix: str = "") -> Case:
    """The RAG of each finding as a database expression (for filters, counts and sorting).

    ``per_force`` gives the rules of offices whose thresholds differ from ``rules``;
    their findings are judged by their own office's rules.
    """
    output: models.CharField = models.CharField()
    default = Case(*_rag_whens(today, rules, prefix), default=Value(Rag.GREEN),
                   output_field=output)
    if not per_force:
        return default
    branches = [When(Q(**{prefix + "inspection__force_id": force_id}),
                     then=Case(*_rag_whens(today, force_rules, prefix), default=Value(Rag.GREEN),
                               output_field=output))
                for force_id, force_rules in per_force.items() if force_rules != rules]
    return Case(*branches, default=default, output_field=output) if branches else default


def rag_rank_expression(rag_field: str = "rag_value") -> Case:
    """A number to sort RAG by, most urgent first."""
    return Case(*[When(**{rag_field: value}, then=Value(rank)) for value, rank in RAG_RANK.items()],
                default=Value(9), output_field=models.IntegerField())
