"""A metric leaf (数据指标) fed from a register's figure (wenming.figures) instead of typed.

The coordinator configures once which leaf is fed from which figure (e.g. ``volunteers.share``
for 注册志愿者占比) and per which period (month, quarter, year): a :class:`MetricFeed`. After
each period ends, ``wenming tick`` queues the feeding (framework/tasks.py), which records the
figure of every unit answering for the leaf — computed as the work report computes it — through
``record_metric_value`` with its source and period as the value's 数据来源, so the assessment and
the report state one number. Re-run within the correction window, a changed figure updates the
value (audited as a change) and an unchanged one writes nothing; a figure whose source holds no
data for the period is skipped, never recorded as 0.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.figures import Figure, Subject, compute, providers
from wenming.framework import permissions, selectors
from wenming.framework.models import (
    FeedPeriod,
    Indicator,
    Method,
    MetricFeed,
    MetricFeedRun,
    MetricValue,
    Task,
)
from wenming.framework.services import MetricValueError, record_metric_value
from wenming.periods import Period, PeriodError, parse_period, period_containing
from wenming.regions.models import Unit

READY_HOUR = 1  # local hour of the day after a period ends from which it is fed (before 07:00's
# monthly assessment)
CORRECTION_PERIODS = 2  # the latest ended periods are read again: late records, corrections
REFRESH_HOURS = 20  # … at most this often
BACKLOG = 12  # at most this many ended periods after ``since`` are fed


def _subject(unit: Unit, period: Period) -> Subject:
    return Subject(
        region_code=unit.region_id,
        period=period,
        unit_id=unit.pk,
        territorial=unit.is_territorial,
    )


def _figure_of(unit: Unit, period: Period, figure_key: str) -> Figure | None:
    return compute(_subject(unit, period), [figure_key]).get(figure_key)


def _note(figure: Figure) -> str:
    return f"{figure.source} {figure.period_label}"[:200]


def feed_metric_from_figure(
    *, actor, indicator, unit: Unit, period_key: str, figure_key: str
) -> MetricValue:
    """Record one unit's figure for one period now (the office asks for it by hand)."""
    if figure_key not in providers():
        raise MetricValueError(_("没有名为“%(key)s”的台账数据。") % {"key": figure_key})
    try:
        period = parse_period(period_key)
    except PeriodError as exc:
        raise MetricValueError(str(exc)) from None
    figure = _figure_of(unit, period, figure_key)
    if figure is None or not figure.has_data:
        raise MetricValueError(
            _("%(label)s在%(period)s没有数据，不能作为指标数据。")
            % {"label": figure.label if figure else figure_key, "period": period.label}
        )
    return record_metric_value(
        actor=actor,
        indicator=indicator,
        unit=unit,
        period=(period.start, period.end),
        value=figure.value,
        note=_note(figure),
    )


# --- configuring a feed ------------------------------------------------------------------


def figure_choices() -> list[tuple[str, str]]:
    """(key, 'label（unit）') of every registered figure, for the configuration form."""
    return [
        (key, f"{p.label}（{p.unit}）" if str(p.unit) else str(p.label))
        for key, p in providers().items()
    ]


def save_feed(
    *, actor, indicator: Indicator, figure_key: str, period_kind: str, since: date | None = None
) -> MetricFeed:
    """Feed ``indicator`` from ``figure_key`` from now on (a second call changes the figure)."""
    if not permissions.can(actor, permissions.MANAGE_FRAMEWORK):
        raise PermissionDenied
    if indicator.method != Method.METRIC:
        raise MetricValueError(_("所选指标不是数据指标（按台账数据测评的末级指标）。"))
    if figure_key not in providers():
        raise MetricValueError(_("没有名为“%(key)s”的台账数据。") % {"key": figure_key})
    if period_kind not in FeedPeriod.values:
        raise MetricValueError(_("请选择统计周期。"))
    if since is None:
        since = indicator.framework.effective_from or date(timezone.localdate().year, 1, 1)
    with transaction.atomic():
        feed, created = MetricFeed.objects.update_or_create(
            indicator=indicator,
            defaults={
                "figure_key": figure_key,
                "period_kind": period_kind,
                "since": since,
                "is_active": True,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=feed,
            changes={"figure": figure_key, "period": period_kind, "since": str(since)},
            summary=f"{indicator.code} {indicator.name} 自动取数：{figure_key}",
        )
    return feed


def stop_feed(*, actor, feed: MetricFeed) -> None:
    """The leaf is typed again; the values already recorded stay."""
    if not permissions.can(actor, permissions.MANAGE_FRAMEWORK):
        raise PermissionDenied
    feed.is_active = False
    feed.save(update_fields=["is_active"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=feed,
        changes={"is_active": [True, False]},
        summary=f"{feed.indicator.code} 停止自动取数",
    )


# --- feeding, from the clock -------------------------------------------------------------


def feed_units(leaf: Indicator) -> list[Unit]:
    """Every unit answering for the leaf: its lead, joint lead and co units, and every unit
    holding a task on it."""
    ids = set(
        Task.objects.filter(indicator=leaf, parent__isnull=True).values_list("unit_id", flat=True)
    )
    if leaf.lead_unit_id:
        ids.add(leaf.lead_unit_id)
    ids.update(leaf.joint_lead_units.values_list("pk", flat=True))
    ids.update(leaf.co_units.values_list("pk", flat=True))
    return list(Unit.objects.filter(pk__in=sorted(ids), is_active=True).order_by("pk"))


def ended_periods(feed: MetricFeed, today: date) -> list[Period]:
    """The feed's periods that ended before ``today`` and after ``since``, oldest first."""
    found = []
    period = period_containing(feed.period_kind, today).previous()
    while period.end >= feed.since and len(found) < BACKLOG:
        found.append(period)
        period = period.previous()
    return found[::-1]


def due_feeds(now: datetime | None = None) -> list[tuple[int, str]]:
    """(feed, period key) pairs to feed: never fed, or among the latest CORRECTION_PERIODS and
    not fed for REFRESH_HOURS."""
    now = now or timezone.now()
    today = (timezone.localtime(now) - timedelta(hours=READY_HOUR)).date()
    feeds = list(selectors.active_feeds(in_active_framework=True))
    ran = selectors.feed_run_times(feeds)
    stale = now - timedelta(hours=REFRESH_HOURS)
    due = []
    for feed in feeds:
        periods = ended_periods(feed, today)
        recent = {p.key for p in periods[-CORRECTION_PERIODS:]}
        for period in periods:
            at = ran.get((feed.pk, period.key))
            if at is None or (period.key in recent and at < stale):
                due.append((feed.pk, period.key))
    return due


def _feed_unit(feed: MetricFeed, unit: Unit, period: Period) -> str:
    figure = _figure_of(unit, period, feed.figure_key)
    if figure is None or not figure.has_data:
        return "no_data"
    existing = (
        MetricValue.objects.filter(
            indicator=feed.indicator, unit=unit, period_start=period.start, period_end=period.end
        )
        .values_list("value", "source")
        .first()
    )
    note = _note(figure)
    if existing is not None and existing == (Decimal(figure.value), note):
        return "unchanged"
    try:
        record_metric_value(
            actor=None,
            indicator=feed.indicator,
            unit=unit,
            period=(period.start, period.end),
            value=figure.value,
            note=note,
        )
    except MetricValueError:
        return "no_data"  # a figure the column cannot hold is not a figure for the leaf
    return "updated" if existing is not None else "recorded"


def run_feed(feed_id: int, period_key: str) -> MetricFeedRun | None:
    """Feed one period of one feed for every unit; None for a stopped or deleted feed."""
    feed = selectors.get_active_feed(feed_id)
    if feed is None or feed.figure_key not in providers():
        return None
    period = parse_period(period_key)
    counts = Counter(_feed_unit(feed, unit, period) for unit in feed_units(feed.indicator))
    run, _created = MetricFeedRun.objects.update_or_create(
        feed=feed,
        period_key=period.key,
        defaults={
            "ran_at": timezone.now(),
            **{k: counts.get(k, 0) for k in ("recorded", "updated", "unchanged", "no_data")},
        },
    )
    return run
