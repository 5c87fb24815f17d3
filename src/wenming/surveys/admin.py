from django.contrib import admin

from wenming.accounts.admin import AuditedAdminMixin
from wenming.surveys.models import Option, Question, Survey


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Survey)
class SurveyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Edits are audited; a survey with answers is closed on its page, never deleted."""

    kept_if_related = ("responses",)
    list_display = ["title", "status", "region", "unit", "created"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(Question)
class QuestionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Edits are audited; a question with answers cannot be deleted."""

    kept_if_related = ("answers",)
    list_display = ["survey", "position", "kind", "text", "indicator"]
    list_filter = ["kind"]
    inlines = [OptionInline]
