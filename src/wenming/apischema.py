"""Input types the API's schemas share, so the OpenAPI document says what the API accepts.

Ids are positive and fit the database's bigint; page numbers stop where an OFFSET would
overflow; numbers carry their column's range (from :mod:`wenming.numbers`) and are numbers in
the document, not "number or any string". A request the document calls valid is then
answered by the endpoint (2xx, or 404/409 about the objects it names), never refused as
malformed — the fuzz test checks this with schemathesis's ``positive_data_acceptance``.
Below every app, like :mod:`wenming.errorbody`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.db import models
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from wenming.inputs import MAX_ID
from wenming.numbers import column_limits
from wenming.uploads import KINDS

Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Text that must say something: at least one character that is neither white space (Python's
# idea of it, which adds the separators \x1c–\x1f) nor an invisible direction control, which
# names and titles drop (wenming.inputs).
NOT_BLANK = "[^\\s\\x00\\x1c-\\x1f\\x85\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]"

# An OFFSET of (page - 1) × page size must stay within 64 bits on every database; no list has
# a billion pages.
MAX_PAGE = 10**9


class Pages(PageNumberPagination):
    """Page-number pagination whose page numbers the document bounds."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)


def _plain(bound: Decimal) -> int | float:
    return int(bound) if bound == bound.to_integral_value() else float(bound)


def _blank_is_none(value: Any) -> Any:
    # A form field left empty (or sent as JSON's null spelled out) means "not given".
    if isinstance(value, str) and value.strip().lower() in ("", "null"):
        return None
    return value


def column_number(
    model: type[models.Model],
    field_name: str,
    *,
    minimum=None,
    maximum=None,
    form: bool = False,
    nullable: bool = True,
    checked: bool = False,
) -> Any:
    """``Decimal | None`` (``Decimal`` with ``nullable=False``) limited to what the column holds (narrowed by ``minimum``/``maximum``),
    documented as a number with that range. ``form=True`` for multipart fields, where an empty
    value or "null" means none was given."""
    low, high, places = column_limits(model._meta.get_field(field_name), minimum, maximum)
    if places:
        # The service rounds to the column's places (half up): anything below high + half a
        # step (9999.994 → 9999.99) still fits.
        below = high + Decimal(5).scaleb(-places - 1)
        schema = {"type": "number", "minimum": _plain(low), "exclusiveMaximum": _plain(below)}
        bounds = Field(ge=low, lt=below)
    else:
        schema = {"type": "number", "minimum": _plain(low), "maximum": _plain(high)}
        bounds = Field(ge=low, le=high)
    # The range is checked where the number is stored (numbers.clean_number, whose message
    # names the field and its limits in words: “纬度”必须在 -90 到 90 之间); the document states
    # it. ``checked=True`` checks it here too, for a service that stores the number as given.
    number = Annotated[Decimal, bounds] if checked else Decimal
    if not nullable:
        return Annotated[number, WithJsonSchema(schema)]
    optional = Annotated[number | None, WithJsonSchema({"anyOf": [schema, {"type": "null"}]})]
    if form:
        return Annotated[optional, BeforeValidator(_blank_is_none)]
    return optional


def _drop_nul(value: str) -> str:
    return value.replace("\x00", "")


# Free text: a NUL character means nothing in a name or a note and PostgreSQL cannot store it,
# so it is dropped rather than refused.
Text = Annotated[str, AfterValidator(_drop_nul)]


def upload_body(field: str, kinds) -> dict:
    """``openapi_extra`` declaring the file types a multipart upload accepts (checked by content,
    :mod:`wenming.uploads`), so a client knows them before being refused."""
    types = ", ".join(sorted(KINDS[kind].mime for kind in kinds))
    return {
        "requestBody": {
            "content": {"multipart/form-data": {"encoding": {field: {"contentType": types}}}}
        }
    }
