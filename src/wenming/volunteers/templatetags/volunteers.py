"""Template filters that show personal numbers only masked (wenming.privacy)."""

from decimal import Decimal

from django import template

from wenming.privacy import mask_id_number, mask_name, mask_phone

register = template.Library()

register.filter("mask_phone", mask_phone)
register.filter("mask_id", mask_id_number)
register.filter("mask_name", mask_name)


@register.filter
def hours(value) -> str:
    """12.50 → 12.5, 3.00 → 3."""
    if value in (None, ""):
        return "0"
    return format(Decimal(str(value)).normalize(), "f")


@register.filter
def stars(value) -> str:
    return "★" * int(value or 0) + "☆" * (5 - int(value or 0)) if value else "—"


@register.filter
def get_label(labels, key):
    return labels.get(key, key)
