from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "wenming.welfare"
    verbose_name = _("民生台账")
