"""The one error body of the API, below every app so that each app's api.py can use it.

Every error is ``{"detail": ...}``: a sentence from our handlers and services, or, for a
request ninja rejects before the endpoint runs (422), the list of what is wrong and where.
Endpoints with more to say (the allowed actions of a 409, the field at fault) subclass
``ErrorOut``.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class InputProblem(Schema):
    type: str
    loc: list[str | int]
    msg: str
    ctx: dict[str, Any] | None = None


class ErrorOut(Schema):
    detail: str | list[InputProblem]
