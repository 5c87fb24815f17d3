"""The demo loads both shipped frameworks, active, with tasks; loading twice changes nothing."""

from datetime import date

import time_machine

from wenming.framework.demo import load_demo
from wenming.framework.models import Framework, Task
from wenming.regions.demo import load_demo_organisation


@time_machine.travel(date(2026, 11, 23))
def test_demo_frameworks_are_active_with_tasks_and_loading_twice_changes_nothing(db):
    load_demo_organisation()
    first = load_demo()
    frameworks = {f.purpose: f for f in Framework.objects.filter(status="active")}
    assert set(frameworks) == {"city", "community"} and first["frameworks"] == 2
    assert frameworks["city"].total_points == 100 and frameworks["community"].total_points == 100
    community = Task.objects.filter(
        indicator__framework=frameworks["community"], indicator__name="志愿服务V站"
    )
    # Every city community (社区, not 村) has its 志愿服务V站 task; the 民政局 leads.
    assert (
        community.filter(unit__kind="community").count()
        == community.filter(unit__short_name__endswith="社区").count()
        > 60
    )
    assert community.filter(unit__short_name="市民政局", is_lead=True).count() == 1
    assert Task.objects.filter(unit__short_name="市民政局", progress__gt=0).count() >= 4
    snapshot = (
        Framework.objects.count(),
        Task.objects.count(),
        sorted(Task.objects.values_list("progress", flat=True)),
    )
    load_demo()
    assert (
        Framework.objects.count(),
        Task.objects.count(),
        sorted(Task.objects.values_list("progress", flat=True)),
    ) == snapshot
