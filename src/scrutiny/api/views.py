"""The REST API (``/api/v1/``): the office's records to read, and actions, updates and
finding status to change, with the same permissions and version checks as the pages.

Every list is paginated (``page``, ``page_size`` up to 500) and filtered by query
parameters; every error has one body (``{"error": {"status", "code", "message",
"fields"}}``).  The OpenAPI description is served at ``/api/schema/``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action as route
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from scrutiny.accounts.permissions import get_for_user, scoped
from scrutiny.inspections.models import Finding, FindingType, Inspection, InspectionType
from scrutiny.inspections.services import set_finding_status
from scrutiny.inspections.status import FindingStatus
from scrutiny.responses.models import Response
from scrutiny.tracking import register
from scrutiny.tracking import services as tracking
from scrutiny.tracking.models import Action, Board, Update

from . import serializers as s
from .rules import Pages, SameRulesAsThePages

ERRORS = {
    400: OpenApiResponse(s.Error, description="The request is not valid; ``fields`` says why."),
    401: OpenApiResponse(s.Error, description="No valid token was given."),
    403: OpenApiResponse(s.Error, description="Your role does not allow this."),
    404: OpenApiResponse(s.Error, description="No such record among those you may see."),
}
WRITE_ERRORS = {**ERRORS, 409: OpenApiResponse(
    s.Error, description="The record changed since the version you sent; nothing was saved.")}


def _date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({name: ["Give a date as YYYY-MM-DD."]}) from None


def _choice(request: Request, name: str, allowed: list[str]) -> str | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    if raw not in allowed:
        raise exceptions.ValidationError({name: [f"Choose one of: {', '.join(allowed)}."]})
    return raw


def _number(request: Request, name: str) -> int | None:
    """A record number to filter by; one no record can have (negative, huge) matches none."""
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise exceptions.ValidationError({name: ["Give a whole number."]}) from None
    return value if 0 < value < 2**62 else 0


FORCE = OpenApiParameter("force", OpenApiTypes.STR, description="A force's slug, e.g. norfolk-constabulary")
DATES = [OpenApiParameter(n, OpenApiTypes.DATE, description=d) for n, d in (
    ("due_after", "Due on or after this day"), ("due_before", "Due on or before this day"))]


def read_only_schema(serializer: Any, parameters: list[Any]) -> Any:
    """The description of a viewset's list (with its filters) and of one record."""
    return extend_schema_view(
        list=extend_schema(parameters=parameters,
                           responses={200: serializer(many=True), **ERRORS}),
        retrieve=extend_schema(responses={200: serializer, **ERRORS}))


class _Scoped(viewsets.GenericViewSet):
    permission_classes = [SameRulesAsThePages]
    pagination_class = Pages
    lookup_value_regex = r"\d+"
    force_field = "force"

    def get_object(self) -> Any:
        return get_for_user(self.request.user, self.get_queryset(), self.force_field,
                            self.kwargs["pk"])

    def scoped(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        force = self.request.query_params.get("force")
        qs = scoped(self.request.user, qs, self.force_field)
        if force:
            qs = qs.filter(**{f"{self.force_field}__slug": force})
        return qs


@read_only_schema(s.InspectionSerializer, [
    FORCE, OpenApiParameter("type", enum=InspectionType.values),
    OpenApiParameter("published_after", OpenApiTypes.DATE),
    OpenApiParameter("published_before", OpenApiTypes.DATE)])
@extend_schema(tags=["inspections"])
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    serializer_class = s.InspectionSerializer

    def get_queryset(self) -> QuerySet[Inspection]:
        qs = self.scoped(Inspection.objects.select_related("force").prefetch_related("forces"))
        kind = _choice(self.request, "type", InspectionType.values)
        if kind:
            qs = qs.filter(inspection_type=kind)
        after, before = _date(self.request, "published_after"), _date(self.request, "published_before")
        if after:
            qs = qs.filter(published__gte=after)
        if before:
            qs = qs.filter(published__lte=before)
        return qs.order_by("-published", "-id")


@read_only_schema(s.FindingSerializer, [
    FORCE, OpenApiParameter("type", enum=FindingType.values),
    OpenApiParameter("status", enum=FindingStatus.values),
    OpenApiParameter("inspection", OpenApiTypes.INT), *DATES])
@extend_schema(tags=["findings"])
class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    serializer_class = s.FindingSerializer
    force_field = "inspection__force"

    def get_queryset(self) -> QuerySet[Finding]:
        qs = self.scoped(Finding.objects.select_related("inspection"))
        kind = _choice(self.request, "type", FindingType.values)
        if kind:
            qs = qs.filter(type=kind)
        state = _choice(self.request, "status", FindingStatus.values)
        if state:
            qs = qs.filter(status=state)
        inspection = _number(self.request, "inspection")
        if inspection is not None:
            qs = qs.filter(inspection_id=inspection)
        after, before = _date(self.request, "due_after"), _date(self.request, "due_before")
        if after:
            qs = qs.filter(next_due__gte=after)
        if before:
            qs = qs.filter(next_due__lte=before)
        return register.with_rag(qs, self.request.user, timezone.localdate()).order_by("id")

    def _finding(self) -> Finding:
        return get_for_user(self.request.user, Finding.objects.select_related("inspection"),
                            self.force_field, self.kwargs["pk"], write=True)

    @extend_schema(request=s.StatusChange, responses={200: s.FindingSerializer, **WRITE_ERRORS},
                   summary="Change a finding's status (with the version you read)")
    @route(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> ApiResponse:
        finding = self._finding()
        data = _valid(s.StatusChange, request)
        set_finding_status(finding, data["status"], request.user, note=data["note"],
                           version=data["version"])
        changed = register.with_rag(Finding.objects.filter(pk=finding.pk), request.user,
                                    timezone.localdate()).select_related("inspection").get()
        return ApiResponse(self.get_serializer(changed).data)

    @extend_schema(request=s.NewAction, responses={201: s.ActionSerializer, **WRITE_ERRORS},
                   summary="Add an action to a finding")
    @route(detail=True, methods=["post"])
    def actions(self, request: Request, pk: str) -> ApiResponse:
        finding = self._finding()
        data = _valid(s.NewAction, request)
        board = _board(request, data.get("board"))
        made = tracking.add_action(finding, request.user, description=data["description"],
                                   owner=data["owner"], board=board, due=data.get("due"))
        return ApiResponse(s.ActionSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.NewUpdate, responses={201: s.UpdateSerializer, **WRITE_ERRORS},
                   summary="Record a dated update on a finding")
    @route(detail=True, methods=["post"])
    def updates(self, request: Request, pk: str) -> ApiResponse:
        finding = self._finding()
        data = _valid(s.NewUpdate, request)
        if data["date"] > timezone.localdate() or data["date"].year < 2000:
            raise exceptions.ValidationError({"date": ["Give a day from 2000 up to today."]})
        linked = None
        if data.get("action") is not None:
            linked = finding.actions.filter(pk=data["action"]).first()
            if linked is None:
                raise exceptions.ValidationError({"action": ["Not an action of this finding."]})
        made = tracking.add_update(finding, request.user, note=data["note"], on=data["date"],
                                   action=linked)
        return ApiResponse(s.UpdateSerializer(made).data, status=status.HTTP_201_CREATED)


def _valid(serializer: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
    checked = serializer(data=request.data)
    checked.is_valid(raise_exception=True)
    return dict(checked.validated_data)


def _board(request: Request, pk: int | None) -> Board | None:
    if pk is None:
        return None
    board = scoped(request.user, Board.objects.all(), "force").filter(pk=pk).first()
    if board is None:
        raise exceptions.ValidationError({"board": ["Not a board of your office."]})
    return board


@read_only_schema(s.ActionSerializer, [
    FORCE, OpenApiParameter("status", enum=Action.Status.values), *DATES])
@extend_schema(tags=["actions"])
class ActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    serializer_class = s.ActionSerializer
    force_field = "finding__inspection__force"

    def get_queryset(self) -> QuerySet[Action]:
        qs = self.scoped(Action.objects.all())
        state = _choice(self.request, "status", Action.Status.values)
        if state:
            qs = qs.filter(status=state)
        after, before = _date(self.request, "due_after"), _date(self.request, "due_before")
        if after:
            qs = qs.filter(due__gte=after)
        if before:
            qs = qs.filter(due__lte=before)
        return qs.order_by("id")

    @extend_schema(request=s.ActionChange, responses={200: s.ActionSerializer, **WRITE_ERRORS},
                   summary="Change an action (with the version you read)")
    def partial_update(self, request: Request, pk: str) -> ApiResponse:
        action = get_for_user(request.user, Action.objects.all(), self.force_field, pk, write=True)
        data = _valid(s.ActionChange, request)
        version = data.pop("version")
        if data.get("status") == Action.Status.CARRIED_OVER:
            raise exceptions.ValidationError({"status": [
                "Carry an action over on its page, saying where the work carries on."]})
        tracking.edit_action(action, data, version, request.user)
        action.refresh_from_db()
        return ApiResponse(s.ActionSerializer(action).data)


@read_only_schema(s.UpdateSerializer, [FORCE, OpenApiParameter("finding", OpenApiTypes.INT)])
@extend_schema(tags=["updates"])
class UpdateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    serializer_class = s.UpdateSerializer
    force_field = "finding__inspection__force"

    def get_queryset(self) -> QuerySet[Update]:
        qs = self.scoped(Update.objects.select_related("author"))
        finding = _number(self.request, "finding")
        if finding is not None:
            qs = qs.filter(finding_id=finding)
        return qs.order_by("id")


@read_only_schema(s.BoardSerializer, [FORCE])
@extend_schema(tags=["boards"])
class BoardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    serializer_class = s.BoardSerializer

    def get_queryset(self) -> QuerySet[Board]:
        return self.scoped(Board.objects.all()).order_by("name", "id")


@read_only_schema(s.ResponseSerializer, [
    FORCE, OpenApiParameter("status", enum=Response.Status.values)])
@extend_schema(tags=["responses"])
class ResponseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    serializer_class = s.ResponseSerializer
    force_field = "inspection__force"

    def get_queryset(self) -> QuerySet[Response]:
        qs = self.scoped(Response.objects.select_related("inspection"))
        state = _choice(self.request, "status", Response.Status.values)
        if state:
            qs = qs.filter(status=state)
        return qs.order_by("-inspection__published", "id")

