from django.contrib import admin

from wenming.accounts.admin import AuditedAdminMixin, ReadOnlyAdmin
from wenming.inspections.models import (
    ChecklistItem,
    Finding,
    Inspection,
    Round,
    RoundSite,
    Site,
    SiteType,
)


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    raw_id_fields = ("indicator",)
    fields = (
        "position",
        "text",
        "category",
        "points",
        "severity",
        "deadline_days",
        "indicator",
        "is_active",
    )


@admin.register(SiteType)
class SiteTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "position", "is_active")
    inlines = [ChecklistItemInline]


@admin.register(Site)
class SiteAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "site_type", "region", "unit", "latitude", "longitude", "is_active")
    list_filter = ("site_type", "is_active")
    search_fields = ("name", "address", "region__code", "region__name")
    raw_id_fields = ("region", "unit")


class RoundSiteInline(admin.TabularInline):
    model = RoundSite
    extra = 0
    raw_id_fields = ("site",)


@admin.register(Round)
class RoundAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "period_start", "period_end", "status", "published_at")
    list_filter = ("kind", "status")
    filter_horizontal = ("inspectors",)
    inlines = [RoundSiteInline]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    """Visits are evidence: read-only here (they are recorded on the inspector's phone page)."""

    list_display = ("site", "round", "inspector", "visited_at")
    list_filter = ("round",)
    raw_id_fields = ("round", "site", "region", "unit", "inspector")


@admin.register(Finding)
class FindingAdmin(InspectionAdmin):
    list_display = ("description", "category", "severity", "region", "unit")
    list_filter = ("severity", "category")
    raw_id_fields = ("inspection", "item", "indicator", "region", "unit")
