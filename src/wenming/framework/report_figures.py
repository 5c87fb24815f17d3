"""Task figures for the work report (wenming.figures): the unit's tasks due in the period."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wenming.figures import Subject, figure
from wenming.framework.models import Task, TaskStatus

SOURCE = _("测评体系·任务清单")


def _tasks(subject: Subject):
    qs = Task.objects.filter(due__gte=subject.period.start, period_start__lte=subject.period.end)
    if subject.unit_id is not None:
        return qs.filter(unit_id=subject.unit_id)
    return qs.filter(region__pk__startswith=subject.prefix)


def _figures(subject):
    return _tasks(subject).aggregate(
        n=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE))
    )


@figure("tasks.total", label=_("承担测评任务"), unit=_("项"), source=SOURCE)
def total(subject):
    return _figures(subject)["n"] or None


@figure("tasks.done", label=_("已完成测评任务"), unit=_("项"), source=SOURCE)
def done(subject):
    figures = _figures(subject)
    return figures["done"] if figures["n"] else None
