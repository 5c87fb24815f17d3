"""A file download with its Chinese name: Content-Disposition per RFC 6266 / RFC 5987.

Browsers take the UTF-8 ``filename*`` (整改通知书 淮创城整〔2026〕15号.docx); the plain
``filename`` is an ASCII fallback for old clients and tools.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters Windows and macOS refuse in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def content_disposition(filename: str, *, fallback: str) -> str:
    """``attachment; filename="fallback"; filename*=UTF-8''<percent-encoded name>``."""
    name = _UNSAFE.sub("_", filename).strip() or fallback
    ascii_name = _UNSAFE.sub("_", fallback).encode("ascii", "replace").decode("ascii")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(data: bytes, *, content_type: str, filename: str, fallback: str) -> HttpResponse:
    """An HttpResponse that downloads ``data`` as ``filename`` (Chinese allowed)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback)
    return response
