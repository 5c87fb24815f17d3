"""A nomination climbs 楼道 → 社区 → 街道 → 县 → 市, with one objection during a 公示."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from wenming.accounts.models import AuditEvent
from wenming.honors import selectors, services
from wenming.honors.models import Honor, Level, NominationEvent, ObjectionStatus, State
from wenming.workflow import WorkflowError


def _after_publicity(nomination):
    return time_machine.travel(nomination.publicity_due + timedelta(minutes=1), tick=False)


@pytest.mark.django_db
def test_nomination_walks_five_levels_with_an_objection_that_blocks_then_is_resolved(
    reviewers, nominate
):
    nomination = nominate()
    assert nomination.level == Level.BUILDING and nomination.state == State.REVIEWING
    titles = []
    for level in ["building", "community", "street", "county", "city"]:
        nomination.refresh_from_db()
        assert nomination.level == level
        nomination = services.review_nomination(
            actor=reviewers[level], nomination_id=nomination.pk, approve=True, note="事迹属实"
        )
        assert nomination.state == State.PUBLICITY
        assert selectors.in_publicity().filter(pk=nomination.pk).exists()
        if level == "street":
            objection = services.raise_objection(
                nomination_id=nomination.pk, text="事迹有夸大", contact_phone="13700001111"
            )
            with _after_publicity(nomination):
                assert services.promote_due() == 0
                with pytest.raises(WorkflowError):
                    services.promote(actor=None, nomination_id=nomination.pk)
            nomination.refresh_from_db()
            assert nomination.state == State.PUBLICITY and nomination.level == "street"
            services.resolve_objection(
                actor=reviewers["street"],
                objection_id=objection.pk,
                upheld=False,
                finding="经走访核实，事迹属实。",
            )
            objection.refresh_from_db()
            assert objection.status == ObjectionStatus.DISMISSED
            assert objection.finding == "经走访核实，事迹属实。"
        with _after_publicity(nomination):
            assert services.promote_due() == 1
        nomination.refresh_from_db()
        titles.append(nomination.honors.order_by("-pk").first().title)
    assert nomination.state == State.HONORED
    assert Honor.objects.filter(nomination=nomination).count() == 5
    assert titles[0].endswith("光明社区3号楼好人")
    assert titles[2].endswith("田东街道好人")
    assert titles[3].endswith("田家庵区好人")
    assert titles[4].endswith("淮南市好人")
    assert "年第" in titles[4] and "季度" in titles[4]
    actions = list(
        NominationEvent.objects.filter(nomination=nomination).values_list("action", flat=True)
    )
    assert actions[0] == "nominate"
    assert actions.count("review") == 5 and actions.count("pass") == 5
    assert actions.count("promote") == 4 and actions.count("confer") == 1
    assert actions.count("object") == 1 and actions.count("dismiss") == 1
    # The audit log names each step as people say it, not by its code.
    summaries = list(
        AuditEvent.objects.filter(summary__startswith=f"好人推荐 #{nomination.pk} ").values_list(
            "summary", flat=True
        )
    )
    assert f"好人推荐 #{nomination.pk} 街道（镇） 提出异议" in summaries
    assert not [s for s in summaries if s.split()[-1] in ("object", "pass", "review", "nominate")]


@pytest.mark.django_db
def test_reviewer_cannot_review_a_nominee_of_their_own_unit(reviewers, nominate, units):
    nomination = nominate(unit=units["guangming"])
    with pytest.raises(WorkflowError) as refused:
        services.review_nomination(
            actor=reviewers["building"], nomination_id=nomination.pk, approve=True
        )
    assert refused.value.code == "forbidden"


@pytest.mark.django_db
def test_reviewer_of_another_level_cannot_review(reviewers, nominate):
    nomination = nominate()
    with pytest.raises(WorkflowError):
        services.review_nomination(
            actor=reviewers["city"], nomination_id=nomination.pk, approve=True
        )


@pytest.mark.django_db
def test_upheld_objection_ends_the_nomination(reviewers, nominate):
    nomination = nominate(building="")
    assert nomination.level == Level.COMMUNITY
    services.review_nomination(
        actor=reviewers["community"], nomination_id=nomination.pk, approve=True
    )
    objection = services.raise_objection(
        nomination_id=nomination.pk, text="此人曾有失信记录", contact_phone="13700001111"
    )
    services.resolve_objection(
        actor=reviewers["community"], objection_id=objection.pk, upheld=True, finding="核实属实。"
    )
    nomination.refresh_from_db()
    assert nomination.state == State.NOT_SELECTED
    assert not nomination.honors.exists()
    assert not selectors.in_publicity().filter(pk=nomination.pk).exists()


@pytest.mark.django_db
def test_publicity_lasts_five_working_days(reviewers, nominate):
    # Published on 中秋 (Fri 2026-09-25): the five working days are 28, 29, 30 Sep and, after
    # 国庆 (1–7 Oct), 8 and 9 Oct.
    with time_machine.travel("2026-09-25 10:00 +0800", tick=False):
        nomination = nominate()
        nomination = services.review_nomination(
            actor=reviewers["building"], nomination_id=nomination.pk, approve=True
        )
    local_due = timezone.localtime(nomination.publicity_due)
    assert local_due.date().isoformat() == "2026-10-09"


@pytest.mark.django_db(transaction=True)
def test_reviewers_of_the_level_hear_of_a_nomination_and_an_objection(reviewers, nominate):
    from wenming.notifications.models import Message

    nomination = nominate(building="")
    message = Message.objects.get(recipient=reviewers["community"])
    assert "新的好人推荐待社区（村）评议：王秀英" in message.title
    assert not Message.objects.filter(recipient=reviewers["street"]).exists()
    services.review_nomination(
        actor=reviewers["community"], nomination_id=nomination.pk, approve=True
    )
    services.raise_objection(nomination_id=nomination.pk, text="不实", contact_phone="13700001111")
    titles = list(
        Message.objects.filter(recipient=reviewers["community"]).values_list("title", flat=True)
    )
    assert any("公示收到异议" in t for t in titles)
