from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _checklist_categories():
    from wenming.inspections.models import ChecklistItem  # noqa: PLC0415  (models load after apps)

    return (
        ChecklistItem.objects.filter(is_active=True).order_by().values_list("category", flat=True)
    )


class InspectionsConfig(AppConfig):
    name = "wenming.inspections"
    verbose_name = _("督查检查")

    def ready(self):
        # cases never imports inspections: it asks through the lookups registered here.
        from wenming.cases import registry  # noqa: PLC0415  (apps are ready only now)
        from wenming.cases.selectors import kept_categories  # noqa: PLC0415
        from wenming.inspections.models import ChecklistItem  # noqa: PLC0415
        from wenming.inspections.selectors import get_site_for  # noqa: PLC0415

        registry.register_category_source(_checklist_categories)
        kept_categories.forget_when_saved(ChecklistItem)
        registry.register_site_lookup(get_site_for)
