from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "scrutiny.tracking"
    label = "tracking"
    verbose_name = "Tracking"
