"""`wenming tick` promotes a nomination once its 公示 has ended without an open objection, once
however often it runs, and raises a title's flag for an exposed case once."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from wenming.cases.models import Case
from wenming.honors import services, titles
from wenming.honors.models import Level, NominationEvent, State, TitleFlag
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _tick(moment):
    with time_machine.travel(moment, tick=False):
        call_command("tick", stdout=io.StringIO())


def test_tick_promotes_after_publicity_once_and_flags_titles(
    reviewers, nominate, coordinator, units
):
    nomination = services.review_nomination(
        actor=reviewers["community"], nomination_id=nominate(building="").pk, approve=True
    )
    _tick(nomination.publicity_due - timedelta(hours=1))
    nomination.refresh_from_db()
    assert nomination.state == State.PUBLICITY
    _tick(nomination.publicity_due + timedelta(minutes=5))
    _tick(nomination.publicity_due + timedelta(minutes=15))
    nomination.refresh_from_db()
    assert (nomination.state, nomination.level) == (State.REVIEWING, Level.STREET)
    assert NominationEvent.objects.filter(nomination=nomination, action="promote").count() == 1
    assert nomination.honors.get().title.endswith("光明社区好人")

    title = titles.register_title(
        actor=coordinator,
        kind="village",
        level="city",
        holder_name="光明社区",
        region_code="340403001001",
        year=2024,
    )
    Case.objects.create(
        source="inspection",
        category="乱堆乱放",
        description="楼道堆物",
        region=Region.objects.get(code="340403001001"),
        unit=units["guangming"],
        state="rectifying",
        exposed_at=timezone.now(),
    )
    _tick(timezone.now())
    _tick(timezone.now())
    assert TitleFlag.objects.filter(title=title).count() == 1
