"""Admin: the 四达标 thresholds are kept here (one row); the rest is read here and written
through the community pages."""

from django import forms
from django.contrib import admin

from wenming.accounts.admin import AuditedAdminMixin
from wenming.community.models import Community, Pairing, Plan, RoomFunction, Thresholds


class ThresholdsForm(forms.ModelForm):
    required_rooms = forms.MultipleChoiceField(
        label=Thresholds._meta.get_field("required_rooms").verbose_name,
        choices=RoomFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Thresholds
        fields = [
            "base_area_m2",
            "area_per_100_households",
            "required_rooms",
            "activities_per_month",
            "ledger_complete_percent",
            "weak_score_below",
        ]


@admin.register(Thresholds)
class ThresholdsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ThresholdsForm
    list_display = [
        "__str__",
        "base_area_m2",
        "area_per_100_households",
        "activities_per_month",
        "ledger_complete_percent",
        "weak_score_below",
    ]

    def has_add_permission(self, request):
        return not Thresholds.objects.exists() and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(Community)
class CommunityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "region", "households", "population", "weak_override"]
    search_fields = ["unit__name", "unit__short_name"]
    readonly_fields = ["unit", "region", "weak_set_by", "weak_set_at"]
    kept_if_related = ("ledger", "plans", "pairings")


@admin.register(Plan)
class PlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "community", "state", "start", "target"]
    list_filter = ["state"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Pairing)
class PairingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "start", "end"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
