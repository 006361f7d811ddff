"""The registers: every finding (and every action) of an office, filtered, sorted, paged.

One query function per register, used by the pages, the dashboard's figures, the
board packs and the exports, so they always agree.  Filters arrive as the address's
query string, so a filtered register can be bookmarked and shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.functions import Length, Lower

from scrutiny.accounts.permissions import scoped, user_force
from scrutiny.inspections.forms import DateInput
from scrutiny.inspections.models import Finding, FindingTheme, FindingType, InspectionType
from scrutiny.inspections.status import (
    TRACKED,
    FindingStatus,
    Rag,
    rag_expression,
    rag_rank_expression,
)

from .models import Action, Board, Update
from .rules import rules_by_force, rules_for

PAGE_SIZE = 50
NOT_CLOSED = "not_closed"


def _boards_for(user: Any) -> QuerySet[Board]:
    return scoped(user, Board.objects.all(), "force").select_related("force").order_by("name")


class BoardChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class _Filters(forms.Form):
    """What both registers filter by: owner, board, due dates, overdue; and the sort."""

    owner = forms.CharField(required=False, max_length=200, label="Owner")
    board = BoardChoice(queryset=Board.objects.none(), required=False, label="Board")
    due_after = forms.DateField(required=False, widget=DateInput(), label="Due on or after")
    due_before = forms.DateField(required=False, widget=DateInput(), label="Due on or before")
    overdue = forms.BooleanField(required=False, label="Overdue only")
    sort = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_ = self.fields["board"]
        assert isinstance(field_, forms.ModelChoiceField)
        field_.queryset = _boards_for(user)
        field_.empty_label = "Any"


class RegisterFilters(_Filters):
    """The findings register's filters; every one optional, all combined."""

    field_order = ["q", "status", "rag", "type", "inspection_type", "theme", "owner", "board",
                   "area", "due_after", "due_before", "overdue", "include_untracked"]

    q = forms.CharField(required=False, max_length=200, label="Text contains")
    status = forms.ChoiceField(required=False, label="Status", choices=[
        ("", "Any"), (NOT_CLOSED, "Not closed"), *FindingStatus.choices])
    rag = forms.ChoiceField(required=False, label="RAG", choices=[("", "Any"), *Rag.choices])
    type = forms.ChoiceField(required=False, label="Finding type",
                             choices=[("", "Any"), *FindingType.choices])
    inspection_type = forms.ChoiceField(required=False, label="Inspection type",
                                        choices=[("", "Any"), *InspectionType.choices])
    owner = forms.CharField(required=False, max_length=200, label="Owner",
                            help_text="Lead owner or action owner; part of a name is enough.")
    area = forms.CharField(required=False, max_length=200, label="Area")
    theme = forms.ChoiceField(required=False, label="Theme", choices=[])
    include_untracked = forms.BooleanField(
        required=False, label="Include practice and findings addressed to others")
    inspection = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from scrutiny.inspections.themes import taxonomy

        self.fields["theme"].choices = [("", "Any"), *((c, t.name) for c, t in taxonomy().items())]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        after, before = data.get("due_after"), data.get("due_before")
        if after and before and before < after:
            self.add_error("due_before", "This date is before the “due on or after” date.")
        return data


FINDING_SORTS: dict[str, tuple[Any, ...]] = {
    "inspection": (Lower("inspection__title"),),
    "published": (F("inspection__published").asc(nulls_last=True),),
    "type": ("type",),
    "ref": (Length("ref"), "ref"),
    "area": (Lower("area"),),
    "status": ("status",),
    "rag": ("rag_rank",),
    "owner": (Lower("owner"),),
    "board": (Lower("board__name"),),
    "due": (F("next_due").asc(nulls_last=True),),
    "updated": (F("last_activity").asc(nulls_last=True),),
}


def _direction(term: Any, descending: bool) -> OrderBy:
    expr = F(term) if isinstance(term, str) else term
    if isinstance(expr, OrderBy):
        expr = expr.expression
    return expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True)


def order_by(qs: QuerySet[Any], sort: str, sorts: dict[str, tuple[Any, ...]],
             default: str) -> tuple[QuerySet[Any], str]:
    """Sort by a column name, '-name' for descending; unknown names fall back to the default."""
    key = sort.lstrip("-") if sort else ""
    if key not in sorts:
        sort, key = default, default.lstrip("-")
    descending = sort.startswith("-")
    terms = [_direction(term, descending) for term in sorts[key]]
    return qs.order_by(*terms, "-id" if descending else "id"), sort


def with_rag(qs: QuerySet[Finding], user: Any, today: date) -> QuerySet[Finding]:
    """Findings annotated with their RAG under their own office's rules."""
    force = user_force(user)
    per_force = rules_by_force() if force is None else None
    return qs.annotate(rag_value=rag_expression(today, rules_for(force.pk if force else None),
                                                per_force))


def overdue_q(today: date) -> Q:
    """Tracked, not closed, and past its next due date: the one meaning of overdue."""
    return cast(Q, TRACKED & ~Q(status=FindingStatus.CLOSED) & Q(next_due__lt=today))


def owner_q(owner: str) -> Q:
    """Findings whose lead owner, or the owner of one of their actions, matches."""
    return cast(Q, Q(owner__icontains=owner) | Exists(Action.objects.filter(
        finding=OuterRef("pk"), owner__icontains=owner)))


def board_q(board: Board) -> Q:
    """Findings a board leads, or on which it owns an action."""
    return cast(Q, Q(board=board) | Exists(Action.objects.filter(finding=OuterRef("pk"),
                                                                 board=board)))


def findings(user: Any, data: dict[str, Any], today: date) -> QuerySet[Finding]:
    """The findings register: the user's office's findings, filtered (unsorted)."""
    qs = with_rag(scoped(user, Finding.objects.all(), "inspection__force"), user, today)
    if not data.get("include_untracked") and data.get("type") not in (
            FindingType.INNOVATIVE_PRACTICE, FindingType.PROMISING_PRACTICE):
        qs = qs.filter(TRACKED)
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(text__icontains=q) | Q(ref__iexact=q) | Q(inspection__title__icontains=q))
    status = data.get("status")
    if status == NOT_CLOSED:
        qs = qs.exclude(status=FindingStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if data.get("rag"):
        qs = qs.filter(**{"rag_value": data["rag"]})
    if data.get("type"):
        qs = qs.filter(type=data["type"])
    if data.get("inspection_type"):
        qs = qs.filter(inspection__inspection_type=data["inspection_type"])
    if data.get("owner"):
        qs = qs.filter(owner_q(data["owner"]))
    if data.get("board"):
        qs = qs.filter(board_q(data["board"]))
    if data.get("area"):
        qs = qs.filter(area__icontains=data["area"])
    if data.get("theme"):
        qs = qs.filter(pk__in=FindingTheme.objects.filter(theme=data["theme"], active=True)
                       .values("finding_id"))
    if data.get("due_after"):
        qs = qs.filter(next_due__gte=data["due_after"])
    if data.get("due_before"):
        qs = qs.filter(next_due__lte=data["due_before"])
    if data.get("overdue"):
        qs = qs.filter(overdue_q(today))
    if data.get("inspection"):
        qs = qs.filter(inspection_id=data["inspection"])
    return qs


def sorted_findings(qs: QuerySet[Finding], sort: str) -> tuple[QuerySet[Finding], str]:
    if sort.lstrip("-") == "rag":
        qs = qs.annotate(rag_rank=rag_rank_expression())
    return order_by(qs, sort, FINDING_SORTS, "due")


@dataclass
class Row:
    """A finding as the register, the exports and the board packs show it."""

    finding: Finding
    owners: list[str] = field(default_factory=list)
    boards: list[Board] = field(default_factory=list)
    latest: Update | None = None

    @property
    def rag(self) -> str:
        return self.finding.rag


def rows(findings_: list[Finding] | QuerySet[Finding]) -> list[Row]:
    """Owners, boards and the latest update of each finding, in a fixed number of queries."""
    items = list(findings_)
    ids = [f.pk for f in items]
    actions: dict[int, list[Action]] = {}
    for a in Action.objects.filter(finding_id__in=ids).select_related("board").order_by("id"):
        actions.setdefault(a.finding_id, []).append(a)
    latest: dict[int, Update] = {}
    for u in (Update.objects.filter(finding_id__in=ids).select_related("author")
              .order_by("finding_id", "-date", "-created_at")):
        latest.setdefault(u.finding_id, u)
    out = []
    for f in items:
        owners = list(dict.fromkeys([o for o in [f.owner, *(a.owner for a in actions.get(
            f.pk, []))] if o]))
        boards = list({b.pk: b for b in [f.board, *(a.board for a in actions.get(f.pk, []))]
                       if b is not None}.values())
        out.append(Row(f, owners, boards, latest.get(f.pk)))
    return out


def register_queryset(qs: QuerySet[Finding]) -> QuerySet[Finding]:
    return qs.select_related("inspection", "inspection__force", "board", "repeat_of")


# The actions register ---------------------------------------------------------------------

OPEN_ACTIONS = "open"


class ActionFilters(_Filters):
    field_order = ["q", "status", "owner", "board", "due_after", "due_before", "overdue"]

    q = forms.CharField(required=False, max_length=200, label="Text contains")
    status = forms.ChoiceField(required=False, label="Status", choices=[
        ("", "Any"), (OPEN_ACTIONS, "Not started or in progress"), *Action.Status.choices])


ACTION_SORTS: dict[str, tuple[Any, ...]] = {
    "finding": ("finding__inspection__title", "finding__position"),
    "description": (Lower("description"),),
    "owner": (Lower("owner"),),
    "board": (Lower("board__name"),),
    "due": (F("due").asc(nulls_last=True),),
    "status": ("status",),
}


def actions(user: Any, data: dict[str, Any], today: date) -> QuerySet[Action]:
    qs = scoped(user, Action.objects.all(), "finding__inspection__force").select_related(
        "finding", "finding__inspection", "board")
    if data.get("q"):
        qs = qs.filter(Q(description__icontains=data["q"]) | Q(finding__text__icontains=data["q"]))
    status = data.get("status")
    if status == OPEN_ACTIONS:
        qs = qs.filter(status__in=Action.OPEN)
    elif status:
        qs = qs.filter(status=status)
    if data.get("owner"):
        qs = qs.filter(owner__icontains=data["owner"])
    if data.get("board"):
        qs = qs.filter(board=data["board"])
    if data.get("due_after"):
        qs = qs.filter(due__gte=data["due_after"])
    if data.get("due_before"):
        qs = qs.filter(due__lte=data["due_before"])
    if data.get("overdue"):
        qs = qs.filter(status__in=Action.OPEN, due__lt=today)
    return qs

