"""Boards: the list, a board's findings and actions, corrections, and its packs."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scrutiny.accounts.permissions import get_for_user, require_editor, scoped, user_force
from scrutiny.audit.models import AuditEvent
from scrutiny.audit.security import log_download
from scrutiny.inspections.models import Finding
from scrutiny.inspections.services import NotAllowed, StaleEdit
from scrutiny.inspections.status import TRACKED, FindingStatus
from scrutiny.web import once

from . import packs, register, services
from .forms import BoardEditForm, BoardForm, PackForm, SinceForm, WithdrawForm
from .models import Action, Board, BoardPack
from .views import _withdraw

FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@require_http_methods(["GET", "POST"])
def board_list(request: HttpRequest) -> HttpResponse:
    boards = scoped(request.user, Board.objects.all(), "force").select_related("force").annotate(
        open_actions=Count("actions", filter=Q(actions__status__in=Action.OPEN,
                                               actions__withdrawn_at__isnull=True)))
    force = user_force(request.user)
    form = BoardForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_editor(request.user)
        status = 400
        if force is None:
            messages.error(request, "Boards belong to a force; your account has none.")
        elif form.is_valid():
            try:
                with transaction.atomic():
                    if not once.first_time(request):
                        messages.info(request, "That form was already sent; nothing was added "
                                               "twice.")
                        return redirect("boards")
                    board = services.create_board(force, form.cleaned_data["name"],
                                                  form.cleaned_data["chair"], request.user)
                messages.success(request, f"Board “{board}” created.")
                return redirect(board)
            except NotAllowed as exc:
                form.add_error("name", str(exc))
    return render(request, "tracking/boards.html", {"boards": boards, "form": form,
                                                    "can_create": force is not None},
                  status=status)


@require_GET
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_for_user(request.user, Board.objects.select_related("force"), "force", pk)
    today = timezone.localdate()
    actions = board.actions.select_related("finding", "finding__inspection").order_by("due", "id")
    findings = register.register_queryset(register.with_rag(
        Finding.objects.filter(TRACKED).filter(register.board_q(board)), request.user, today)
    ).order_by("status", "next_due", "id")
    since_form = SinceForm(request.GET or None)
    since = since_form.cleaned_data.get("since") if since_form.is_valid() else None
    changes = []
    if since:
        changes = list(AuditEvent.objects.filter(
            finding_id__in=findings.values("pk"), at__date__gte=since)
            .select_related("user", "finding")[:200])
    return render(request, "tracking/board.html", {
        "board": board, "today": today,
        "rows": register.rows(findings.exclude(status=FindingStatus.CLOSED)),
        "closed_count": findings.filter(status=FindingStatus.CLOSED).count(),
        "actions": actions,
        "overdue": [a for a in actions if a.due and a.due < today and a.is_open],
        "ready_to_close": findings.filter(status=FindingStatus.PROPOSED_CLOSURE),
        "since_form": since_form, "since": since, "changes": changes,
        "packs": board.packs.select_related("prepared_by")[:10],
        "pack_form": PackForm(),
        "edit_form": BoardEditForm(instance=board, initial={"version": board.version}),
        "withdraw_form": WithdrawForm(initial={"version": board.version}, prefix="withdraw"),
    })


@require_POST
def board_edit(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_for_user(request.user, Board.objects.all(), "force", pk, write=True)
    form = BoardEditForm(request.POST, instance=Board.objects.get(pk=pk))
    if form.is_valid():
        try:
            services.edit_board(board, form.cleaned_data, form.cleaned_data["version"],
                                request.user)
            messages.success(request, "Board saved.")
        except (NotAllowed, StaleEdit) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Nothing was saved: " + "; ".join(
            str(e) for errors in form.errors.values() for e in errors))
    return redirect(board)


@require_POST
def board_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_for_user(request.user, Board.objects.all(), "force", pk, write=True)
    response = _withdraw(request, board, services.withdraw_board, "boards", "The board")
    if Board.objects.filter(pk=pk).exists():  # refused: stay on the board's page
        return redirect(board)
    return response


@require_POST
def pack_create(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_for_user(request.user, Board.objects.select_related("force"), "force", pk,
                         write=True)
    form = PackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the meeting date: " + "; ".join(
            str(e) for errors in form.errors.values() for e in errors))
        return redirect(board)
    with transaction.atomic():
        if not once.first_time(request):
            latest = board.packs.first()
            messages.info(request, "That pack was already produced.")
            return redirect(latest or board)
        pack = packs.produce(board, form.cleaned_data["meeting_on"], request.user)
    messages.success(request, f"Board pack produced for {pack.meeting_on:%-d %B %Y}.")
    return redirect(pack)


def _pack_for(request: HttpRequest, pk: int) -> BoardPack:
    return get_for_user(request.user, BoardPack.objects.select_related("board", "board__force"),
                        "board__force", pk)


@require_GET
def pack_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack_for(request, pk)
    return render(request, "tracking/pack.html", {
        "pack": pack, "document": packs.to_html(pack.content, standalone=False)})


@require_GET
def pack_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    pack = _pack_for(request, pk)
    if fmt not in FORMATS:
        raise Http404("Unknown format")
    body = packs.to_pdf(pack.content) if fmt == "pdf" else packs.to_docx(pack.content)
    log_download(request, pack.board.force, f"Board pack of {pack.board.name[:150]} for "
                                            f"{pack.meeting_on:%-d %B %Y} ({fmt})")
    out = HttpResponse(body, content_type=FORMATS[fmt])
    out["Content-Disposition"] = f'attachment; filename="{packs.filename(pack, fmt)}"'
    return out
