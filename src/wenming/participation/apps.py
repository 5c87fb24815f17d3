from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "wenming.participation"
    label = "participation"
    verbose_name = _("群众参与")

    def ready(self):
        # These import models, which load only after the apps: hence here, not at the top.
        from wenming.cases import registry
        from wenming.participation import selectors
        from wenming.participation.models import Service
        from wenming.participation.notices import on_case_transition

        registry.register_transition_listener(on_case_transition)
        selectors.kept_services.forget_when_saved(Service)
