from django.contrib import admin

from .models import Finding, Force, Grade, Inspection, SourceDocument


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "territorial"]
    search_fields = ["name", "aliases"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "force", "inspection_type", "published", "section55_due"]
    list_filter = ["inspection_type", "force"]
    search_fields = ["title"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "force", "status", "uploaded_at"]
    exclude = ["text", "extraction"]


admin.site.register(Finding)
admin.site.register(Grade)
