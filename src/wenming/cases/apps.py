from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "wenming.cases"
    verbose_name = _("问题整改")

    def ready(self):
        # These import models, which load only after the apps: hence here, not at the top.
        from wenming.cases import dispatch, rows, selectors
        from wenming.cases.models import DeadlineRule, DispatchRule, ReplyTemplate
        from wenming.regions.models import Region, Unit

        dispatch.kept_rules.forget_when_saved(DispatchRule, Unit)
        selectors.kept_categories.forget_when_saved(DeadlineRule, DispatchRule, ReplyTemplate)
        rows.kept_region_options.forget_when_saved(Region)
