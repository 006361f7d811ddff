"""The record of every change: who, when, what, and the values before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"
        WITHDRAWN = "withdrawn", "Withdrawn"
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


class LiveManager(models.Manager):
    """Rows that have not been withdrawn (the default everywhere, related lists included)."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    """A record that is withdrawn rather than deleted: kept, with who, when and why.

    ``objects`` (and so every related list) leaves withdrawn rows out; ``everything``
    keeps them, for the history and the "withdrawn" lists on the pages.
    """

    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    objects = LiveManager()
    everything = models.Manager()

    class Meta:
        abstract = True

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Submission(models.Model):
    """A create form's one-time key, stored when the form is first accepted.

    Pressing the button twice, or going back and sending the form again, finds the
    key already here and creates nothing more.
    """

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    outcome_url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Form {self.key[:8]}… sent at {self.at:%d %b %Y %H:%M}"


class SecurityEvent(models.Model):
    """Sign-ins, failures, lock-outs, approvals, publications, downloads, account changes."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGOUT = "logout", "Signed out"
        LOGIN_FAILED = "login_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out after repeated failures"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET_ASKED = "password_reset_asked", "Password reset asked for"
        APPROVED = "approved", "Response approved"
        PUBLISHED = "published", "Response published"
        DOWNLOAD = "download", "Unpublished document downloaded"
        USER_ADDED = "user_added", "User added"
        USER_CHANGED = "user_changed", "User's role or access changed"
        CALENDAR_ROTATED = "calendar_rotated", "Calendar address replaced"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=25, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # The name typed or held at the time: kept when the user is unknown or later removed.
    username = models.CharField(max_length=150, blank=True)
    force = models.ForeignKey("inspections.Force", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["force", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d %b %Y %H:%M} {self.get_kind_display()} {self.username}"
