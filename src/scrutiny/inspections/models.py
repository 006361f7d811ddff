"""Forces, inspections, their source documents, findings and grades."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from .status import ClosureBasis, FindingStatus, is_tracked, rag


class Force(models.Model):
    """A police force from the contract's canonical list (loaded by a data migration)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    aliases = models.CharField(max_length=300, blank=True)
    territorial = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("force", args=[self.slug])


class InspectionType(models.TextChoices):
    PEEL = "peel", "PEEL"
    THEMATIC = "thematic", "Thematic"
    CRIME_DATA_INTEGRITY = "crime_data_integrity", "Crime data integrity"
    JOINT = "joint", "Joint"
    CORE_BUSINESS = "core_business", "Core business"
    OTHER = "other", "Other"


class Inspection(models.Model):
    """An inspection report as one force's office tracks it."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="inspections",
                              help_text="The force whose office holds this record.")
    title = models.CharField(max_length=500)
    inspection_type = models.CharField(max_length=30, choices=InspectionType.choices,
                                       blank=True)
    published = models.DateField(null=True, blank=True)
    section55_due = models.DateField(
        "section 55 response due", null=True, blank=True,
        help_text="Worked out by inspections.deadlines from the other fields; never typed in.")
    section55_basis = models.CharField(max_length=20, blank=True)
    section55_printed = models.DateField(
        "section 55 deadline as printed or entered", null=True, blank=True,
        help_text="The date a document printed (or a user entered); used only when the "
                  "statutory last day cannot be worked out.")
    forces = models.ManyToManyField(Force, related_name="subject_of", blank=True,
                                    help_text="The forces the report is about.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["force", "-published"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspection", args=[self.pk])


class SourceDocument(models.Model):
    """A stored file, its hash and its extraction; awaiting review until accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        DISCARDED = "discarded", "Discarded"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="documents")
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="documents")
    file = models.FileField(upload_to="sources/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=10)
    kind = models.CharField(max_length=30, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(help_text="The plain text the extraction's offsets point into.")
    extraction = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["force", "sha256"], name="one_copy_per_force"),
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        if self.status == self.Status.PENDING:
            return reverse("review", args=[self.pk])
        return reverse("document", args=[self.pk])


class FindingType(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    CAUSE_OF_CONCERN = "cause_of_concern", "Cause of concern"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
    INNOVATIVE_PRACTICE = "innovative_practice", "Innovative practice"
    PROMISING_PRACTICE = "promising_practice", "Promising practice"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="findings")
    type = models.CharField(max_length=30, choices=FindingType.choices)
    ref = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    due = models.DateField(null=True, blank=True)
    due_text = models.CharField(max_length=100, blank=True)
    addressee = models.CharField(max_length=200, blank=True)
    area = models.CharField(max_length=200, blank=True)
    force_to_act = models.BooleanField(
        default=True, help_text="The force's to act on (addressed to the force or to chief "
                                "constables), not context addressed to others.")
    loc_start = models.PositiveIntegerField(null=True, blank=True)
    loc_end = models.PositiveIntegerField(null=True, blank=True)
    loc_page = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN)
    closure_basis = models.CharField(max_length=20, choices=ClosureBasis.choices, blank=True)
    contested = models.BooleanField(default=False)
    has_progress = models.BooleanField(
        default=False, help_text="Work has started: an update, an action under way, or a "
                                 "status beyond open.")
    owner = models.CharField("lead owner", max_length=200, blank=True,
                             help_text="The person or team who leads the response to it.")
    board = models.ForeignKey("tracking.Board", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="lead_findings", verbose_name="lead board")
    # Kept up to date by tracking.services.refresh_tracking so the register can filter and
    # sort without walking every action and update.
    next_due = models.DateField(null=True, blank=True,
                                help_text="The earliest of its own due date and its open "
                                          "actions' due dates.")
    last_activity = models.DateField(null=True, blank=True,
                                     help_text="The date of its latest update, or when recorded.")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The most similar finding of the force's earlier inspections, when alike enough
    # (inspections.similar); "raised again" when that one was closed.
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="repeated_by")
    repeat_score = models.FloatField(null=True, blank=True)
    # The one national recommendation this is the office's copy of (inspections.national).
    national = models.ForeignKey("NationalRecommendation", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="copies")

    @property
    def raised_again(self) -> bool:
        """Alike a finding of an earlier inspection that was closed: the issue is back."""
        return self.repeat_of_id is not None and self.repeat_of is not None \
            and self.repeat_of.status == FindingStatus.CLOSED

    class Meta:
        ordering = ["inspection", "position", "id"]
        indexes = [
            models.Index(fields=["status", "due"]),
            models.Index(fields=["inspection", "position"]),
            models.Index(fields=["next_due", "id"]),
        ]

    def __str__(self) -> str:
        label = self.get_type_display()
        if self.ref:
            return f"{label} {self.ref}"
        return f"{label}: {Truncator(self.text).words(10, truncate='…')}"

    def get_absolute_url(self) -> str:
        return reverse("finding", args=[self.pk])

    @property
    def tracked(self) -> bool:
        return is_tracked(self.type, self.force_to_act)

    @property
    def rag(self) -> str:
        """Its RAG today under its office's rules (lists annotate ``rag_value`` instead)."""
        annotated = self.__dict__.get("rag_value")
        if annotated:
            return str(annotated)
        from scrutiny.tracking.rules import rules_for

        return rag(self.status, self.next_due, timezone.localdate(), started=self.has_progress,
                   last_activity=self.last_activity, tracked=self.tracked,
                   rules=rules_for(self.inspection.force_id))


class Grade(models.Model):
    class Value(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        ADEQUATE = "adequate", "Adequate"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="grades")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="grades")
    area = models.CharField(max_length=200)
    grade = models.CharField(max_length=30, choices=Value.choices)

    class Meta:
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_grade_display()}"

    @property
    def score(self) -> int:
        return ["inadequate", "requires_improvement", "adequate", "good", "outstanding"].index(
            self.grade) + 1


class ReadingJob(models.Model):
    """An uploaded file waiting to be read and extracted by the worker, outside any request."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        RUNNING = "running", "Being read"
        DONE = "done", "Read"
        FAILED = "failed", "Could not be read"

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="incoming/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True)
    document = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display().lower()})"

    @property
    def waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class NationalRecommendation(models.Model):
    """A recommendation made to every force (all chief constables) in a national report:
    one record, linked to each office's copy of it (``Finding.national``)."""

    key = models.CharField(max_length=300, unique=True)
    report_title = models.CharField(max_length=500)
    ref = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    published = models.DateField(null=True, blank=True,
                                 help_text="The report's publication date, where known.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report_title", "ref", "id"]

    def __str__(self) -> str:
        return f"Recommendation {self.ref} of {self.report_title}" if self.ref else self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("national", args=[self.pk])


class FindingTheme(models.Model):
    """A theme of a finding: assigned by the rules (with the words that matched) or by a
    user; a theme a user takes off stays here, inactive, so the rules do not put it back."""

    class Source(models.TextChoices):
        RULE = "rule", "Assigned by Scrutiny's rules"
        USER = "user", "Set by a user"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=40)
    active = models.BooleanField(default=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RULE)
    matched = models.JSONField(default=list, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["finding", "theme"], name="one_row_per_theme")]
        indexes = [models.Index(fields=["theme", "active"])]

    def __str__(self) -> str:
        return f"{self.theme} of {self.finding_id}"


class SimilarForces(models.Model):
    """The forces an office compares its force with (its most similar group), kept as data:
    entered by the office's administrators or loaded by ``scrutiny similar-forces``."""

    force = models.OneToOneField(Force, on_delete=models.CASCADE, related_name="similar_group")
    similar = models.ManyToManyField(Force, related_name="+", blank=True)
    source = models.CharField(max_length=300, blank=True,
                              help_text="Where the list comes from, e.g. the Home Office's "
                                        "most similar groups and their date.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "most similar forces"
        verbose_name_plural = "most similar forces"

    def __str__(self) -> str:
        return f"Most similar forces of {self.force}"
