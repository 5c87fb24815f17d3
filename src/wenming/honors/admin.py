"""Back office: the selection rules users tune (vote/score, quorum, threshold, 公示 days);
nominations, their events and honours read-only (they change only through the services)."""

from django.contrib import admin

from wenming.accounts.admin import AuditedAdminMixin, ReadOnlyAdmin
from wenming.honors.models import Honor, Nomination, NominationEvent, SelectionRule


@admin.register(SelectionRule)
class SelectionRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("level", "method", "quorum", "threshold", "publicity_days")


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("person", "category", "level", "state", "created")
    list_filter = ("state", "level", "category")
    exclude = ("nominator_phone",)  # personal data: shown masked on the nomination page only


@admin.register(NominationEvent)
class NominationEventAdmin(ReadOnlyAdmin):
    list_display = ("nomination", "action", "level", "from_state", "to_state", "actor_name", "at")


@admin.register(Honor)
class HonorAdmin(ReadOnlyAdmin):
    list_display = ("person", "title", "level", "conferred_on", "source")
    list_filter = ("level", "year")
