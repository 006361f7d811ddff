from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "scrutiny.api"
    label = "api"
    verbose_name = "REST API"
