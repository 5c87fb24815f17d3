from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "wenming.regions"
    verbose_name = _("行政区划与责任单位")

    def ready(self):
        from wenming.regions.models import Region  # noqa: PLC0415  (models load after apps)
        from wenming.regions.selectors import kept_region_rows  # noqa: PLC0415

        kept_region_rows.forget_when_saved(Region)
