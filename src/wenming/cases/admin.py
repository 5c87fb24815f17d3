"""Back office: the rules users tune (deadlines, dispatch, holidays, reply templates, what a
category asks); cases read-only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin import AuditedAdminMixin, ReadOnlyAdmin
from wenming.cases.models import (
    CalendarDay,
    Case,
    CaseCategory,
    CaseEvent,
    DeadlineRule,
    DispatchRule,
    EscalationStep,
    Notice,
    ReplyTemplate,
)
from wenming.cases.services.calendar import recompute_deadlines
from wenming.cases.transitions import ACTION_LABELS, ACTIONS


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("category", "severity", "hours", "working_days")
    list_filter = ("severity",)


@admin.register(CaseCategory)
class CaseCategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "after_photo_required")
    list_filter = ("after_photo_required",)
    search_fields = ("name",)


@admin.register(DispatchRule)
class DispatchRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("category", "region", "unit")
    search_fields = ("category", "region__name", "unit__name")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("region",)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Holidays and 调休 workdays one by one (or pasted as a notice on /cases/calendar/); each change
    recomputes the deadlines counted through its year, forward only."""

    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        recompute_deadlines(actor=request.user, year=obj.date.year)

    def delete_model(self, request, obj):
        year = obj.date.year
        super().delete_model(request, obj)
        recompute_deadlines(actor=request.user, year=year)

    def delete_queryset(self, request, queryset):
        years = {day.year for day in queryset.values_list("date", flat=True)}
        super().delete_queryset(request, queryset)
        for year in sorted(years):
            recompute_deadlines(actor=request.user, year=year)


class ReplyTemplateForm(forms.ModelForm):
    """The action a reply is for, chosen by its Chinese name (受理交办, 复核不通过…), not typed."""

    action = forms.ChoiceField(
        label=_("适用操作"),
        choices=[(key, ACTION_LABELS[key]) for key in ACTIONS if key in ACTION_LABELS],
    )

    class Meta:
        model = ReplyTemplate
        fields = ["category", "action", "title", "text", "position"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ReplyTemplateForm
    list_display = ("title", "action_label", "category", "position")
    list_filter = ("action", "category")
    search_fields = ("title", "text", "category")

    @admin.display(description=_("适用操作"), ordering="action")
    def action_label(self, template: ReplyTemplate) -> str:
        return str(ACTION_LABELS.get(template.action, template.action))


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("pk", "category", "severity", "state", "unit", "region", "due", "created")
    list_filter = ("state", "severity", "source")
    search_fields = ("category", "description")
    list_select_related = ("unit", "region")


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "action", "from_state", "to_state", "actor_name", "at")
    list_filter = ("action",)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "unit", "issued_at")
    list_filter = ("kind", "year")


@admin.register(EscalationStep)
class EscalationStepAdmin(ReadOnlyAdmin):
    list_display = ("job", "case", "step", "at")
    list_filter = ("job",)
