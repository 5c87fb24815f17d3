from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "wenming.honors"
    verbose_name = _("好人评选")
