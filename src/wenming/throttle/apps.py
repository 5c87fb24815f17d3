from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThrottleConfig(AppConfig):
    name = "wenming.throttle"
    label = "throttle"
    verbose_name = _("访问频率限制")
