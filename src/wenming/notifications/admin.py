from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin import AuditedAdminMixin
from wenming.notifications.models import Message
from wenming.privacy import mask_phone


@admin.register(Message)
class MessageAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The outbox: what was sent to whom, when, through which channel, and why not yet."""

    list_display = (
        "title",
        "kind",
        "to",
        "backend",
        "created",
        "sent_at",
        "attempts",
        "last_error",
    )
    list_filter = ("kind", "backend", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("title",)
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("接收人"))
    def to(self, message):
        return message.recipient or mask_phone(message.phone)
