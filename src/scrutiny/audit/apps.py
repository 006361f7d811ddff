from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "scrutiny.audit"
    label = "audit"
    verbose_name = "History"
