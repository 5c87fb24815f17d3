from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wenming.accounts"
    verbose_name = _("账户与审计")

    def ready(self) -> None:
        from wenming.accounts import signals  # noqa: F401  (login audit receivers)
