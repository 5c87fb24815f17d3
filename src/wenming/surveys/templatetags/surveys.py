from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.75 → 75.0%; no value → —."""
    return "—" if value is None else f"{value * 100:.1f}%"
