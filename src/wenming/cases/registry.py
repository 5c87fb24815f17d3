"""What cases needs to know from the apps above it, registered by them at AppConfig.ready().

cases sits below inspections (an inspection finding becomes a case), so it never imports it.
Where a case screen needs inspection data — the checklist's categories for the board's filter,
the site a reported case names — the inspections app registers a lookup here instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

# Each returns a flat values_list QuerySet of category names (they are UNIONed into one query).
_category_sources: list[Callable[[], QuerySet]] = []
_site_lookup: Callable[[Any, int], Any] | None = None
# Called after a transition commits, as listener(case_id, action, from_state, to_state): how an
# app above cases learns that a case moved (participation tells the citizen 已受理 / 已办结).
_transition_listeners: list[Callable[[int, str, str, str], None]] = []


def register_category_source(source: Callable[[], QuerySet]) -> None:
    """Add a source of configured case categories (idempotent)."""
    if source not in _category_sources:
        _category_sources.append(source)


def category_sources() -> list[QuerySet]:
    """The registered sources' querysets, ready to UNION."""
    return [source() for source in _category_sources]


def register_site_lookup(lookup: Callable[[Any, int], Any]) -> None:
    """Set how a case finds the site it names: ``lookup(actor, pk)``, 404 outside the actor's scope."""
    global _site_lookup
    _site_lookup = lookup


def site_for(actor, pk: int):
    """The site ``pk`` as the actor may see it (Http404 otherwise, or when no app provides sites)."""
    if _site_lookup is None:
        raise Http404
    return _site_lookup(actor, pk)


def register_transition_listener(listener: Callable[[int, str, str, str], None]) -> None:
    """Be told of every committed transition (idempotent)."""
    if listener not in _transition_listeners:
        _transition_listeners.append(listener)


def transition_listeners() -> list[Callable[[int, str, str, str], None]]:
    return list(_transition_listeners)
