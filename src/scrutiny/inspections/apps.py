from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "scrutiny.inspections"
    label = "inspections"
    verbose_name = "Inspections"
