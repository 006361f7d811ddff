from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "scrutiny.responses"
    label = "responses"
    verbose_name = "Section 55 responses"
