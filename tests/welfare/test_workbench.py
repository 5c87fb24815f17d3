"""A unit's missed safety check is on its 工作台, and the card's count is the number of overdue
rows on the page it links to; civil-affairs staff see the minors still at a station."""

from datetime import timedelta

from django.utils import timezone

from wenming.web.workbench import workbench_for
from wenming.welfare import relief, safety


def _cards(user):
    return {c.key: c for s in workbench_for(user).sections for c in s.cards}


def test_missed_check_is_on_the_units_workbench_and_its_list(client, dept):
    safety.install_default_schedule(actor=dept, starts_on=timezone.localdate() - timedelta(days=9))
    card = _cards(dept)["safety-overdue"]
    assert card.count == 1  # the weekly one; the monthly ones are not due yet
    client.force_login(dept)
    page = client.get(card.url).content.decode()
    assert page.count('data-testid="overdue-schedule"') == 1
    assert 'data-testid="count-safety-overdue">1<' in client.get("/").content.decode()


def test_minors_at_a_station_are_on_the_civil_affairs_workbench(client, welfare_user):
    case = relief.register_case(
        actor=welfare_user, data={"region": "340403001001", "place": "车站", "age": "12"}
    )
    relief.act(actor=welfare_user, case_id=case.pk, action="admit", station="救助站")
    card = _cards(welfare_user)["relief-minors"]
    assert card.count == 1
    client.force_login(welfare_user)
    assert client.get(card.url).content.decode().count('data-testid="relief-row"') == 1
