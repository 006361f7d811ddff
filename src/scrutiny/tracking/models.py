"""Boards, the actions that answer findings, dated progress updates, closures, board packs
and each office's tracking rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from scrutiny.audit.models import Withdrawable
from scrutiny.inspections.models import Finding, Force
from scrutiny.inspections.status import ClosureBasis, FindingStatus, RagRules


class Board(Withdrawable):
    """A force's governance board that owns findings and actions."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=200)
    chair = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="board_name_per_force")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("board", args=[self.pk])


class Action(Withdrawable):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        CARRIED_OVER = "carried_over", "Carried over"

    # Actions that still need doing: they hold a finding open.
    OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=4000)
    owner = models.CharField(max_length=200, help_text="The person or team responsible.")
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="actions")
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    carried_over_to = models.CharField(
        max_length=300, blank=True,
        help_text="Where the work continues when the action is carried over (a plan, a later "
                  "finding, business as usual).")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["board", "status"])]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("action_edit", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Update(Withdrawable):
    """A dated progress note on a finding (and optionally one of its actions)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="updates")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="updates")
    date = models.DateField(default=timezone.localdate)
    note = models.TextField(max_length=10000)
    new_status = models.CharField(max_length=20, choices=FindingStatus.choices, blank=True)
    evidence = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    # The evidence file's SHA-256 when stored: `scrutiny sanity` and backups check it.
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}: {self.note[:60]}"


class TrackingRules(models.Model):
    """An office's own thresholds for RAG and its rules for closing findings."""

    force = models.OneToOneField(Force, on_delete=models.CASCADE, related_name="tracking_rules")
    amber_within_days = models.PositiveSmallIntegerField(
        "amber when due within (days)", default=30,
        help_text="A finding not yet proposed for closure turns amber this many days before "
                  "it is due.")
    red_within_days_if_not_started = models.PositiveSmallIntegerField(
        "red when due within (days) and not started", default=14,
        help_text="A finding with no work started turns red this many days before it is due.")
    stale_after_days = models.PositiveSmallIntegerField(
        "amber after (days) without an update", default=90,
        help_text="An open finding with no update for this long turns amber; 0 turns this off.")
    closure_needs_evidence = models.BooleanField(
        "closing a finding needs evidence", default=False,
        help_text="A file must be attached (or already recorded) before a finding is closed.")
    closure_needs_second_approver = models.BooleanField(
        "closing a finding needs a second person", default=False,
        help_text="Closure proposed by one person takes effect when another approves it.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "tracking rules"

    def __str__(self) -> str:
        return f"Tracking rules of {self.force}"

    def rag_rules(self) -> RagRules:
        return RagRules(amber_within_days=self.amber_within_days,
                        red_within_days_if_not_started=self.red_within_days_if_not_started,
                        stale_after_days=self.stale_after_days)


class ClosureRequest(models.Model):
    """A closure asked for by one person, awaiting a second person's approval."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Awaiting a second approver"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        CANCELLED = "cancelled", "Cancelled"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="closure_requests")
    reason = models.TextField(max_length=4000)
    basis = models.CharField(max_length=20, choices=ClosureBasis.choices[1:])
    update = models.ForeignKey(Update, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text="The update that carries the reason "
                                                           "and the evidence.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [models.UniqueConstraint(
            fields=["finding"], condition=models.Q(decision="pending"),
            name="one_pending_closure_per_finding")]

    def __str__(self) -> str:
        return f"Closure of {self.finding} ({self.get_decision_display()})"


class BoardPack(models.Model):
    """A board pack as produced: its rows are kept so the next pack can say what changed."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="packs")
    meeting_on = models.DateField("meeting date")
    prepared_at = models.DateTimeField(default=timezone.now)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    content = models.JSONField()

    class Meta:
        ordering = ["-prepared_at", "-id"]

    def __str__(self) -> str:
        return f"{self.board} pack for {self.meeting_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("board_pack", args=[self.pk])


class ImportRun(models.Model):
    """A tracker spreadsheet being imported: its tables as read, the user's mapping, the outcome."""

    force = models.ForeignKey("inspections.Force", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    filename = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    sheets = models.JSONField(default=list)   # [{"name", "header", "rows": [[number, cells]], "notes"}]
    sheet = models.PositiveSmallIntegerField(default=0)
    mapping = models.JSONField(default=dict)  # field -> column index
    types = models.JSONField(default=dict)    # value in the sheet -> finding type
    statuses = models.JSONField(default=dict)  # value in the sheet -> status
    committed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"
