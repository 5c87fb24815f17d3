"""Stored files (photos, material attachments): random names, served only after a scope check.

Nothing under MEDIA_ROOT is reachable by its path. Every file is stored under a name nobody can
guess (:func:`random_name`, used by the models' ``upload_to``), and handed out only by a view
that first fetches the owning object through its app's scoped selector (404 outside the scope,
login required) and then calls :func:`file_response`. How the bytes travel is a deployment
choice, ``WENMING_MEDIA_ACCEL``:

- ``""`` (default): Django streams the file itself (FileResponse);
- ``"nginx"``: the response carries ``X-Accel-Redirect: <WENMING_MEDIA_ACCEL_PREFIX><name>`` and
  nginx sends the file from an ``internal`` location (README, production);
- ``"sendfile"``: ``X-Sendfile: <absolute path>`` for Apache mod_xsendfile or lighttpd.
"""

from __future__ import annotations

import mimetypes
import re
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

ACCEL_MODES = ("", "nginx", "sendfile")
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$")


def random_name(folder: str, filename: str) -> str:
    """``folder/<22 random characters><ext>``: the extension of ``filename`` (already checked by
    content in wenming.uploads) is kept so that types stay obvious; the rest never comes from
    the user or from anything guessable (ids, times, counters)."""
    match = _EXTENSION.search((filename or "").lower())
    return f"{folder}/{secrets.token_urlsafe(16)}{match.group(0) if match else ''}"


def file_response(
    file: FieldFile,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    as_attachment: bool = False,
) -> HttpResponse:
    """The stored file as a response, after the caller has checked the actor may see its owner."""
    mode = getattr(settings, "WENMING_MEDIA_ACCEL", "")
    if mode not in ACCEL_MODES:
        raise ImproperlyConfigured(f"WENMING_MEDIA_ACCEL={mode!r}: use one of {ACCEL_MODES}")
    content_type = content_type or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if mode == "":
        response = FileResponse(
            file.open("rb"),
            content_type=content_type,
            as_attachment=as_attachment,
            filename=filename or "",
        )
    else:
        response = HttpResponse(content_type=content_type)
        if mode == "nginx":
            response["X-Accel-Redirect"] = settings.WENMING_MEDIA_ACCEL_PREFIX + quote(file.name)
        else:
            response["X-Sendfile"] = file.path
        if as_attachment or filename:
            response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    # Private to the person allowed to see it: shared caches must not keep a copy.
    response["Cache-Control"] = "private, max-age=3600"
    return response
