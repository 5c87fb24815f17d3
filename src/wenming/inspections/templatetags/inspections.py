from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points(value) -> str:
    """Deduction points without trailing zeros: 0.5, 1, 0.25."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
