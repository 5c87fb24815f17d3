from django import template
from django.conf import settings
from django.utils.html import json_script

from wenming.regions.services import mask_phone as _mask_phone

register = template.Library()


@register.filter
def mask_phone(value: str) -> str:
    """138****5678 — phone numbers are never shown whole."""
    return _mask_phone(value or "")


@register.simple_tag
def map_config():
    """The JSON the shared map script (web/map.js) reads: tiles from settings, or none."""
    return json_script(
        {
            "tiles": settings.WENMING_MAP_TILES,
            "subdomains": settings.WENMING_MAP_SUBDOMAINS,
            "attribution": settings.WENMING_MAP_ATTRIBUTION,
            "maxZoom": settings.WENMING_MAP_MAX_ZOOM,
        },
        "map-config",
    )


@register.simple_tag
def map_has_tiles() -> bool:
    return bool(settings.WENMING_MAP_TILES)


@register.simple_tag(takes_context=True)
def area_usable(context, slug: str) -> bool:
    """Whether the menu offers the user the area ``slug``: a page of one app links to another
    app's area only then, so the link never answers 403 (the menu's list, already built)."""
    return any(area.slug == slug for area in context.get("nav_areas") or ())
