from django.contrib import admin

from wenming.accounts.admin import AuditedAdminMixin
from wenming.documents.models import DocumentSequence


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Changing a number here decides the next document's number: audited."""

    list_display = ("prefix", "year", "last_number")
    list_filter = ("year",)
    search_fields = ("prefix",)
