"""What every write of a case records besides the case: its clock, its event row, its photos and
the unit's message. Shared by reporting (services) and the transitions (actions)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable

from django.core.files.base import File
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.cases.errors import CaseInputError
from wenming.cases.models import Case, CaseEvent, CasePhoto, PhotoKind
from wenming.geo import distance_m
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind
from wenming.numbers import clean_position

# The service clock. Only a history import (and the demo, which builds a month of history) sets it:
# every timestamp, deadline and event of the cases it writes is then taken at that moment.
_clock: ContextVar[datetime | None] = ContextVar("wenming_cases_clock", default=None)


def now() -> datetime:
    return _clock.get() or timezone.now()


@contextmanager
def recorded_at(moment: datetime):
    """Write cases as of ``moment`` (importing history from another system, the demo month)."""
    token = _clock.set(moment)
    try:
        yield
    finally:
        _clock.reset(token)


@dataclass(frozen=True)
class PhotoIn:
    """A photo to attach: an (already checked) file and the position it was taken at."""

    file: Any
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None


def actor_label(actor) -> tuple[str, str]:
    """The actor's name and unit as the timeline prints them (kept if the account goes)."""
    if actor is None:
        return "", ""
    membership = getattr(actor, "membership", None) if hasattr(actor, "membership") else None
    name = actor.get_full_name() or actor.get_username()
    return name, (membership.unit.short_name or membership.unit.name) if membership else ""


def photo_position(checked, latitude=None, longitude=None) -> tuple:
    """Which position a photo carries: its own GPS (EXIF: where the camera was when it was taken),
    else the position the device reported with the upload. Pages and API both ask here."""
    if checked.latitude is not None and checked.longitude is not None:
        return checked.latitude, checked.longitude
    return latitude, longitude


def _photo_in(item) -> PhotoIn:
    if isinstance(item, PhotoIn):
        return item
    # An inspection photo (or anything with a stored file and a position) is reused as is.
    file = getattr(item, "file", None)
    if isinstance(file, FieldFile):
        return PhotoIn(
            file=file,
            latitude=getattr(item, "latitude", None),
            longitude=getattr(item, "longitude", None),
        )
    return PhotoIn(file=item)


def save_photos(case: Case, event: CaseEvent, photos: Iterable, kind: str) -> list[CasePhoto]:
    """Attach ``photos`` to ``event``; an after-photo records its distance from the case."""
    saved = []
    for item in photos:
        photo_in = _photo_in(item)
        lat, lon = clean_position(
            CasePhoto, photo_in.latitude, photo_in.longitude, error=CaseInputError
        )
        photo = CasePhoto(case=case, event=event, kind=kind, latitude=lat, longitude=lon)
        if kind == PhotoKind.AFTER:
            meters = distance_m(case.latitude, case.longitude, lat, lon)
            photo.distance_m = round(meters) if meters is not None else None
        if isinstance(photo_in.file, FieldFile):
            photo.image.name = photo_in.file.name
        else:
            upload = photo_in.file if isinstance(photo_in.file, File) else File(photo_in.file)
            photo.image.save(upload.name.rsplit("/", 1)[-1] or "photo.jpg", upload, save=False)
        photo.save()
        saved.append(photo)
    return saved


def write_event(case: Case, **fields) -> CaseEvent:
    """The case's immutable timeline row for one step (the arguments of :func:`new_event`)."""
    event = new_event(case, **fields)
    event.save(force_insert=True)
    return event


def new_event(
    case: Case, *, actor, action: str, from_state: str, note: str = "", data: dict | None = None
) -> CaseEvent:
    """The timeline row :func:`write_event` writes, not yet saved."""
    name, unit = actor_label(actor)
    return CaseEvent(
        case=case,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=name,
        actor_unit=unit,
        at=now(),
        action=action,
        from_state=from_state,
        to_state=case.state,
        note=note,
        data=data or {},
    )


def notify(case: Case, action: str, note: str) -> None:
    """Tell the responsible unit, after commit: a new dispatch, or work sent back (返工)."""
    url = reverse("cases:case_detail", args=[case.pk])
    if action in ("accept", "dispatch"):
        notifications.notify_units(
            unit_ids=[case.unit_id],
            kind=MessageKind.DISPATCH,
            title=_("新交办：#%(id)d %(category)s") % {"id": case.pk, "category": case.category},
            body=case.description[:200],
            url=url,
        )
    elif action == "fail":
        notifications.notify_units(
            unit_ids=[case.unit_id],
            kind=MessageKind.REWORK,
            title=_("返工：#%(id)d %(category)s") % {"id": case.pk, "category": case.category},
            body=_("复核不通过：%(note)s") % {"note": note},
            url=url,
        )
