from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "scrutiny.audit"
    label = "audit"
    verbose_name = "History"

    def ready(self) -> None:
        from . import security  # noqa: F401  (connects the security log's receivers)
