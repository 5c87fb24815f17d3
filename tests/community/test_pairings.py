"""结对共建: the office pairs a unit with a community; the unit records its money, joint activities
and 党员报到; the unit's page and the community's page show them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests.regions.factories import person
from wenming.community import pairings
from wenming.community.services import CommunityError
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def civil_pairing(coordinator, communities, units):
    return pairings.pair(
        actor=coordinator,
        unit_id=units["civil"].pk,
        community_id=communities["guangming"].pk,
        start=timezone.localdate() - timedelta(days=100),
        note="卫生清理、环境整治、设施更新",
    )


def test_the_paired_unit_records_funds_activities_and_party_members(
    civil_pairing, dept, login, units, communities
):
    today = timezone.localdate()
    pairings.disburse(
        actor=dept, pairing_id=civil_pairing.pk, amount="100000", paid_on=today, purpose="cleaning"
    )
    pairings.disburse(
        actor=dept,
        pairing_id=civil_pairing.pk,
        amount="200000",
        paid_on=today,
        purpose="facilities",
    )
    pairings.add_activity(
        actor=dept, pairing_id=civil_pairing.pk, held_on=today, title="环境整治", participants=30
    )
    pairings.report_party_member(
        actor=dept,
        pairing_id=civil_pairing.pk,
        member_name="王建国",
        served_on=today,
        hours="3.5",
        service="文明劝导",
    )
    unit_page = login(dept).get(f"/community/units/{units['civil'].pk}/").content.decode()
    assert "300000" in unit_page and "光明社区" in unit_page
    pairing_page = login(dept).get(f"/community/pairings/{civil_pairing.pk}/").content.decode()
    assert "王建国" in pairing_page and "3.5" in pairing_page and "环境整治" in pairing_page
    # The community sees who helps it.
    community_page = (
        login(person(username="c1", unit=units["guangming"], role=Role.LIAISON))
        .get(f"/community/{communities['guangming'].pk}/")
        .content.decode()
    )
    assert "市民政局" in community_page and "300000" in community_page


def test_pairing_records_are_checked_and_belong_to_the_paired_unit(
    civil_pairing, police_liaison, dept
):
    today = timezone.localdate()
    with pytest.raises(Http404):  # 市公安局 is not the paired unit: it does not see the pairing
        pairings.add_activity(
            actor=police_liaison, pairing_id=civil_pairing.pk, held_on=today, title="x"
        )
    with pytest.raises(CommunityError, match="金额"):
        pairings.disburse(
            actor=dept, pairing_id=civil_pairing.pk, amount="-5", paid_on=today, purpose="cleaning"
        )
    with pytest.raises(CommunityError, match="服务时长"):
        pairings.report_party_member(
            actor=dept,
            pairing_id=civil_pairing.pk,
            member_name="李明",
            served_on=today,
            hours="30",
            service="巡查",
        )
    with pytest.raises(CommunityError, match="日期不能晚于今天"):
        pairings.add_activity(
            actor=dept,
            pairing_id=civil_pairing.pk,
            held_on=today + timedelta(days=3),
            title="预告活动",
        )


def test_only_the_office_pairs(dept, communities, units):
    with pytest.raises(PermissionDenied):
        pairings.pair(
            actor=dept,
            unit_id=units["civil"].pk,
            community_id=communities["guangming"].pk,
            start=timezone.localdate(),
        )
