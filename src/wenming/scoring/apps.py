from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "wenming.scoring"
    verbose_name = _("考核通报")

    def ready(self) -> None:
        # Both import models, which load only after the apps: hence here, not at the top.
        from wenming.honors import flags
        from wenming.scoring.honor_flags import black_list_evidence

        # A 黑榜 placing puts the unit's 文明单位 title up for 复查 (honors sits below scoring).
        flags.register_source(black_list_evidence)
