"""Upload and review: files in, extraction shown beside its source, accepted in one go."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from scrutiny.accounts.permissions import get_for_user, scoped, user_force, visible_forces

from . import jobs
from .deadlines import work_out
from .forms import FindingReviewFormSet, InspectionReviewForm, UploadForm
from .models import Force, Inspection, ReadingJob, SourceDocument
from .services import (
    FindingDraft,
    InspectionDraft,
    NotAllowed,
    StaleEdit,
    accept_document,
    discard_document,
    drafts_from_extraction,
)
from .sourcetext import highlighted


def _pending(request: HttpRequest) -> QuerySet[SourceDocument]:
    return scoped(request.user, SourceDocument.objects.filter(
        status=SourceDocument.Status.PENDING), "force").select_related("force")


def _jobs(request: HttpRequest) -> list[ReadingJob]:
    return list(jobs.waiting_for(request.user, visible_forces(request.user))[:50])


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Files are checked and queued here; the worker reads them (inspections.jobs)."""
    own_force = user_force(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, choose_force=own_force is None)
    outcomes = []
    if request.method == "POST" and form.is_valid():
        force: Force = own_force or form.cleaned_data["force"]
        outcomes = [jobs.enqueue(f, force, request.user) for f in form.cleaned_data["documents"]]
        queued = [o for o in outcomes if o.job is not None]
        if len(outcomes) == 1 and queued:
            return redirect("reading_job", queued[0].job.pk)
    current = _jobs(request)
    return render(request, "inspections/upload.html", {
        "form": form, "outcomes": outcomes, "pending": _pending(request)[:50], "jobs": current,
    }, status=400 if outcomes and not any(o.ok for o in outcomes) else 200)


@require_GET
def reading_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One upload being read: this page reloads itself, then goes on to the review."""
    job = get_for_user(request.user, ReadingJob.objects.select_related("document"), "force", pk)
    document = job.document
    ready = job.status == ReadingJob.Status.DONE and document is not None \
        and document.status == SourceDocument.Status.PENDING
    if request.GET.get("format") == "json":  # asked by app.js while the file is read
        return JsonResponse({"status": job.status, "label": job.get_status_display(),
                             "waiting": job.waiting, "message": job.message,
                             "next": reverse("review", args=[document.pk]) if ready and document
                             else None})
    if ready and document is not None:
        messages.success(request, job.message)
        return redirect("review", document.pk)
    ahead = ReadingJob.objects.filter(status=ReadingJob.Status.QUEUED, created_at__lt=job.created_at) \
        .count() if job.status == ReadingJob.Status.QUEUED else 0
    return render(request, "inspections/reading_job.html", {"job": job, "ahead": ahead})


def _initial(document: SourceDocument) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The review forms' starting values: what the extraction proposes."""
    inspection, findings = drafts_from_extraction(document)
    meta = _values(inspection)
    if meta.pop("section55_basis") == "statutory":
        meta["section55_due"] = None  # worked out from the publication date, not typed in
    meta["holding_force"] = document.force
    return meta, [{"keep": True, **_values(f)} for f in findings]


def _about_other_force(document: SourceDocument) -> list[str]:
    """The forces a report names when the uploading office's force is not among them."""
    names = (document.extraction.get("document", {}) or {}).get("forces") or []
    return names if names and document.force.name not in names else []


def _confirm_discard(request: HttpRequest, document: SourceDocument) -> HttpResponse:
    return render(request, "web/confirm.html", {
        "title": f"Discard {document.filename}?",
        "body": "The file and what was read from it are thrown away; nothing is recorded. "
                "This cannot be undone.",
        "action": request.path, "fields": [("discard", "1"), ("confirmed", "1")],
        "button": "Yes, discard it", "danger": True, "back": request.path})


def _values(draft: Any) -> dict[str, Any]:
    return {f.name: getattr(draft, f.name) for f in fields(draft)}


def _drafts(formset: Any) -> list[FindingDraft]:
    """Reviewed findings in order: dropped ones left out, merged ones joined to the one above."""
    drafts: list[FindingDraft] = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        added = index >= formset.initial_form_count()  # a blank card the reviewer filled in
        if not data or not (data.get("keep") or added) or not (data.get("text") or "").strip():
            continue
        if data.get("merge_with_previous") and drafts:
            prev = drafts[-1]
            prev.text = f"{prev.text} {data['text'].strip()}"
            if data.get("loc_end") is not None and (prev.loc_end or 0) < data["loc_end"]:
                prev.loc_end = data["loc_end"]
            continue
        drafts.append(FindingDraft(
            type=data["type"], text=" ".join(data["text"].split()), ref=data.get("ref") or "",
            due=data.get("due"), due_text=data.get("due_text") or "",
            addressee=data.get("addressee") or "", area=data.get("area") or "",
            force_to_act=bool(data.get("force_to_act")), loc_start=data.get("loc_start"),
            loc_end=data.get("loc_end"), loc_page=data.get("loc_page"),
        ))
    return drafts


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_for_user(request.user, SourceDocument.objects.select_related("force"),
                            "force", pk, write=request.method == "POST")
    if document.status != SourceDocument.Status.PENDING:
        messages.info(request, "This document has already been reviewed.")
        return redirect(document.inspection or "upload")
    if request.method == "POST" and "discard" in request.POST:
        if request.POST.get("confirmed") != "1":
            return _confirm_discard(request, document)
        discard_document(document, request.user)
        messages.success(request, f"{document.filename} was discarded; nothing was stored.")
        return redirect("upload")
    if request.method == "POST":
        meta_form = InspectionReviewForm(request.POST, prefix="inspection",
                                         holders=_holders(request, document))
        formset = FindingReviewFormSet(request.POST, prefix="findings")
        if meta_form.is_valid() and formset.is_valid():
            data = meta_form.cleaned_data
            meta = document.extraction.get("document", {})
            basis = meta.get("section55_deadline_basis") or ""
            if data["section55_due"] and meta.get("section55_deadline") != (
                    data["section55_due"].isoformat()):
                basis = "entered"
            draft = InspectionDraft(
                title=data["title"], inspection_type=data["inspection_type"],
                published=data["published"], section55_due=data["section55_due"],
                section55_basis=basis, forces=list(data["forces"]),
                holding_force=data.get("holding_force"),
            )
            try:
                inspection = accept_document(document, draft, _drafts(formset), request.user)
            except (StaleEdit, NotAllowed) as exc:
                messages.error(request, str(exc))
                return redirect("upload")
            if not scoped(request.user, Inspection.objects.filter(pk=inspection.pk),
                          "force").exists():
                messages.success(request, f"{document.filename} accepted into “{inspection}”, "
                                          f"held by {inspection.force}'s office.")
                return redirect("upload")
            messages.success(request, f"{document.filename} accepted into “{inspection}”.")
            return redirect(inspection)
        messages.error(request, "Some fields need correcting before the findings can be "
                                "accepted; see the messages beside them.")
        status = 400
    else:
        meta, findings = _initial(document)
        meta_form = InspectionReviewForm(initial=meta, prefix="inspection",
                                         holders=_holders(request, document))
        formset = FindingReviewFormSet(initial=findings, prefix="findings")
        status = 200
    spans = []
    for i, form in enumerate(formset.forms):
        start, end = form.initial.get("loc_start"), form.initial.get("loc_end")
        if start is not None and end is not None:
            spans.append((start, end, f"src-{i}", f"Finding {i + 1}"))
    reasons = document.extraction.get("explanations") or {}
    why = reasons.get("findings") or []
    cards = [(form, why[i] if i < len(why) and i < formset.initial_form_count() else None)
             for i, form in enumerate(formset.forms)]
    grades = list(zip(document.extraction.get("grades", []),
                      (reasons.get("grades") or []) + [None] * len(document.extraction.get("grades", [])),
                      strict=False))
    meta = document.extraction.get("document", {}) or {}
    others = _about_other_force(document)
    published = meta.get("published")
    printed = meta.get("section55_deadline") if meta.get("section55_deadline_basis") == "printed" \
        else None
    deadline = work_out(_iso(published), _iso(printed), concerns_force=not others)
    return render(request, "inspections/review.html", {
        "document": document, "meta_form": meta_form, "formset": formset, "cards": cards,
        "about_others": others, "deadline": deadline,
        "grades": grades, "source": highlighted(document.text, spans),
        "extraction": document.extraction,
    }, status=status)


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _holders(request: HttpRequest, document: SourceDocument) -> QuerySet[Force]:
    from .views import holders

    names = (document.extraction.get("document", {}) or {}).get("forces") or []
    return holders(request.user, None, [document.force, *Force.objects.filter(name__in=names)])
