from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin import AuditedAdminMixin, ReadOnlyAdmin
from wenming.framework.figure_feed import figure_choices
from wenming.framework.models import (
    Framework,
    Indicator,
    MetricFeed,
    MetricFeedRun,
    MetricValue,
    Task,
)


@admin.register(Framework)
class FrameworkAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "purpose",
        "version",
        "status",
        "effective_from",
        "effective_to",
        "total_points",
    )
    list_filter = ("purpose", "status")
    search_fields = ("name",)
    raw_id_fields = ("previous",)


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "framework",
        "method",
        "points",
        "rule",
        "cadence",
        "lead_unit",
        "is_feature",
    )
    list_filter = ("framework", "method", "rule", "cadence", "is_feature")
    search_fields = ("code", "name", "description")
    raw_id_fields = ("framework", "parent", "lead_unit")
    filter_horizontal = ("co_units", "joint_lead_units")


@admin.register(Task)
class TaskAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "unit", "period_start", "due", "status", "progress", "is_lead")
    list_filter = ("status", "is_lead", "indicator__framework")
    search_fields = ("title", "unit__name", "unit__short_name")
    raw_id_fields = ("indicator", "unit", "region", "parent")
    list_select_related = ("unit",)


@admin.register(MetricValue)
class MetricValueAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("indicator", "unit", "period_start", "period_end", "value", "source")
    list_filter = ("indicator__framework",)
    search_fields = ("indicator__code", "indicator__name", "unit__name", "source")
    raw_id_fields = ("indicator", "unit", "region")


class MetricFeedAdminForm(forms.ModelForm):
    figure_key = forms.ChoiceField(label=_("台账数据"), choices=figure_choices)

    class Meta:
        model = MetricFeed
        fields = "__all__"


@admin.register(MetricFeed)
class MetricFeedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """自动取数 (also on the 指标数据 page): the figure key is one of wenming.figures' keys."""

    form = MetricFeedAdminForm
    list_display = ("indicator", "figure_key", "period_kind", "since", "is_active")
    list_filter = ("period_kind", "is_active", "indicator__framework")
    search_fields = ("indicator__code", "indicator__name", "figure_key")
    raw_id_fields = ("indicator", "created_by")


@admin.register(MetricFeedRun)
class MetricFeedRunAdmin(ReadOnlyAdmin):
    """A feed run is the job's own log: read, never edited or deleted by hand."""

    list_display = ("feed", "period_key", "ran_at", "recorded", "updated", "unchanged", "no_data")
    readonly_fields = (
        "feed",
        "period_key",
        "ran_at",
        "recorded",
        "updated",
        "unchanged",
        "no_data",
    )
