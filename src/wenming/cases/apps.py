from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "wenming.cases"
    verbose_name = _("问题整改")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from wenming.cases import dispatch
        from wenming.cases.models import DispatchRule
        from wenming.regions.models import Unit

        def rules_changed(**_signal):
            # Now, and once the change is committed (a read in between would keep the old rows).
            dispatch.forget_rules()
            transaction.on_commit(dispatch.forget_rules)

        for model in (DispatchRule, Unit):
            post_save.connect(rules_changed, sender=model, weak=False)
            post_delete.connect(rules_changed, sender=model, weak=False)
