"""Numbers users send, checked against the column they go into before anything is saved.

Every service that stores a number a person (or another system) typed calls
:func:`clean_number` with the model field: a ``DecimalField`` gives its ``max_digits`` and
``decimal_places``, an integer field the range the databases hold, and the field's own
``MinValueValidator``/``MaxValueValidator`` or the caller's ``minimum``/``maximum`` (positions,
percentages) narrow it. A bad value raises the caller's domain error (a 422 in the API, a form
error on the page) with a Chinese message naming the field, so nothing reaches the database
that could fail there or poison every list that later reads it.

    points = clean_number(Case, "points_at_risk", payload.points_at_risk, minimum=0,
                          error=CaseInputError)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

LATITUDE = (-90, 90)
LONGITUDE = (-180, 180)
_SHOWN = 24  # characters of a bad value repeated in the message


class NumberInvalid(ValueError):
    """A number that does not fit its column; ``message`` is shown to the user."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_number(
    model: type[models.Model],
    field_name: str,
    value,
    *,
    minimum=None,
    maximum=None,
    error: type[Exception] = NumberInvalid,
):
    """``value`` as the column's type (Decimal rounded to its places, or int); None stays None.

    Raises ``error(message)`` when it is not a number or does not fit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    field = model._meta.get_field(field_name)
    label = str(field.verbose_name)
    shown = str(value).strip()[:_SHOWN]
    number = _parse(value)
    if number is None:
        raise error(
            _("“%(field)s”必须是数字，收到“%(value)s”。") % {"field": label, "value": shown}
        )
    low, high, places = column_limits(field, minimum, maximum)
    if places == 0 and number != number.to_integral_value():
        raise error(
            _("“%(field)s”必须是整数，收到“%(value)s”。") % {"field": label, "value": shown}
        )
    # Far outside first (1e999999 cannot even be rounded), then the rounded value (9999.995
    # rounds up past 9999.99, 9999.994 down into it).
    if not low - 1 <= number <= high + 1:
        raise error(_out_of_range(label, shown, low, high))
    if places == 0:
        cleaned = int(number)
    else:
        cleaned = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not low <= cleaned <= high:
        raise error(_out_of_range(label, shown, low, high))
    return cleaned


def clean_position(
    model: type[models.Model],
    latitude,
    longitude,
    *,
    error: type[Exception] = NumberInvalid,
    fields: tuple[str, str] = ("latitude", "longitude"),
):
    """(latitude, longitude) checked against the model's columns and the globe's ranges."""
    return (
        clean_number(
            model, fields[0], latitude, minimum=LATITUDE[0], maximum=LATITUDE[1], error=error
        ),
        clean_number(
            model, fields[1], longitude, minimum=LONGITUDE[0], maximum=LONGITUDE[1], error=error
        ),
    )


def _parse(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def column_limits(field, minimum=None, maximum=None) -> tuple[Decimal, Decimal, int]:
    """(lowest, highest, decimal places) the column holds, narrowed by the field's validators
    and the caller's ``minimum``/``maximum``. The API's schemas declare the same range
    (:func:`wenming.apischema.column_number`)."""
    low, high, places = _limits(field)
    if minimum is not None:
        low = max(low, Decimal(str(minimum)))
    if maximum is not None:
        high = min(high, Decimal(str(maximum)))
    return low, high, places


def _limits(field) -> tuple[Decimal, Decimal, int]:
    """(lowest, highest, decimal places) the column holds, narrowed by the field's validators."""
    if isinstance(field, models.DecimalField):
        places = field.decimal_places
        # The largest value with max_digits digits, decimal_places of them after the point.
        high = Decimal(10) ** (field.max_digits - places) - Decimal(1).scaleb(-places)
        low = -high
    else:
        places = 0
        low, high = (
            Decimal(bound)
            for bound in BaseDatabaseOperations.integer_field_ranges.get(
                field.get_internal_type(),
                BaseDatabaseOperations.integer_field_ranges["BigIntegerField"],
            )
        )
    for validator in field.validators:
        if isinstance(validator, MinValueValidator) and not callable(validator.limit_value):
            low = max(low, Decimal(str(validator.limit_value)))
        elif isinstance(validator, MaxValueValidator) and not callable(validator.limit_value):
            high = min(high, Decimal(str(validator.limit_value)))
    return low, high, places


def _plain(bound: Decimal) -> str:
    return format(bound.normalize(), "f")


def _out_of_range(label: str, shown: str, low: Decimal, high: Decimal) -> str:
    return _("“%(field)s”必须在 %(low)s 到 %(high)s 之间，收到“%(value)s”。") % {
        "field": label,
        "low": _plain(low),
        "high": _plain(high),
        "value": shown,
    }
