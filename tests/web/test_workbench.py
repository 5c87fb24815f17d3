"""工作台: each role's first screen lists what it must do, and every count equals the number of
items on the list its card links to."""

import datetime
import re

import pytest
from django.urls import resolve
from django.utils import timezone

from tests.cases.factories import case_in
from tests.inspections.factories import SiteFactory, make_round
from tests.materials.factories import indicator, task
from tests.regions.factories import person
from wenming.cases.models import Notice, NoticeKind, State
from wenming.materials.models import Submission, SubmissionStatus
from wenming.regions.models import Role
from wenming.web.workbench import workbench_for

pytestmark = pytest.mark.django_db

# The row each list page prints per item, by the page's URL name.
ROW = {
    "todo": 'data-testid="todo-case"',
    "my_tasks": 'data-testid="my-task"',
    "index": 'data-testid="my-submission"',
    "queue": 'data-testid="queue-item-',
    "bulletin_list": 'data-testid="bulletin-item"',
    "notice_list": 'data-testid="notice-row"',
    "board": 'data-testid="case-row"',
    "unit_list": 'data-testid="unit-row"',
    "reviews": 'data-testid="review-row"',
    "safety": 'data-testid="overdue-schedule"',
    "relief": 'data-testid="relief-row"',
    "plans": 'data-testid="plan-row"',
    "ledger": 'data-testid="ledger-entry"',
    "waiting": 'data-testid="waiting-item"',
    "grants_pending": 'data-testid="grant-pending"',
    "titles": 'data-testid="title-row"',
    "inspections:index": 'data-testid="assigned-round"',
    "community:index": 'data-testid="community-row"',
}


@pytest.fixture
def cast(units, admin_user, coordinator, inspector, community1, community2, dept):
    reviewer = person(username="reviewer", unit=units["office"], role=Role.REVIEWER)
    leader = person(username="leader", unit=units["civil"], role=Role.LEADER)
    street = person(username="street", unit=units["tiandong"], role=Role.LIAISON)
    gm, civil = units["guangming"], units["civil"]
    case_in(State.REPORTED, None, region=gm.region)
    case_in(State.DISPATCHED, gm)
    case_in(State.RECTIFYING, gm, fail_count=1)
    case_in(State.RECTIFYING, gm, late=True)
    case_in(State.AWAITING_VERIFICATION, gm)
    case_in(State.AWAITING_VERIFICATION, civil)
    case_in(State.RECTIFYING, civil, late=True, pending_extension=True)
    today = timezone.localdate()
    late_task = task(
        civil, due=today - datetime.timedelta(days=3), start=today - datetime.timedelta(days=30)
    )
    task(
        gm,
        ind=indicator(code="3.1.3"),
        due=today + datetime.timedelta(days=3),
        start=today - datetime.timedelta(days=30),
    )
    for status, reason in ((SubmissionStatus.RETURNED, "缺照片"), (SubmissionStatus.SUBMITTED, "")):
        Submission.objects.create(
            task=late_task,
            unit=civil,
            region=civil.region,
            text="台账",
            status=status,
            return_reason=reason,
            created_by=dept,
        )
    Notice.objects.create(
        kind=NoticeKind.SUPERVISION, year=2026, title="督办单", unit=civil, region=civil.region
    )
    _honors(coordinator, community1)
    make_round(coordinator, sites=[SiteFactory(unit=gm)], inspectors=[inspector])
    return {
        "admin": admin_user,
        "coordinator": coordinator,
        "inspector": inspector,
        "reviewer": reviewer,
        "community1": community1,
        "community2": community2,
        "dept": dept,
        "leader": leader,
        "street": street,
    }


def _honors(coordinator, community1):
    """A nomination waiting for 光明社区's review, a grant to decide, a title due for 复查."""
    from wenming.honors import assistance, services, titles
    from wenming.honors.models import Honor

    nomination = services.nominate(
        name="王秀英",
        region_code="340403001001",
        category="helpful",
        deeds="照顾孤寡老人",
        channel="family",
        nominator_name="李明",
        nominator_phone="13800138000",
    )
    Honor.objects.create(
        person=nomination.person,
        level="province",
        external="anhui_good",
        category="helpful",
        title="安徽好人",
        region=nomination.region,
        conferred_on=datetime.date(2025, 5, 1),
        year=2025,
        source="安徽文明网",
    )
    year = timezone.localdate().year
    assistance.set_budget(actor=coordinator, region_code="340400000000", year=year, amount="1000")
    assistance.apply_grant(
        actor=community1, person_id=nomination.person_id, year=year, amount="100", reason="困难"
    )
    titles.register_title(
        actor=coordinator,
        kind="unit",
        level="city",
        holder_name="淮南市民政局",
        region_code="340400000000",
        year=year - 1,
    )


def _cards(user):
    return [card for s in workbench_for(user).sections for card in (*s.cards, *s.rows)]


@pytest.mark.parametrize(
    "who",
    ["admin", "coordinator", "inspector", "reviewer", "community1", "dept", "leader", "street"],
)
def test_every_count_on_the_workbench_matches_the_list_it_links_to(cast, client, who):
    client.force_login(cast[who])
    home = client.get("/").content.decode()
    cards = _cards(cast[who])
    assert cards, f"{who} has an empty 工作台"
    for card in cards:
        assert f'data-testid="count-{card.key}">{card.count}<' in home, card.key
        page = client.get(card.url)
        assert page.status_code == 200, card.url
        match = resolve(card.url.split("?")[0])
        shown = page.content.decode().count(ROW.get(match.view_name) or ROW[match.url_name])
        assert shown == card.count, (
            f"{who}: {card.label} says {card.count}, {card.url} lists {shown}"
        )


def test_each_role_sees_what_it_must_do(cast):
    def counts(who):
        return {card.key: card.count for card in _cards(cast[who])}

    coordinator = counts("coordinator")
    assert coordinator["intake"] == 1 and coordinator["awaiting"] == 2
    assert coordinator["extension"] == 1
    assert coordinator[f"overdue-unit-{cast['dept'].membership.unit_id}"] == 1
    inspector = counts("inspector")
    assert inspector["awaiting"] == 2 and "intake" not in inspector
    # The round the inspector walks is on the first screen; the coordinator has none to walk.
    assert inspector["rounds-assigned"] == 1 and "rounds-assigned" not in coordinator
    community1 = counts("community1")
    assert (community1["to_sign"], community1["overdue"], community1["rework"]) == (1, 1, 1)
    assert community1["tasks-due_soon"] == 1
    dept = counts("dept")
    assert (dept["materials-returned"], dept["tasks-overdue"]) == (1, 1)
    assert counts("reviewer") == {"materials-review": 1}
    assert counts("leader")["notices-supervision"] == 1
    assert community1["honors-waiting"] == 1
    assert (coordinator["honors-grants"], coordinator["honors-titles-due"]) == (1, 1)
    assert "system-units" in counts("admin") and "system-units" not in coordinator
    # The street office answers for its communities' cases (光明社区's) as for its own; 育才社区's
    # in another district are not its.
    street = counts("street")
    assert (street["to_sign"], street["overdue"], street["rework"]) == (1, 1, 1)
    assert "intake" not in street and "awaiting" not in street


def test_the_menu_lists_only_built_areas_the_role_can_use(cast, client):
    client.force_login(cast["community1"])
    menu = re.search(r'data-testid="main-nav">(.*?)</nav>', client.get("/").content.decode(), re.S)
    menu = menu.group(1)
    assert "问题整改" in menu and "网上申报" in menu and "公文文书" in menu
    assert "社区达标" in menu and "志愿服务" in menu
    assert "督查检查" not in menu and "问卷调查" not in menu
    client.force_login(cast["inspector"])
    menu = client.get("/").content.decode()
    assert "督查检查" in menu and "网上申报" not in menu
    assert client.get("/areas/community/").status_code == 404


def test_documents_lists_the_notices_and_bulletins_in_scope(cast, client):
    client.force_login(cast["leader"])
    page = client.get("/documents/").content.decode()
    assert page.count('data-testid="document-notice"') == 1
    client.force_login(cast["community1"])
    page = client.get("/documents/").content.decode()
    assert page.count('data-testid="document-notice"') == 0


def test_a_leader_sees_last_months_rates_with_their_counts_and_lists(cast, client):
    from wenming.periods import period_containing

    month = period_containing("month", timezone.localdate()).previous()
    start, end = month.bounds()
    civil = cast["leader"].membership.unit
    in_month = start + datetime.timedelta(days=3)
    on_time = case_in(State.CLOSED, civil)
    late = case_in(State.RECTIFYING, civil)  # overdue within the month, still open
    for case, due in ((on_time, in_month + datetime.timedelta(days=5)), (late, in_month)):
        case.created = in_month - datetime.timedelta(days=1)
        case.due = case.overdue_from = due
    on_time.closed_at, on_time.on_time = in_month + datetime.timedelta(days=1), True
    on_time.save()
    late.save()
    client.force_login(cast["leader"])
    home = client.get("/").content.decode()
    assert f"本单位指标（{month.label}）" in home
    assert 'data-testid="rate-rate-on-time">50.0%<' in home
    assert '按期整改率 · 1/<span data-testid="count-rate-on-time">2</span> 件' in home
    assert 'data-testid="rate-rate-overdue">50.0%<' in home
    cards = {card.key: card for card in _cards(cast["leader"])}
    listed = client.get(cards["rate-on-time"].url).content.decode()
    assert listed.count('data-testid="case-row"') == 2 and "仅显示" in listed
