"""Sites, rounds and visits for tests, made through the services where a rule applies."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import factory
from PIL import Image

from wenming.inspections import services
from wenming.inspections.defaults import install_default_site_types
from wenming.inspections.models import ChecklistItem, Outcome, RoundKind, Site, SiteType
from wenming.regions.models import Region


def site_type(code: str = "farmers-market") -> SiteType:
    """A default site type with its checklist (browser tests flush the migration's rows)."""
    if not SiteType.objects.filter(code=code).exists():
        install_default_site_types(SiteType, ChecklistItem)
    return SiteType.objects.get(code=code)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"测试点位{n}")
    site_type = factory.LazyFunction(site_type)
    region = factory.LazyFunction(lambda: Region.objects.get(code="340403001001"))
    address = "田东街道光明社区"
    latitude = Decimal("32.640000")
    longitude = Decimal("117.010000")


def make_round(actor, *, sites, inspectors=(), kind=RoundKind.OVERT, name="十一月第四周明查"):
    return services.create_round(
        actor=actor,
        name=name,
        kind=kind,
        period_start=date(2026, 11, 23),
        period_end=date(2026, 11, 29),
        inspectors=inspectors,
        sites=sites,
    )


def answers_for(site, *, fail=(), na=(), photos=None):
    """Every checklist item answered: pass unless its position is in ``fail`` or ``na`` (1-based)."""
    items = list(site.site_type.items.filter(is_active=True).order_by("position", "pk"))
    result = []
    for number, item in enumerate(items, start=1):
        outcome = (
            Outcome.FAIL
            if number in fail
            else Outcome.NOT_APPLICABLE
            if number in na
            else Outcome.PASS
        )
        result.append(
            services.ItemAnswer(
                item_id=item.pk, outcome=outcome, photos=(photos or {}).get(number, ())
            )
        )
    return result


def jpeg_bytes(*, size=(64, 48), color=(200, 30, 30), exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(
        buffer, format="JPEG", exif=exif if exif is not None else Image.Exif()
    )
    return buffer.getvalue()


def gps_exif(lat: float, lon: float) -> Image.Exif:
    """EXIF with a GPS position and a camera model (which must not survive the upload)."""
    exif = Image.Exif()
    exif[0x0110] = "TestCam 9000"  # Model

    def dms(value: float):
        degrees = int(value)
        minutes_float = (value - degrees) * 60
        minutes = int(minutes_float)
        seconds = round((minutes_float - minutes) * 60, 4)
        return (degrees, minutes, seconds)

    exif[0x8825] = {1: "N", 2: dms(lat), 3: "E", 4: dms(lon)}
    return exif
