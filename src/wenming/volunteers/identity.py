"""The keyed hash an ID number is found by (duplicates, the import), so the lookup never needs
the number in a query or an index in clear. Keyed with its own secret, ``VOLUNTEER_ID_KEY``
(not SECRET_KEY, whose rotation would silently stop duplicates being found): a copy of the
table alone does not let anyone test guesses. ``wenming rehash_volunteer_ids`` recomputes every
hash after the key changes."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from wenming.volunteers.models import Volunteer

SALT = "wenming.volunteers.id_number"


def id_key(number: str, *, secret: str | None = None) -> str:
    """64 hex characters for a validated 18-character ID number (upper-case X)."""
    key = secret if secret is not None else settings.VOLUNTEER_ID_KEY
    return salted_hmac(SALT, number, secret=key, algorithm="sha256").hexdigest()


def id_keys(numbers: Iterable[str]) -> list[str]:
    """id_key of each number, the keyed hash set up once (an import hashes 100,000)."""
    keyed = salted_hmac(SALT, "", secret=settings.VOLUNTEER_ID_KEY, algorithm="sha256")
    keys = []
    for number in numbers:
        digest = keyed.copy()
        digest.update(number.encode())
        keys.append(digest.hexdigest())
    return keys


def rehash(model=None, *, batch: int = 2000) -> int:
    """Recompute every volunteer's ``id_key`` with the current key; returns how many changed.
    ``model`` is the Volunteer model (a migration passes its historical one)."""
    model = model or Volunteer
    changed = 0
    last = 0
    with transaction.atomic():
        while True:
            rows = list(
                model.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "id_number", "id_key")[:batch]
            )
            if not rows:
                return changed
            last = rows[-1][0]
            fresh = [(pk, id_key(number), key) for pk, number, key in rows]
            stale = [model(pk=pk, id_key=new) for pk, new, old in fresh if new != old]
            model.objects.bulk_update(stale, ["id_key"])
            changed += len(stale)
