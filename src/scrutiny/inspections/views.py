"""Inspection list and page, source documents, force pages and search."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from scrutiny.accounts.permissions import get_for_user, scoped, user_force, visible_forces
from scrutiny.audit.history import history_page
from scrutiny.audit.models import AuditEvent
from scrutiny.tracking.models import Update
from scrutiny.web import spreadsheet

from .charts import grade_history_svg
from .deadlines import section55_deadline
from .forms import InspectionEditForm
from .models import Finding, Force, Grade, Inspection, InspectionType, SourceDocument
from .services import INSPECTION_FIELDS, NotAllowed, StaleEdit, edit_inspection
from .sourcetext import highlighted
from .status import FindingStatus

PAGE_SIZE = 25
INSPECTION_COLUMNS = [
    spreadsheet.Column("Inspection", 60), spreadsheet.Column("Type", 20),
    spreadsheet.Column("Published", 12, "date"), spreadsheet.Column("Section 55 due", 14, "date"),
    spreadsheet.Column("Findings", 10, "number"), spreadsheet.Column("Open", 10, "number"),
]


@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    qs = scoped(request.user, Inspection.objects.all(), "force").select_related("force")
    q = request.GET.get("q", "").strip()[:200]
    force = request.GET.get("force", "")
    kind = request.GET.get("type", "")
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    if q:
        qs = qs.filter(title__icontains=q)
    if force:
        qs = qs.filter(force__slug=force)
    if kind in InspectionType.values:
        qs = qs.filter(inspection_type=kind)
    if year.isdigit() and 2000 <= int(year) <= 2099:
        qs = qs.filter(published__year=int(year))
    qs = qs.annotate(
        finding_count=Count("findings", distinct=True),
        open_count=Count("findings", filter=~Q(findings__status=FindingStatus.CLOSED),
                         distinct=True),
    )
    if status == "open":
        qs = qs.filter(open_count__gt=0)
    elif status == "closed":
        qs = qs.filter(open_count=0)
    fmt = request.GET.get("format", "")
    if fmt in spreadsheet.FORMATS:
        return spreadsheet.response(fmt, "inspections", INSPECTION_COLUMNS, (
            [i.title, i.get_inspection_type_display(), i.published, i.section55_due,
             i.finding_count, i.open_count] for i in qs.order_by("-published", "-id")),
            "Inspections")
    page = Paginator(qs.order_by("-published", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    years = (scoped(request.user, Inspection.objects.all(), "force")
             .filter(published__isnull=False).dates("published", "year", order="DESC"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "inspections/list.html", {
        "page": page, "q": q, "forces": visible_forces(request.user), "types": InspectionType.choices,
        "years": [d.year for d in years], "selected": {"force": force, "type": kind, "year": year,
                                                     "status": status},
        "querystring": params.urlencode(),
    })


@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_for_user(request.user, Inspection.objects.select_related("force"), "force", pk)
    from scrutiny.tracking.register import with_rag

    findings = list(with_rag(inspection.findings.select_related("repeat_of").annotate(
        action_count=Count("actions", filter=Q(actions__withdrawn_at__isnull=True))),
        request.user, timezone.localdate()).order_by("position", "id"))
    counts = {s: 0 for s in FindingStatus.values}
    for f in findings:
        counts[f.status] += 1
    total = len(findings)
    closed = counts[FindingStatus.CLOSED]
    return render(request, "inspections/detail.html", {
        "inspection": inspection,
        "deadline": section55_deadline(inspection),
        "forces": inspection.forces.all(),
        "grades": inspection.grades.all(),
        "findings": findings,
        "counts": [(FindingStatus(s).label, n) for s, n in counts.items()],
        "progress": round(100 * closed / total) if total else 0,
        "documents": inspection.documents.all(),
        "history": AuditEvent.objects.filter(inspection=inspection).select_related("user")[:20],
        "history_count": AuditEvent.objects.filter(inspection=inspection).count(),
        "history_url": reverse("inspection_history", args=[inspection.pk]),
    })


@require_GET
def inspection_history(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_for_user(request.user, Inspection.objects.all(), "force", pk)
    return history_page(request, AuditEvent.objects.filter(inspection=inspection),
                        title=inspection.title, back=inspection.get_absolute_url())


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_for_user(request.user, SourceDocument.objects.select_related("inspection"),
                            "force", pk)
    spans = [(f.loc_start, f.loc_end, f"finding-{f.pk}", str(f))
             for f in document.findings.all() if f.loc_start is not None and f.loc_end is not None]
    return render(request, "inspections/document.html", {
        "document": document, "source": highlighted(document.text, spans),
    })


@require_GET
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_for_user(request.user, SourceDocument.objects.all(), "force", pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


def visible_force(request: HttpRequest, slug: str) -> Force:
    """The force of that address, if the user may see its records (else 404)."""
    return get_for_user(request.user, visible_forces(request.user), "pk",
                        Force.objects.filter(slug=slug).values_list("pk", flat=True).first())


@require_GET
def force_detail(request: HttpRequest, slug: str) -> HttpResponse:
    force = visible_force(request, slug)
    grades = (scoped(request.user, Grade.objects.filter(force=force), "inspection__force")
              .select_related("inspection").order_by("inspection__published", "id"))
    open_findings = (Finding.objects.filter(inspection__force=force)
                     .exclude(status=FindingStatus.CLOSED)
                     .values("area").annotate(count=Count("id")).order_by("-count", "area"))
    chart, key = grade_history_svg(list(grades))
    from datetime import date

    from .themes import open_over_time

    today = timezone.localdate()
    ends = [*(date(y, 12, 31) for y in range(today.year - 4, today.year)), today]
    return render(request, "inspections/force.html", {
        "force": force,
        "theme_ends": ends,
        "themes_over_time": open_over_time(force, ends),
        "grades": grades,
        "chart": chart,
        "chart_key": key,
        "open_by_area": open_findings,
        "inspections": Inspection.objects.filter(force=force)[:10],
    })


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    q = " ".join(request.GET.get("q", "").split())[:200]
    results: dict[str, object] = {}
    if len(q) >= 2:
        user = request.user
        # Newest first: the primary key's order lets the database stop at the limit
        # instead of sorting every match.
        results = {
            "inspections": list(scoped(user, Inspection.objects.filter(title__icontains=q),
                                       "force").select_related("force").order_by("-id")[:20]),
            "findings": list(scoped(user, Finding.objects.filter(text__icontains=q),
                                    "inspection__force").select_related("inspection")
                             .order_by("-id")[:50]),
            "updates": list(scoped(user, Update.objects.filter(note__icontains=q),
                                   "finding__inspection__force")
                            .select_related("finding", "finding__inspection").order_by("-id")[:20]),
        }
    return render(request, "inspections/search.html", {"q": q, "results": results})


def holders(user: Any, inspection: Inspection | None, forces: list[Force]) -> QuerySet[Force]:
    """The offices that may hold a record: the user's own, or one of the report's forces.

    A system administrator (no office of their own) may choose any office.
    """
    if user.is_superuser and user_force(user) is None:
        return Force.objects.all()
    own = user_force(user)
    ids = {f.pk for f in forces} | ({own.pk} if own else set())
    if inspection is not None:
        ids.add(inspection.force_id)
    return Force.objects.filter(pk__in=ids)


@require_http_methods(["GET", "POST"])
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an accepted inspection; the deadline is worked out again and recorded."""
    inspection = get_for_user(request.user, Inspection.objects.select_related("force"), "force",
                              pk, write=True)
    current = list(inspection.forces.all())
    status = 200
    if request.method == "POST":
        chosen = Force.objects.filter(pk__in=request.POST.getlist("forces")[:50])
        form = InspectionEditForm(request.POST, instance=Inspection.objects.get(pk=pk),
                                  holders=holders(request.user, inspection, [*current, *chosen]))
        status = 400
        if form.is_valid():
            values = {k: form.cleaned_data[k] for k in [*INSPECTION_FIELDS, "forces", "force"]}
            try:
                changes = edit_inspection(inspection, values, form.cleaned_data["version"],
                                          request.user)
            except (NotAllowed, StaleEdit) as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                inspection.refresh_from_db()
                if not changes:
                    messages.info(request, "Nothing was changed.")
                elif not scoped(request.user, Inspection.objects.filter(pk=pk), "force").exists():
                    messages.success(request, f"“{inspection}” is now held by {inspection.force}'s "
                                              "office.")
                    return redirect("inspections")
                else:
                    messages.success(request, "Inspection corrected. " + section55_deadline(
                        inspection).explanation)
                return redirect(inspection)
    else:
        form = InspectionEditForm(instance=inspection, initial={"version": inspection.version},
                                  holders=holders(request.user, inspection, current))
    return render(request, "inspections/edit.html", {"inspection": inspection, "form": form},
                  status=status)


@require_GET
def national_list(request: HttpRequest) -> HttpResponse:
    from .models import NationalRecommendation

    own = scoped(request.user, Finding.objects.filter(national__isnull=False), "inspection__force")
    rows = (NationalRecommendation.objects.filter(copies__in=own).distinct()
            .annotate(copy_count=Count("copies", distinct=True)))
    return render(request, "inspections/nationals.html", {"rows": rows})


@require_GET
def national_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A national recommendation: seen by offices holding a copy of it."""
    from django.http import Http404

    from .models import NationalRecommendation
    from .national import answers

    if pk >= 2**62:
        raise Http404("No such national recommendation")
    own = scoped(request.user, Finding.objects.filter(national_id=pk), "inspection__force").first()
    national = NationalRecommendation.objects.filter(pk=pk).first()
    if national is None or (own is None and not request.user.is_superuser):
        raise Http404("No such national recommendation among your office's")
    answered = answers(national)
    holding = sorted(set(national.copies.values_list("inspection__force__name", flat=True)))
    return render(request, "inspections/national.html", {
        "national": national, "own": own, "answers": answered, "copies": len(holding),
        "waiting": [name for name in holding if name not in {a.force for a in answered}]})
