"""Section 55 responses: the record, its answers per finding, versions and distribution."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from scrutiny.audit.models import Withdrawable
from scrutiny.inspections.models import Finding, Inspection, SourceDocument


class Response(models.Model):
    """The local policing body's response to one inspection, for the force holding it."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        AWAITING_CC = "awaiting_cc", "Awaiting the chief constable's comments"
        DRAFTING = "drafting", "Drafting"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE,
                                      related_name="response")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    key_findings = models.TextField("summary of the key findings", blank=True, max_length=20000)
    cc_comments = models.TextField("the chief constable's comments", blank=True,
                                   max_length=40000)
    pcc_comments = models.TextField("the commissioner's comments", blank=True, max_length=40000)
    pcc_response_to_cc = models.TextField(
        "the commissioner's response to the chief constable's comments", blank=True,
        max_length=40000)
    extra_sections = models.JSONField(default=list, blank=True)
    cc_comments_due = models.DateField("chief constable's comments due", null=True, blank=True)
    cc_requested_on = models.DateField("comments asked for on", null=True, blank=True)
    cc_received_on = models.DateField("comments received on", null=True, blank=True)
    not_subject = models.BooleanField(
        "the force is clearly not the report's subject", default=False)
    not_subject_reason = models.TextField(blank=True, max_length=4000)
    version = models.PositiveIntegerField(default=1, help_text="Content version number.")
    lock = models.PositiveIntegerField(default=1, help_text="Edit counter for safe saving.")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_from = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The office's published response this record was loaded from, when it was "
                  "published outside Scrutiny.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Section 55 response: {self.inspection}"

    def get_absolute_url(self) -> str:
        return reverse("response", args=[self.inspection_id])


class ResponseItem(models.Model):
    """The answer to one finding: the chief constable's response, and whether it applies."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="items")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="response_items")
    applies = models.BooleanField("applies to the force", default=True)
    cc_response = models.TextField("chief constable's response", blank=True, max_length=20000)

    class Meta:
        ordering = ["finding__position", "finding_id"]
        constraints = [models.UniqueConstraint(fields=["response", "finding"],
                                               name="one_answer_per_finding")]

    def __str__(self) -> str:
        return f"Answer to {self.finding}"


class ResponseVersion(models.Model):
    """An approved version's content, frozen; published versions are what the public sees."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"],
                                               name="one_row_per_version")]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.response}"


class RenderedDocument(models.Model):
    """A published version rendered as a document, once: its content never changes again."""

    version = models.ForeignKey(ResponseVersion, on_delete=models.CASCADE, related_name="renderings")
    format = models.CharField(max_length=5)
    body = models.BinaryField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "format"],
                                               name="one_rendering_per_format")]

    def __str__(self) -> str:
        return f"{self.version} as {self.format}"


class DistributionEntry(Withdrawable):
    """One step of sending the response on, with its date and who recorded it."""

    class Recipient(models.TextChoices):
        HMICFRS = "hmicfrs", "Copy sent to HM Inspectorate (statutory)"
        HOME_SECRETARY = "home_secretary", "Copy sent to the Secretary of State (statutory)"
        CHIEF_CONSTABLE = "chief_constable", "Forwarded to the chief constable"
        POLICE_AND_CRIME_PANEL = "police_and_crime_panel", "Forwarded to the Police and Crime Panel"
        WEBSITE = "website", "Published on the website"

    STATUTORY = ("hmicfrs", "home_secretary")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="distribution")
    recipient = models.CharField(max_length=30, choices=Recipient.choices)
    done_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["done_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} on {self.done_on:%-d %B %Y}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private address for a user's deadlines calendar (iCalendar)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"
