"""What users send, parsed without surprises: ids from query strings and forms, and names and
titles cleaned of invisible direction controls. Below every app; pages, API and services use it.

``str.isdigit`` accepts '²' and '٣', which ``int`` then refuses or reads as another number, and
a 20-digit id overflows the database's integer: :func:`parse_id` answers None for all of them,
so a bad filter is ignored or a 404, never a 500.
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1  # the database's bigint; a larger id is "no such object", not an error
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")

# Bidirectional controls (U+202A–202E embeddings and overrides, U+2066–2069 isolates,
# U+200E/200F marks, U+061C Arabic letter mark): invisible, they reorder how a name displays
# ("报告" can be made to read backwards, a file name's extension disguised).
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def parse_id(value) -> int | None:
    """A positive database id written in ASCII digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    text = str(value or "").strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_int(value, *, minimum: int, maximum: int) -> int | None:
    """An integer in [minimum, maximum] written in ASCII digits (optionally signed), else None."""
    text = str(value or "").strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,19}", text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return _BIDI_CONTROLS.sub("", text) if text else text


def clean_name(text: str | None) -> str:
    """A name or title as stored: no direction controls, no surrounding blanks."""
    return strip_bidi(str(text or "")).strip()
