from django.contrib import admin

from wenming.documents.models import DocumentSequence


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(admin.ModelAdmin):
    list_display = ("prefix", "year", "last_number")
    list_filter = ("year",)
    search_fields = ("prefix",)
