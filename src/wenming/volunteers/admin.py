"""后台维护 of the volunteer service. Whole ID and phone numbers are never shown here: the admin
shows them masked and cannot edit them (registration and the import validate them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin import AuditedAdminMixin
from wenming.privacy import mask_id_number, mask_phone
from wenming.volunteers.models import (
    Activity,
    Certificate,
    Demand,
    Equipment,
    PracticeSite,
    Project,
    RegionPopulation,
    ServiceOffer,
    SiteReviewItem,
    Team,
    Volunteer,
)


@admin.register(PracticeSite)
class PracticeSiteAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "level", "region", "stars", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("region", "unit")
    exclude = ("manager_phone",)


@admin.register(SiteReviewItem)
class SiteReviewItemAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("text", "points", "position", "is_active")


@admin.register(RegionPopulation)
class RegionPopulationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("region", "year", "population")
    raw_id_fields = ("region",)


@admin.register(Team)
class TeamAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("region", "unit", "parent", "site")
    filter_horizontal = ("managers",)
    exclude = ("contact_phone",)


@admin.register(Volunteer)
class VolunteerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "masked_id", "masked_phone", "region", "registered_on", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("region",)
    fields = (
        "name",
        "masked_id",
        "masked_phone",
        "birth_date",
        "sex",
        "region",
        "skills",
        "political_status",
        "national_code",
        "registered_on",
        "consent_at",
        "consent_version",
        "is_active",
    )
    readonly_fields = (
        "masked_id",
        "masked_phone",
        "birth_date",
        "sex",
        "consent_at",
        "consent_version",
    )

    def has_add_permission(self, request):
        return False  # registration validates the ID number and records consent

    @admin.display(description=_("身份证号"))
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description=_("手机号"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Project)
class ProjectAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "team", "is_brand")
    raw_id_fields = ("team", "region")


@admin.register(Activity)
class ActivityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "team", "starts_at", "ends_at", "is_cancelled")
    raw_id_fields = ("team", "project", "region", "created_by")


@admin.register(Certificate)
class CertificateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "team", "total_hours", "issued_at")
    readonly_fields = [f.name for f in Certificate._meta.fields if f.name != "id"]
    exclude = ("content",)

    def has_add_permission(self, request):
        return False


@admin.register(Demand)
class DemandAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "category", "state", "region", "created")
    list_filter = ("state", "category")
    raw_id_fields = ("region", "handler_region", "station", "escalated_to", "team", "created_by")
    exclude = ("requester_phone",)


@admin.register(Equipment)
class EquipmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "team", "region", "quantity", "is_active")
    raw_id_fields = ("team", "region")


@admin.register(ServiceOffer)
class ServiceOfferAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "category", "team", "is_active")
    raw_id_fields = ("team", "region")
