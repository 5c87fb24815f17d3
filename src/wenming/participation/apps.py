from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "wenming.participation"
    label = "participation"
    verbose_name = _("群众参与")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from wenming.cases import registry
        from wenming.participation import selectors
        from wenming.participation.models import Service
        from wenming.participation.notices import on_case_transition

        registry.register_transition_listener(on_case_transition)

        def services_changed(**_signal):
            # Now, and once the change is committed (a read in between would keep the old rows).
            selectors.forget_services()
            transaction.on_commit(selectors.forget_services)

        post_save.connect(services_changed, sender=Service, weak=False)
        post_delete.connect(services_changed, sender=Service, weak=False)
