from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin import AuditedAdminMixin
from wenming.participation.keys import revoke_open311_key
from wenming.participation.models import CitizenReport, Open311Key, PhoneCode, Rating, Service
from wenming.privacy import mask_phone


@admin.register(Service)
class ServiceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "category", "group", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("code", "name", "category")


@admin.register(Open311Key)
class Open311KeyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Keys are made with ``wenming open311-key NAME`` (shown once); here they are revoked."""

    list_display = ("name", "prefix", "created", "last_used_at", "revoked_at")
    readonly_fields = ("name", "prefix", "key_hash", "created", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="吊销所选密钥")
    def revoke(self, request, queryset):
        for key in queryset:
            revoke_open311_key(actor=request.user, key_id=key.pk)


@admin.register(CitizenReport)
class CitizenReportAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("tracking_code", "case", "service", "channel", "is_follower", "created")
    list_filter = ("channel", "is_follower")
    search_fields = ("tracking_code",)
    raw_id_fields = ("case",)
    readonly_fields = ("tracking_code", "token", "case", "api_key", "created")


@admin.register(Rating)
class RatingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("report", "score", "review", "created")
    list_filter = ("score", "review")
    raw_id_fields = ("report", "answered_by")


@admin.register(PhoneCode)
class PhoneCodeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("masked_phone", "created", "expires_at", "attempts", "used_at")
    fields = readonly_fields = ("masked_phone", "created", "expires_at", "attempts", "used_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("手机号"))
    def masked_phone(self, code):
        return mask_phone(code.phone)
