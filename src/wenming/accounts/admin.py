from django.contrib import admin

from wenming.accounts.audit import record
from wenming.accounts.models import ApiToken, AuditAction, AuditEvent
from wenming.accounts.selectors import can_read_audit_log
from wenming.regions.permissions import MANAGE_SECURITY, can


class AuditedAdminMixin:
    """Admin pages that write an audit row for every create, change and delete.

    ``kept_if_related`` names related sets that are history (events, answers): an object
    with any row in them cannot be deleted here, only withdrawn through its own pages (the
    foreign keys PROTECT them as well, so a bulk delete is refused too).
    """

    kept_if_related: tuple[str, ...] = ()

    def has_history(self, obj) -> bool:
        return any(getattr(obj, name).exists() for name in self.kept_if_related)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.has_history(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {
            name: str(form.cleaned_data.get(name))
            for name in form.changed_data
            if name != "password"
        }
        record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            summary=f"后台{'修改' if change else '新增'}{obj._meta.verbose_name} {obj}",
            changes=changed,
        )

    def delete_model(self, request, obj):
        record(
            actor=request.user,
            action=AuditAction.DELETE,
            obj=obj,
            summary=f"后台删除{obj._meta.verbose_name} {obj}",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(
                actor=request.user,
                action=AuditAction.DELETE,
                obj=obj,
                summary=f"后台删除{obj._meta.verbose_name} {obj}",
            )
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(
                actor=request.user,
                action=AuditAction.CREATE,
                obj=obj,
                summary=f"后台新增{obj._meta.verbose_name} {obj}",
            )
        for obj, fields in formset.changed_objects:
            record(
                actor=request.user,
                action=AuditAction.UPDATE,
                obj=obj,
                summary=f"后台修改{obj._meta.verbose_name} {obj}",
                changes={"fields": list(fields)},
            )
        for obj in formset.deleted_objects:
            record(
                actor=request.user,
                action=AuditAction.DELETE,
                obj=obj,
                summary=f"后台删除{obj._meta.verbose_name} {obj}",
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through their own services (events, audit): look, never touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only, and only for the audit admin (三权分立): a superuser is not exempt."""

    list_display = ("at", "username", "action", "outcome", "summary", "ip", "channel")
    list_filter = ("action", "outcome", "channel")
    search_fields = ("username", "summary", "object_id")
    date_hierarchy = "at"
    actions = None

    def has_view_permission(self, request, obj=None):
        return can_read_audit_log(request.user)

    def has_module_permission(self, request):
        return can_read_audit_log(request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are the security admin's: each person sees and revokes their own on 账号安全."""

    list_display = ("user", "created", "expires", "last_used")
    readonly_fields = ("user", "digest", "created", "expires", "last_used")

    def has_view_permission(self, request, obj=None):
        return can(request.user, MANAGE_SECURITY)

    def has_module_permission(self, request):
        return can(request.user, MANAGE_SECURITY)
