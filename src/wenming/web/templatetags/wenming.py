from django import template

from wenming.regions.services import mask_phone as _mask_phone

register = template.Library()


@register.filter
def mask_phone(value: str) -> str:
    """138****5678 — phone numbers are never shown whole."""
    return _mask_phone(value or "")
