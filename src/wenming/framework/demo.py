"""Demo data: the shipped city framework and community standard, active, with their tasks.

Loaded through the same import service as an uploaded table; loading twice changes nothing.
A few tasks get progress so that 序时进度 and laggards show on the pages.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from wenming.framework import services
from wenming.framework.defaults import DEFAULTS, default_workbook
from wenming.framework.models import Framework, FrameworkStatus, Task

# (indicator code, unit short name, progress): the 市民政局's year so far, some ahead, some behind.
DEMO_PROGRESS = [
    ("5.1.1", "市民政局", 60),
    ("5.2.2", "市民政局", 40),
    ("5.3.1", "市民政局", 100),
    ("5.3.2", "市民政局", 30),
    ("1.2.2", "市教育局", 70),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Import and activate each shipped framework unless one of that name is in force; ensure its tasks."""
    counts = {"frameworks": 0, "tasks": 0}
    today = timezone.localdate()
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    for purpose in DEFAULTS:
        title, data = default_workbook(purpose)
        framework = Framework.objects.filter(purpose=purpose, status=FrameworkStatus.ACTIVE).first()
        if framework is None:
            framework = services.import_framework(
                actor=None,
                data=data,
                filename=f"{title}.xlsx",
                purpose=purpose,
            )
            # In force since the quarter began, so that 序时进度 and laggards show on day one.
            services.activate_framework(
                actor=None, framework_id=framework.pk, effective_from=quarter_start
            )
        else:
            services.generate_tasks(framework=framework)
        counts["frameworks"] += 1
        counts["tasks"] += Task.objects.filter(indicator__framework=framework).count()
    for code, short_name, progress in DEMO_PROGRESS:
        task = (
            Task.objects.filter(
                indicator__framework__status=FrameworkStatus.ACTIVE,
                indicator__code=code,
                unit__short_name=short_name,
                parent=None,
                due__gte=today,
            )
            .order_by("period_start")
            .first()
        )
        if task is not None and task.progress == 0:
            services.report_progress(actor=None, task_id=task.pk, progress=progress)
    return counts
