"""Reference rows a process keeps a while: read on every request, edited seldom.

``Kept(load, seconds=60)`` holds what ``load(*key)`` returned, per key, for that many seconds
(cachetools' TTLCache keeps the time and drops what expired); ``get(*key, load=f)`` calls ``f()``
instead when the value needs what the key does not hold (a query set behind a plain key).
``forget()`` empties this process's copy; ``forget_when_saved(*models)`` does so whenever a row
of those models is saved or deleted (called from an app's ``ready``), so the process that made
the change reads it at once and the other processes within ``seconds``. ``forget_all()`` empties every one (tests, between two tests
whose rows were rolled back).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from cachetools import TTLCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

_every: list[Kept] = []


class Kept:
    def __init__(self, load: Callable[..., Any] | None = None, *, seconds: float, size: int = 16):
        self._load = load
        self._held: TTLCache = TTLCache(maxsize=size, ttl=seconds)
        self._lock = threading.Lock()  # TTLCache is not thread-safe; the load runs outside it
        _every.append(self)

    def get(self, *key, load: Callable[[], Any] | None = None):
        with self._lock:
            found = self._held.get(key, _MISSING)
        if found is not _MISSING:
            return found
        value = load() if load is not None else self._load(*key)
        with self._lock:
            self._held[key] = value
        return value

    def forget(self, **_signal) -> None:
        with self._lock:
            self._held.clear()

    def forget_when_saved(self, *models) -> None:
        def changed(**_signal):
            # Now, and once the change is committed (a read in between would keep the old rows).
            self.forget()
            transaction.on_commit(self.forget)

        for model in models:
            post_save.connect(changed, sender=model, weak=False)
            post_delete.connect(changed, sender=model, weak=False)


_MISSING = object()


def forget_all() -> None:
    for kept in _every:
        kept.forget()
