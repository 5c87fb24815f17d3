"""Report figures: each app states its own period figures; a report asks for them by key.

An app registers providers in a module named ``report_figures.py`` (found at first use, like
admin.py), so the report imports none of the apps whose figures it prints and an app built
later plugs in by adding that file::

    # wenming/volunteers/report_figures.py
    from wenming.figures import figure

    @figure("volunteers.hours", label="志愿服务时长", unit="小时", source="志愿服务记录")
    def hours(subject):
        found = _of(subject)   # the period's service figures in the subject's region
        return found.hours if found and found.services else None   # None: no records at all

A provider returns a number, or ``None`` when its source holds no data for the period: the
report then says so instead of printing 0. Below the domain apps: it knows regions' code prefixes and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from threading import Lock

from django.utils.module_loading import autodiscover_modules

from wenming.periods import Period
from wenming.regions.models import code_prefix

MODULE = "report_figures"


@dataclass(frozen=True)
class Subject:
    """Whose figures: one unit (``unit_id``; a territorial unit answers for its region's
    subtree, a department for its own work), or a whole region (``unit_id`` None: the
    coordinator's city-wide report)."""

    region_code: str
    period: Period
    unit_id: int | None = None
    territorial: bool = True

    @property
    def prefix(self) -> str:
        return code_prefix(self.region_code)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | Decimal | None  # None: the source holds no data for the period
    unit: str
    source: str
    period_label: str

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def text(self) -> str:
        """The value as printed: 551, 12.5; '' when there is no data."""
        if self.value is None:
            return ""
        if isinstance(self.value, Decimal):
            value = self.value.normalize()
            return f"{value:f}"
        return str(self.value)


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    unit: str
    source: str
    compute: Callable[[Subject], int | Decimal | None]
    order: int


_providers: dict[str, Provider] = {}
# Within one compute() call, providers of one app may share a query (see shared()).
_shared: ContextVar[dict | None] = ContextVar("wenming_figures_shared", default=None)
_discovered = False
_lock = Lock()


def figure(key: str, *, label: str, unit: str = "", source: str) -> Callable:
    """Register ``fn(subject) -> number | None`` as the figure ``key`` (app.name)."""

    def register(fn: Callable[[Subject], int | Decimal | None]):
        existing = _providers.get(key)
        if existing is not None and existing.compute.__qualname__ != fn.__qualname__:
            raise ValueError(f"report figure {key!r} is registered twice")
        _providers[key] = Provider(key, label, unit, source, fn, len(_providers))
        return fn

    return register


def providers() -> dict[str, Provider]:
    """Every registered provider, after importing each installed app's report_figures."""
    global _discovered
    if not _discovered:
        with _lock:
            if not _discovered:
                autodiscover_modules(MODULE)
                _discovered = True
    return dict(_providers)


def shared(key, fn: Callable[[], object]):
    """``fn()`` computed once per compute() call and ``key`` (e.g. the app and the subject):
    several figures of one app read one query. Outside compute() it is simply called."""
    memo = _shared.get()
    if memo is None:
        return fn()
    if key not in memo:
        memo[key] = fn()
    return memo[key]


def compute(subject: Subject, keys: Iterable[str] | None = None) -> dict[str, Figure]:
    """The figures ``keys`` (all when None) for ``subject``; an unknown key is left out (the
    app that would provide it is not installed), so a report names it as having no source."""
    available = providers()
    wanted = list(available) if keys is None else [k for k in keys if k in available]
    figures = {}
    token = _shared.set({})
    try:
        for key in wanted:
            figures[key] = _figure(available[key], subject)
    finally:
        _shared.reset(token)
    return figures


def _figure(provider: Provider, subject: Subject) -> Figure:
    return Figure(
        key=provider.key,
        label=str(provider.label),
        value=provider.compute(subject),
        unit=str(provider.unit),
        source=str(provider.source),
        period_label=subject.period.label,
    )
