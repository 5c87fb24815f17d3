from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin import AuditedAdminMixin
from wenming.regions.models import Membership, Region, Unit

admin.site.site_header = _("文明创建管理平台 · 后台")
admin.site.site_title = _("文明创建管理平台")
admin.site.index_title = _("数据维护")


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "urban_rural", "parent")
    list_filter = ("level", "urban_rural")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "region", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "region__code", "region__name")
    raw_id_fields = ("region", "parent")


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = True
    raw_id_fields = ("unit",)
    extra = 0
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = (
        "username",
        "first_name",
        "membership_unit",
        "membership_role",
        "is_active",
        "last_login",
    )
    list_select_related = ("membership__unit",)
    search_fields = ("username", "first_name", "membership__unit__name")

    @admin.display(description=_("单位"))
    def membership_unit(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.unit if membership else "—"

    @admin.display(description=_("角色"))
    def membership_role(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "—"


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "unit__name")
    raw_id_fields = ("user", "unit")
