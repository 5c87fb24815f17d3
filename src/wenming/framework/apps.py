from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "wenming.framework"
    verbose_name = _("测评体系与任务清单")
