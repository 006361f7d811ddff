"""The record of every change: who, when, what, and the values before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"
        STATUS = "status", "Status changed"
        ACCEPTED = "accepted", "Accepted from a document"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    force = models.ForeignKey("inspections.Force", null=True, on_delete=models.CASCADE,
                              related_name="+")
    inspection = models.ForeignKey("inspections.Inspection", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="history")
    finding = models.ForeignKey("inspections.Finding", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="history")
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["force", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d %b %Y %H:%M} {self.summary}"
