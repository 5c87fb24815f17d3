from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin import AuditedAdminMixin
from wenming.regions.models import Membership, Region, Role, Unit

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


# 三权分立: the system admin (文明办管理员) maintains people but neither grants the security and
# audit roles nor touches the accounts that hold them; a superuser (set up at installation)
# or the command line does.
SEPARATED_ROLES = (Role.SECURITY, Role.AUDITOR)


class SeparatedRolesMixin:
    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [c for c in Role.choices if c[0] not in SEPARATED_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class MembershipInline(SeparatedRolesMixin, admin.StackedInline):
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

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.exclude(membership__role__in=SEPARATED_ROLES).exclude(is_superuser=True)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + ("is_superuser", "groups", "user_permissions")

    def user_change_password(self, request, id, form_url=""):
        # Resetting a password is the security admin's (账号安全管理), never the system admin's.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.display(description=_("单位"))
    def membership_unit(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.unit if membership else "—"

    @admin.display(description=_("角色"))
    def membership_role(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "—"


@admin.register(Membership)
class MembershipAdmin(SeparatedRolesMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "unit", "role")

    def get_queryset(self, request):
        memberships = super().get_queryset(request)
        if request.user.is_superuser:
            return memberships
        return memberships.exclude(role__in=SEPARATED_ROLES)

    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "unit__name")
    raw_id_fields = ("user", "unit")
