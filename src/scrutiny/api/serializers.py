"""What the API shows of each record, and what it accepts."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scrutiny.inspections.deadlines import section55_deadline
from scrutiny.inspections.models import Finding, Inspection
from scrutiny.inspections.status import FindingStatus, Rag
from scrutiny.responses.models import Response
from scrutiny.tracking.models import Action, Board, Update

ACTION_STATUSES = Action.Status.choices
RESPONSE_STATUSES = Response.Status.choices


class ErrorDetail(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(help_text="A stable word for programs, e.g. not_found, stale.")
    message = serializers.CharField(help_text="What went wrong, in a sentence for people.")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   required=False, help_text="Problems with named fields.")


class Error(serializers.Serializer):
    """Every error the API answers has this body."""

    error = ErrorDetail()


class InspectionSerializer(serializers.ModelSerializer):
    force = serializers.CharField(source="force.name", read_only=True,
                                  help_text="The force whose office holds the record.")
    forces = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name",
                                          help_text="The forces the report is about.")
    section55_due = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "title", "inspection_type", "published", "force", "forces",
                  "section55_due", "version"]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_section55_due(self, obj: Inspection) -> Any:
        day = section55_deadline(obj).day
        return day.isoformat() if day else None


class FindingSerializer(serializers.ModelSerializer):
    inspection_title = serializers.CharField(source="inspection.title", read_only=True)
    rag = serializers.ChoiceField(choices=[r.value for r in Rag], read_only=True,
                                  help_text="red, amber, green, complete (closed) or none "
                                            "(not tracked).")

    class Meta:
        model = Finding
        fields = ["id", "inspection", "inspection_title", "type", "ref", "text", "area",
                  "addressee", "force_to_act", "due", "due_text", "next_due", "owner", "board",
                  "status", "contested", "rag", "version", "updated_at"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "finding", "description", "owner", "board", "due", "status",
                  "carried_over_to", "version"]
        read_only_fields = fields


class UpdateSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    new_status = serializers.CharField(read_only=True, help_text="The status the update moved "
                                       "the finding to; empty when it did not change it.")

    class Meta:
        model = Update
        fields = ["id", "finding", "action", "date", "note", "new_status", "author", "created_at"]
        read_only_fields = fields

    def get_author(self, obj: Update) -> str:
        user = obj.author
        return (user.get_full_name() or user.get_username()) if user else ""


class BoardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Board
        fields = ["id", "name", "chair"]
        read_only_fields = fields


class ResponseSerializer(serializers.ModelSerializer):
    inspection_title = serializers.CharField(source="inspection.title", read_only=True)
    due = serializers.SerializerMethodField()

    class Meta:
        model = Response
        fields = ["id", "inspection", "inspection_title", "status", "due", "approved_at",
                  "published_at", "version"]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due(self, obj: Response) -> Any:
        day = section55_deadline(obj.inspection).day
        return day.isoformat() if day else None


# What the API accepts ----------------------------------------------------------------------

class StatusChange(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(v, label) for v, label in FindingStatus.choices if v != FindingStatus.CLOSED],
        help_text="Closing needs the closing page (reason, evidence, actions settled).")
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1,
                                       help_text="The finding's version you last read.")
    note = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


class NewAction(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    owner = serializers.CharField(max_length=200)
    board = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                     max_value=2**53, help_text="A board of the office.")
    due = serializers.DateField(required=False, allow_null=True)


class ActionChange(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1,
                                       help_text="The action's version you last read.")
    description = serializers.CharField(max_length=2000, required=False)
    owner = serializers.CharField(max_length=200, required=False)
    due = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Action.Status.choices, required=False)


class NewUpdate(serializers.Serializer):
    note = serializers.CharField(max_length=10000)
    date = serializers.DateField()
    action = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                      max_value=2**53, help_text="An action of the finding.")
