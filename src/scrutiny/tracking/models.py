"""Boards, the actions that answer findings, and dated progress updates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from scrutiny.inspections.models import Finding, Force
from scrutiny.inspections.status import FindingStatus


class Board(models.Model):
    """A force's governance board that owns actions."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=200)
    chair = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="board_name_per_force")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("board", args=[self.pk])


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=4000)
    owner = models.CharField(max_length=200, help_text="The person or team responsible.")
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="actions")
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["board", "status"])]

    def __str__(self) -> str:
        return self.description[:80]


class Update(models.Model):
    """A dated progress note on a finding (and optionally one of its actions)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="updates")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="updates")
    date = models.DateField(default=timezone.localdate)
    note = models.TextField(max_length=10000)
    new_status = models.CharField(max_length=20, choices=FindingStatus.choices, blank=True)
    evidence = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.note[:60]}"
