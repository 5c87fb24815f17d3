from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wenming.api"
    verbose_name = "API"
