"""WGS-84 positions: the model fields that hold them and the distances between them.

Below every app (like sheets.py and uploads.py): cases, inspections and their photos all
store a position the same way and measure the same great-circle distance.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1, lon1, lat2, lon2) -> float | None:
    """Great-circle distance in metres; None when either position is missing."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bounding_box(lat, lon, radius_m: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(min_lat, max_lat, min_lon, max_lon) around a point, for an indexed pre-filter."""
    dlat = radius_m / 111_320
    dlon = radius_m / (111_320 * max(math.cos(math.radians(float(lat))), 0.01))
    q = Decimal("0.000001")
    return (
        Decimal(float(lat) - dlat).quantize(q),
        Decimal(float(lat) + dlat).quantize(q),
        Decimal(float(lon) - dlon).quantize(q),
        Decimal(float(lon) + dlon).quantize(q),
    )


def latitude_field() -> models.DecimalField:
    """A nullable latitude in degrees, six decimals (about 0.1 m)."""
    return models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)


def longitude_field() -> models.DecimalField:
    """A nullable longitude in degrees, six decimals."""
    return models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)


def position_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Database checks for a model with latitude/longitude fields: in range, both or neither."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_in_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_in_range",
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_position_whole_or_absent",
        ),
    ]
