"""The database's rate-limit counters (used when Redis is not configured or not reachable)."""

from __future__ import annotations

from django.db import models


class Window(models.Model):
    """Hits of one (scope, key) in one fixed window: ``id`` is a 64-bit hash of
    "scope:key:window" (an integer key keeps the index small), ``expires`` in Unix seconds."""

    id = models.BigIntegerField(primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField()

    class Meta:
        db_table = "throttle_window"
