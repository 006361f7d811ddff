from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "scrutiny.web"
    label = "web"
    verbose_name = "Scrutiny"
