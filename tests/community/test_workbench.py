"""工作台: the office sees the plans behind schedule, a community worker this month's ledger; each
count equals the rows of the list it links to."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.community.conftest import jpeg
from wenming.community import plans, services
from wenming.web.workbench import workbench_for

pytestmark = pytest.mark.django_db


def _card(user, key):
    return next(c for s in workbench_for(user).sections for c in s.cards if c.key == key)


def test_workbench_cards_match_their_lists(login, coordinator, community1, communities, units):
    today = timezone.localdate()
    services.record_entry(
        actor=community1,
        community_id=communities["guangming"].pk,
        category="after_school",
        title="四点半课堂",
        held_on=today,
        attendance=15,
        uploads=[jpeg()],
    )
    card = _card(community1, "community-ledger")
    assert card.count == 1 and card.tone == "warning"
    page = login(community1).get(card.url).content.decode()
    assert page.count('data-testid="ledger-entry"') == 1

    plan = plans.create_plan(
        actor=coordinator,
        community_id=communities["xiangyang"].pk,
        title="",
        start=today - timedelta(days=30),
        target=today + timedelta(days=30),
    )
    plans.add_milestone(
        actor=coordinator,
        plan_id=plan.pk,
        title="签订租借合同",
        due=today - timedelta(days=1),
        unit_id=units["tiandong"].pk,
    )
    plans.act(actor=coordinator, plan_id=plan.pk, action="activate")
    card = _card(coordinator, "community-plans-behind")
    assert card.count == 1 and card.tone == "danger"
    page = login(coordinator).get(card.url).content.decode()
    assert page.count('data-testid="plan-row"') == 1 and "向阳社区" in page


def test_a_street_sees_which_of_its_communities_lack_this_months_activities(
    login, community1, communities, units
):
    """街道: the communities under it that have not held this month's activities yet; the card
    opens the city table filtered to exactly those (育才社区 of another district is not there)."""
    from tests.regions.factories import person
    from wenming.community.selectors import thresholds
    from wenming.regions.models import Role

    street = person(username="street", unit=units["tiandong"], role=Role.LIAISON)
    assert _card(street, "community-activities-behind").count == 2
    today = timezone.localdate()
    for number in range(thresholds().activities_per_month):
        services.record_entry(
            actor=street,  # a street keeps its communities' ledgers too
            community_id=communities["guangming"].pk,
            category="after_school",
            title=f"四点半课堂 第{number + 1}期",
            held_on=today,
            attendance=15,
            uploads=[jpeg()],
        )
    card = _card(street, "community-activities-behind")
    assert card.count == 1 and card.tone == "warning"
    page = login(street).get(card.url).content.decode()
    assert page.count('data-testid="community-row"') == 1 and "向阳社区" in page
    assert "光明社区" not in page.split('data-testid="community-rows"')[1]
