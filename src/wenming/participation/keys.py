"""Open311 clients' keys: made (shown once, stored hashed), revoked, and checked on every request
with its per-minute limit, either at once (open311_key_for) or, for a key this process already
knows, in the round trip that writes the report (known_open311_key, request_check)."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming import throttle
from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.inputs import clean_name
from wenming.participation import codes, conf
from wenming.participation.errors import Forbidden, ParticipationError, too_many
from wenming.participation.models import Open311Key


def create_open311_key(*, actor, name: str) -> tuple[Open311Key, str]:
    """A new key for an Open311 client; the key itself is returned once and stored hashed."""
    name = clean_name(name)[:100]
    if not name:
        raise ParticipationError(_("请填写密钥名称（使用方）。"), field="name")
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        key = Open311Key.objects.create(name=name, prefix=raw[:8], key_hash=codes.digest(raw))
        record(actor=actor, action=AuditAction.CREATE, obj=key, summary=f"新建 Open311 密钥 {name}")
    return key, raw


def revoke_open311_key(*, actor, key_id: int) -> Open311Key:
    with transaction.atomic():
        key = Open311Key.objects.select_for_update().get(pk=key_id)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=key,
                summary=f"吊销 Open311 密钥 {key.name}",
            )
    return key


_KEY_QUERY = (
    "SELECT id, name, (last_used_at IS NULL OR last_used_at < %s) FROM participation_open311key"
    " WHERE key_hash = %s AND revoked_at IS NULL"
)
_ACTIVE_KEY = "SELECT 1 FROM participation_open311key WHERE id = %s AND revoked_at IS NULL"

# The keys this process has found, by digest: (id, name). Neither changes for a digest (a key is
# only ever revoked, and its reports keep it from deletion), so keeping them is safe; whether a
# key is still active is asked of the database on every request all the same.
_known_keys: dict[str, tuple[int, str]] = {}
KNOWN_KEYS_MAX = 1000
_use_noted: dict[int, float] = {}  # key id → when this process last noted its use (monotonic)
USE_NOTED_SECONDS = 60


def _key(pk: int, name: str, digest: str) -> Open311Key:
    return Open311Key.from_db(DEFAULT_DB_ALIAS, ["id", "name", "key_hash"], [pk, name, digest])


def request_check(api_key: Open311Key) -> throttle.CountIf:
    """What a request with ``api_key`` must pass: the key still active, within its limit."""
    return throttle.CountIf(
        query=_ACTIVE_KEY,
        params=[api_key.pk],
        scope="open311-key",
        key=api_key.key_hash,
        limit=conf.open311_per_key_minute(),
        missing=invalid_key,
    )


def invalid_key() -> Forbidden:
    return Forbidden(_("api_key 缺失或无效。"), field="api_key")


def known_open311_key(raw: str | None) -> Open311Key | None:
    """The key ``raw`` stood for when this process last found it (open311_key_for), without
    asking the database; None when this process has not found it. Not checked: a report made
    with it (submit_report, key_checked=False) checks that it is still active and counts it
    against its limit in the round trip that writes the report."""
    digest = codes.digest(str(raw)) if raw else ""
    found = _known_keys.get(digest)
    return _key(*found, digest) if found else None


def note_use(key: Open311Key) -> None:
    """The key's last use, noted at most once a minute by this process (a minute is its
    precision: open311_key_for notes it when it is a minute old)."""
    now = time.monotonic()
    if now - _use_noted.get(key.pk, -USE_NOTED_SECONDS) < USE_NOTED_SECONDS:
        return
    _use_noted[key.pk] = now
    moment = timezone.now()
    Open311Key.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=moment - timedelta(minutes=1)),
        pk=key.pk,
    ).update(last_used_at=moment)


def open311_key_for(raw: str | None) -> Open311Key | None:
    """The active key ``raw`` stands for (None when missing, unknown or revoked), with this
    request counted against the key's per-minute limit (TooManyRequests once it is passed);
    notes its use. Looked up in the database: a revoked key is refused at once by every
    process. The lookup and the count are one round trip (throttle.allow_if)."""
    if not raw:
        return None
    now = timezone.now()
    digest = codes.digest(str(raw))
    rows, allowed = throttle.allow_if(
        _KEY_QUERY,
        [now - timedelta(minutes=1), digest],
        "open311-key",
        digest,
        limit=conf.open311_per_key_minute(),
    )
    if not rows:
        return None
    if not allowed:
        raise too_many()
    pk, name, stale = rows[0]
    if stale:
        Open311Key.objects.filter(pk=pk).update(last_used_at=now)
    _use_noted[pk] = time.monotonic()
    if len(_known_keys) >= KNOWN_KEYS_MAX:
        _known_keys.clear()
    _known_keys[digest] = (pk, name)
    return _key(pk, name, digest)
