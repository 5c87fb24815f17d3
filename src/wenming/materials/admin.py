from django.contrib import admin

from wenming.accounts.admin import AuditedAdminMixin
from wenming.materials.models import Submission, SubmissionEvent, SubmissionFile


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    extra = 0
    readonly_fields = ["name", "kind", "size", "uploaded_by", "uploaded_at"]
    fields = readonly_fields
    can_delete = False


class SubmissionEventInline(admin.TabularInline):
    """Events are immutable: shown, never edited."""

    model = SubmissionEvent
    extra = 0
    readonly_fields = ["at", "actor", "action", "from_status", "to_status", "grade", "note"]
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: state changes go through the review pages so that every step is an event; a
    submission with events (every one has) is never deleted, which would erase its history."""

    kept_if_related = ("events",)

    list_display = ["task", "unit", "status", "grade", "updated"]
    list_filter = ["status", "grade"]
    search_fields = ["unit__name", "task__title", "task__indicator__code"]
    inlines = [SubmissionFileInline, SubmissionEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
