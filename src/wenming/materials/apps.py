from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "wenming.materials"
    label = "materials"
    verbose_name = _("网上资料申报")
