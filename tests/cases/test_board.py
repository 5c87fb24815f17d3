"""The case board at scale: figures from one aggregate, categories from reference data, units by name, 约 when estimated."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cases.factories import report
from wenming.cases import selectors
from wenming.cases.models import Case, CaseEvent, DispatchRule, Source, State
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
GUANGMING, YUCAI = "340403001001", "340404001001"


@pytest.fixture
def cases(inspector, units):
    guangming, yucai = Region.objects.get(code=GUANGMING), Region.objects.get(code=YUCAI)
    made = [
        report(inspector, region=guangming, unit=units["guangming"], category="乱贴乱画")
        for _ in range(3)
    ]
    made += [
        report(inspector, region=yucai, unit=units["yucai"], category="占道经营") for _ in range(2)
    ]
    return made


def test_categories_come_from_reference_data_not_from_the_cases(
    login, coordinator, inspector, units, cases
):
    report(
        inspector,
        region=Region.objects.get(code=GUANGMING),
        unit=units["guangming"],
        category="临时类别",
    )
    DispatchRule.objects.create(
        category="新设类别", region=Region.objects.get(code=GUANGMING), unit=units["guangming"]
    )
    known = selectors.known_categories()
    assert (
        "新设类别" in known and "临时类别" not in known
    )  # configured, not looked for in the cases
    page = login(coordinator).get("/cases/").content.decode()
    assert '<option value="新设类别">' in page and '<option value="临时类别">' not in page
    # a category typed by hand is still a filter (traditional characters too)
    assert (
        login(coordinator)
        .get("/cases/", {"category": "臨時類別"})
        .content.decode()
        .count('data-testid="case-row"')
        == 1
    )


def test_the_pager_count_and_the_figures_come_from_one_aggregate(
    login, coordinator, cases, django_assert_max_num_queries
):
    client = login(coordinator)
    client.get("/cases/")
    with django_assert_max_num_queries(14) as captured:
        page = client.get("/cases/").content.decode()
    case_queries = [
        q["sql"]
        for q in captured.captured_queries
        if '"cases_case"' in q["sql"] and not q["sql"].startswith("EXPLAIN")
    ]  # a plan scans nothing
    assert (
        len(case_queries) == 2
    )  # the aggregate and the first page: no second COUNT, no DISTINCT category
    assert 'data-testid="count-total">5<' in page and "共 5 件" in page
    # The scope's membership row also answers the role checks of the menus and buttons.
    memberships = [q for q in captured.captured_queries if '"regions_membership"' in q["sql"]]
    assert len(memberships) == 1
    assert (
        "淮南市" not in page.split('data-testid="case-filters"')[1].split("</form>")[0]
    )  # no list of every unit


def test_unit_filter_takes_a_name_a_part_of_names_or_a_linked_id(login, coordinator, units, cases):
    client = login(coordinator)
    rows = lambda params: (
        client.get("/cases/", params).content.decode().count('data-testid="case-row"')
    )  # noqa: E731
    assert rows({"unit_name": "光明社区"}) == 3  # short name
    assert rows({"unit_name": "谢家集区谢家集街道育才社区居民委员会"}) == 2  # full name
    assert rows({"unit_name": "社區"}) == 5  # a part, in traditional characters
    assert rows({"unit_name": "没有这个单位"}) == 0
    linked = client.get("/cases/", {"unit": units["yucai"].pk}).content.decode()
    assert (
        linked.count('data-testid="case-row"') == 2
        and 'value="谢家集区谢家集街道育才社区居民委员会"' in linked
    )


def test_unit_suggestions_name_only_visible_units_and_say_where_each_sits(
    login, community1, coordinator
):
    guangming = {
        "name": "田家庵区田东街道光明社区居民委员会",
        "label": "田家庵区 · 田东街道 · 光明社区",
    }
    assert (
        guangming in login(coordinator).get("/cases/units/suggest/", {"q": "社区"}).json()["units"]
    )
    seen = login(community1).get("/cases/units/suggest/", {"q": "社区"}).json()["units"]
    assert seen == [guangming]


def test_two_communities_of_the_same_short_name_are_told_apart(login, coordinator, units):
    from tests.regions.factories import RegionFactory, UnitFactory

    town = RegionFactory(code="340403002000", name="洞山街道", level="town")
    village = RegionFactory(code="340403002001", name="光明社区", level="village", parent=town)
    UnitFactory(
        name="田家庵区洞山街道光明社区居民委员会",
        short_name="光明社区",
        kind="community",
        region=village,
    )
    labels = [
        u["label"]
        for u in login(coordinator).get("/cases/units/suggest/", {"q": "光明社区"}).json()["units"]
    ]
    assert sorted(labels) == ["田家庵区 · 洞山街道 · 光明社区", "田家庵区 · 田东街道 · 光明社区"]


def test_a_wide_list_says_its_total_is_estimated(login, coordinator, cases, monkeypatch):
    monkeypatch.setattr(selectors, "planned_rows", lambda qs: 250_400)
    page = login(coordinator).get("/cases/").content.decode()
    assert 'data-testid="count-total">约 250000<' in page and "共约 250000 件" in page
    assert "第 1 页" in page and "/ 8347 页" not in page
    summary = selectors.board_summary(Case.objects.all())
    assert summary["estimated"] and summary["open"] == 5  # figures about open cases stay exact


@pytest.mark.postgresql(reason="the planner's estimate needs PostgreSQL")
def test_the_estimate_is_the_planners_on_postgresql(cases):
    assert selectors.planned_rows(Case.objects.all()) is not None
    assert selectors.board_summary(Case.objects.all(), exact_limit=0)["estimated"]
    assert not selectors.board_summary(Case.objects.all())["estimated"]


@pytest.mark.postgresql(reason="the planner's estimate needs PostgreSQL")
def test_the_board_asks_the_planner_once_a_minute_per_list_not_on_every_request(
    login, coordinator, cases, django_assert_max_num_queries
):
    client = login(coordinator)
    with django_assert_max_num_queries(30) as first:
        client.get("/cases/", {"state": "reported"})
    with django_assert_max_num_queries(30) as again:
        page = client.get("/cases/", {"state": "reported"}).content.decode()
    with django_assert_max_num_queries(30) as other:
        client.get("/cases/", {"state": "closed"})

    def plans(captured):
        return sum(q["sql"].startswith("EXPLAIN") for q in captured.captured_queries)

    assert (plans(first), plans(again), plans(other)) == (1, 0, 1)
    reported = Case.objects.filter(state=State.REPORTED).count()
    assert f'data-testid="count-total">{reported}<' in page  # still counted exactly


def test_bulk_dispatch_names_the_unit(login, coordinator, units):
    region = Region.objects.get(code=GUANGMING)
    held = [report(None, region=region, source=Source.CITIZEN) for _ in range(2)]
    client = login(coordinator)
    refused = client.post(
        "/cases/bulk-dispatch/", {"case": [held[0].pk], "unit_name": "不存在的单位"}, follow=True
    )
    assert "没有名为“不存在的单位”的单位" in refused.content.decode()
    assert (
        client.post(
            "/cases/bulk-dispatch/", {"case": [held[0].pk], "unit_name": "社区"}, follow=True
        )
        .content.decode()
        .count("对应多个单位")
        == 1
    )
    assert not Case.objects.filter(pk=held[0].pk, state=State.DISPATCHED).exists()
    done = client.post(
        "/cases/bulk-dispatch/",
        {"case": [c.pk for c in held], "unit_name": "光明社区"},
        follow=True,
    )
    assert "已交办 2 件" in done.content.decode()
    assert set(
        Case.objects.filter(pk__in=[c.pk for c in held]).values_list("unit_id", flat=True)
    ) == {units["guangming"].pk}


@pytest.mark.parametrize("field", ["state", "severity", "source", "resolution"])
def test_the_labels_a_row_prints_are_djangos(field):
    """Case's own get_FOO_display (one label, not a dict of all) prints what Django's would."""
    from django.db.models import Model

    model_field = Case._meta.get_field(field)
    for value in [value for value, _label in model_field.choices] + ["", "unknown"]:
        case = Case(**{field: value})
        assert getattr(case, f"get_{field}_display")() == Model._get_FIELD_display(
            case, model_field
        )


def test_a_board_request_reads_the_cases_and_nothing_it_read_a_moment_ago(
    login, coordinator, cases
):
    client = login(coordinator)
    client.get("/cases/")
    # The session, the user, the scope (membership, unit tree), the plan (PostgreSQL), the
    # aggregate, the first page, the unread badge: no session write, no reference data again.
    # Not counted: the aggregate's transaction and its planner setting (wenming.serialplans).
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/cases/", {"state": "dispatched"}).content.decode()
    assert page.count('data-testid="case-row"') == 5
    reads = [
        q
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET"))
    ]
    assert len(reads) <= 8
    read = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("regions_region", "cases_deadlinerule", "inspections_checklistitem"):
        assert f'FROM "{table}"' not in read
    assert not any(
        q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
        for q in captured.captured_queries
    )


def test_a_new_category_or_region_shows_on_the_next_board_request(login, coordinator, cases):
    from wenming.cases.models import DeadlineRule, Severity

    client = login(coordinator)
    page = client.get("/cases/").content.decode()
    assert '<option value="新设时限类别">' not in page and "新设街道" not in page
    DeadlineRule.objects.create(category="新设时限类别", severity=Severity.GENERAL, hours=24)
    Region.objects.create(
        code="340403999000", name="新设街道", level="town", parent_id="340403000000"
    )
    page = client.get("/cases/").content.decode()
    assert '<option value="新设时限类别">' in page and "新设街道" in page


@pytest.fixture
def mixed(cases, units):
    """Beside the reported ones: cases rectifying on time, late (one 挂牌), closed, awaiting intake."""
    from tests.cases.factories import case_in

    late = [case_in(State.RECTIFYING, units["guangming"], late=True) for _ in range(2)]
    Case.objects.filter(pk=late[0].pk).update(exposed_at=timezone.now(), points_at_risk=1.5)
    case_in(State.RECTIFYING, units["yucai"])
    case_in(State.CLOSED, units["yucai"])
    case_in(State.REPORTED, units["yucai"])
    return cases


@pytest.mark.parametrize(
    "params",
    [{"state": "closed"}, {"state": "reported"}, {"state": "rectifying"}]
    + [{"overdue": "1"}, {"exposed": "1"}],
)
def test_figures_the_filters_settle_are_the_counted_ones(coordinator, mixed, params):
    from django.utils import timezone

    now = timezone.now()
    filters = selectors.CaseFilters.from_query(params)
    listed = selectors.case_list(coordinator, filters, now=now)
    settled = selectors.board_summary(listed, now=now, filters=filters)
    assert settled == selectors.board_summary(listed, now=now)  # counted with every condition
    assert settled["total"] > 0


@pytest.mark.parametrize(
    "params",
    [{"state": "reported"}, {"state": "rectifying"}, {"overdue": "1"}, {"state": "closed"}],
)
def test_an_estimated_list_still_counts_the_figures_its_filter_settles(
    coordinator, mixed, params, monkeypatch
):
    now = timezone.now()
    filters = selectors.CaseFilters.from_query(params)
    listed = selectors.case_list(coordinator, filters, now=now)
    exact = selectors.board_summary(listed, now=now, filters=filters)
    monkeypatch.setattr(selectors, "planned_rows", lambda qs: 250_400)
    estimated = selectors.board_summary(listed, now=now, filters=filters)
    assert (estimated["estimated"], estimated["total"]) == (True, 250_000)
    assert {**estimated, "total": exact["total"], "estimated": False} == exact


def test_the_region_filter_lists_every_visible_county_and_town_and_marks_the_chosen_one(
    login, coordinator, cases
):
    import re

    from wenming.regions.models import RegionLevel
    from wenming.regions.selectors import region_choices

    Region.objects.create(
        code="340403998000", name="<新>街道", level="town", parent_id="340403000000"
    )
    page = login(coordinator).get("/cases/", {"region": GUANGMING[:9] + "000"}).content.decode()
    select = page.split('name="region"')[1].split("</select>")[0]
    shown = re.findall(r'<option value="(\d+)"( selected)?>(　?)([^<]*)</option>', select)
    expected = [
        (
            r["code"],
            " selected" if r["code"] == GUANGMING[:9] + "000" else "",
            "　" if r["level"] == RegionLevel.TOWN else "",
            r["name"].replace("<", "&lt;").replace(">", "&gt;"),
        )
        for r in region_choices(coordinator, levels=(RegionLevel.COUNTY, RegionLevel.TOWN))
    ]
    assert shown == expected and sum(1 for s in shown if s[1]) == 1
    assert "&lt;新&gt;街道" in select


def test_a_board_row_shows_the_case_pages_state_pieces_and_links_to_the_case(
    login, coordinator, cases
):
    # The rows write _state.html and _rework.html out inline and reverse the link once a page:
    # what they show stays what those pieces and {% url %} give.
    Case.objects.filter(pk=cases[0].pk).update(exposed_at=timezone.now())
    page = login(coordinator).get("/cases/").content.decode()
    for case in selectors.with_rework_reasons(Case.objects.filter(pk__in=[c.pk for c in cases])):
        assert (
            f'<a href="{reverse("cases:case_detail", args=[case.pk])}" data-testid="case-link">'
            in page
        )
        assert render_to_string("cases/_state.html", {"case": case}).strip() in page
        assert render_to_string("cases/_rework.html", {"case": case}).strip() in page
    assert "挂牌督办" in page


def test_a_board_row_prints_what_people_typed_as_text_not_as_markup(
    login, coordinator, inspector, units
):
    # The rows are written in Python (cases/rows.py), not by the template's autoescape.
    case = report(
        inspector,
        region=Region.objects.get(code=GUANGMING),
        unit=units["guangming"],
        category="<i>类别</i>",
        description='<script>alert("x")</script> & 乱堆',
    )
    Case.objects.filter(pk=case.pk).update(state=State.RECTIFYING, fail_count=1)
    CaseEvent.objects.create(
        case=case, action="fail", to_state=State.RECTIFYING, note="<b>未清理</b>"
    )
    page = login(coordinator).get("/cases/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 乱堆" in page
    assert "&lt;i&gt;类别&lt;/i&gt;" in page and "<i>类别</i>" not in page
    assert "返工原因：&lt;b&gt;未清理&lt;/b&gt;" in page and 'data-testid="rework-badge"' in page
