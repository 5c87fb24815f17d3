"""The 考核通报 pages: the dashboard agrees with the latest assessment; bulletins go draft → approved →
published and reach the units in scope only."""

import re

import pytest
from django.urls import reverse

from tests.scoring.factories import small_city
from wenming.accounts.models import AuditEvent
from wenming.periods import parse_period
from wenming.scoring.models import Assessment, Bulletin
from wenming.scoring.services import assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture(units, admin_user, inspector):
    data = small_city(units, admin=admin_user, inspector=inspector)
    data["assessment"] = assess(
        actor=None, framework=data["framework"], period=parse_period("2026-W46")
    ).assessment
    return data


def _series(client, assessment) -> dict:
    response = client.get(reverse("scoring:dashboard_data", args=[assessment.pk]))
    assert response.status_code == 200 and "max-age" in response["Cache-Control"]
    return response.json()


def test_every_number_on_the_dashboard_agrees_with_the_latest_assessment(
    fixture, login, coordinator
):
    client = login(coordinator)
    response = client.get(reverse("scoring:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assessment = fixture["assessment"]
    cases = assessment.summary["cases"]
    # Counts of problems carry their unit, 件, as the figure panels beside them carry theirs.
    unit = '<small class="fs-6 fw-normal">件</small>'
    assert f'data-testid="stat-found">{cases["found"]}</span>{unit}' in html
    assert f'data-testid="stat-overdue">{cases["overdue_open"]}</span>{unit}' in html
    assert "全市：淮南市" in html and 'data-testid="own-scope"' not in html
    # No bulk data in the page: the series come from the assessment's JSON.
    assert 'id="dashboard-data"' not in html
    data = _series(client, assessment)
    assert data["assessment"]["id"] == assessment.pk
    shown = {
        (u["name"], u["rank"], u["composite"]) for group in data["rankings"] for u in group["units"]
    }
    stored = {
        (r.unit_name, r.rank, str(r.composite)) for r in assessment.rows.filter(rank__isnull=False)
    }
    assert shown == stored
    for name, rank, composite in stored:
        assert name in html
    assert [d["found"] for d in data["districts"]] == [
        d["found"] for d in assessment.summary["districts"]
    ]
    # Each figure links to the cases or tasks behind it.
    assert all(d["url"].startswith(reverse("cases:board") + "?region=") for d in data["districts"])
    assert all("unit=" in u["tasks_url"] for group in data["rankings"] for u in group["units"])


def test_a_week_without_an_assessment_is_a_gap_in_the_trend_not_zero(fixture, login, coordinator):
    later = assess(
        actor=None, framework=fixture["framework"], period=parse_period("2026-W48")
    ).assessment
    trend = _series(login(coordinator), later)["trend"]
    assert [t["period"] for t in trend[-3:]] == ["2026-W46", "2026-W47", "2026-W48"]
    gap = trend[-2]
    assert gap["on_time_rate"] is None and gap["score_rate"] is None and gap["url"] == ""
    assert trend[-3]["score_rate"] == fixture["assessment"].summary["total"]["rate"]


def test_a_community_sees_its_own_figures_first_and_what_the_city_figures_cover(
    fixture, login, community1, client, outsider
):
    client = login(community1)
    html = client.get(reverse("scoring:index")).content.decode()
    own = fixture["assessment"].rows.get(unit_name="光明社区")
    assert "本单位：光明社区" in html
    assert html.index("本单位：光明社区") < html.index("全市：淮南市")
    assert f'data-testid="own-composite">{own.composite or "—"}<' in html
    data = _series(client, fixture["assessment"])
    assert [u["name"] for group in data["rankings"] for u in group["units"]] == ["光明社区"]
    client.force_login(outsider)
    assert client.get(reverse("scoring:index")).status_code == 403


def test_site_map_colours_sites_by_their_latest_visit(fixture, login, coordinator):
    site = fixture["sites"][0]
    type(site).objects.filter(pk=site.pk).update(latitude=32.6, longitude=117.0)
    data = (
        login(coordinator)
        .get(reverse("web:map_clusters"), {"layer": "sites", "bbox": "116,32,118,33", "zoom": "14"})
        .json()
    )
    # One item passed, two failed at its latest visit: a pass rate under 70 %.
    assert [(s["name"], s["class"]) for s in data["items"]] == [("光明农贸市场", "poor")]


def test_bulletin_goes_from_draft_to_published_and_reaches_units_in_scope(
    fixture, client, coordinator, admin_user, community1, dept
):
    client.force_login(coordinator)
    response = client.post(
        reverse("scoring:bulletin_list"), {"kind": "weekly", "period": "2026-W46"}
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and bulletin.assessment == fixture["assessment"]
    detail = reverse("scoring:bulletin_detail", args=[bulletin.pk])
    client.post(
        reverse("scoring:bulletin_edit", args=[bulletin.pk]),
        {"requirements": "请各单位于周五前完成整改。", "version": bulletin.version},
    )
    bulletin.refresh_from_db()
    assert bulletin.requirements == "请各单位于周五前完成整改。"
    # The coordinator drafts but may not approve.
    assert (
        client.post(
            reverse("scoring:bulletin_approve", args=[bulletin.pk]), {"version": bulletin.version}
        ).status_code
        == 403
    )
    client.force_login(community1)
    assert client.get(detail).status_code == 404  # a draft is not the units' business
    client.force_login(admin_user)
    client.post(
        reverse("scoring:bulletin_approve", args=[bulletin.pk]), {"version": bulletin.version}
    )
    bulletin.refresh_from_db()
    assert bulletin.status == "approved" and bulletin.number.endswith("号")
    client.post(
        reverse("scoring:bulletin_publish", args=[bulletin.pk]), {"version": bulletin.version}
    )
    bulletin.refresh_from_db()
    assert bulletin.status == "published"
    for unit_user in (community1, dept):
        client.force_login(unit_user)
        page = client.get(detail)
        assert page.status_code == 200 and "请各单位于周五前完成整改。" in page.content.decode()
        assert "红榜：综合得分不低于80分的前3名" in page.content.decode()
        assert bulletin.title in client.get(reverse("scoring:bulletin_list")).content.decode()
    download = client.get(reverse("scoring:bulletin_download", args=[bulletin.pk, "docx"]))
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export", object_id=str(bulletin.pk)).exists()


def test_a_stale_form_gets_a_conflict_message_not_a_silent_overwrite(fixture, client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("scoring:bulletin_list"), {"kind": "weekly", "period": "2026-W46"})
    bulletin = Bulletin.objects.get()
    client.post(
        reverse("scoring:bulletin_edit", args=[bulletin.pk]),
        {"requirements": "第一稿", "version": bulletin.version},
    )
    response = client.post(
        reverse("scoring:bulletin_edit", args=[bulletin.pk]),
        {"requirements": "旧页面的稿子", "version": bulletin.version},
    )
    assert response.status_code == 422 and "已被他人修改" in response.content.decode()
    bulletin.refresh_from_db()
    assert bulletin.requirements == "第一稿"


def test_a_bad_period_is_explained_and_nothing_is_made(fixture, client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("scoring:bulletin_list"), {"kind": "weekly", "period": "2026-11"}
    )
    assert (
        response.status_code == 422 and "周通报须选择一个周作为考核期" in response.content.decode()
    )
    assert not Bulletin.objects.exists() and Assessment.objects.count() == 1


def test_the_period_is_picked_from_chinese_labels_and_the_page_names_the_approvers(
    fixture, client, coordinator, settings
):
    import datetime

    from django.utils import timezone

    from wenming.periods import period_containing
    from wenming.scoring.forms import period_choices

    # On Friday of week 47 the newest choices are the last complete periods, not the running ones.
    weeks, months, quarters = period_choices(datetime.date(2026, 11, 20))
    assert weeks[0] == "周" and weeks[1][0] == ("2026-W46", "2026年第46周（11月9日—11月15日）")
    assert months[1][0] == ("2026-10", "2026年10月")
    assert quarters[1][0] == ("2026-Q3", "2026年第三季度")
    client.force_login(coordinator)
    page = client.get(reverse("scoring:bulletin_list")).content.decode()
    assert '<optgroup label="周">' in page and '<select class="form-select" name="period"' in page
    last_week = period_containing("week", timezone.localdate()).previous()
    assert f'<option value="{last_week.key}" selected>{last_week.label}</option>' in page
    client.post(reverse("scoring:bulletin_list"), {"kind": "weekly", "period": "2026-W46"})
    bulletin = Bulletin.objects.get()
    detail = client.get(reverse("scoring:bulletin_detail", args=[bulletin.pk])).content.decode()
    assert "审定和发布：文明办管理员。" in detail and 'data-testid="bulletin-approve"' not in detail
    settings.BULLETIN_APPROVER_ROLES = ["admin", "coordinator"]
    detail = client.get(reverse("scoring:bulletin_detail", args=[bulletin.pk])).content.decode()
    assert "审定和发布：文明办管理员、创城办/督查组。" in detail
    assert 'data-testid="bulletin-approve"' in detail
    client.post(
        reverse("scoring:bulletin_approve", args=[bulletin.pk]), {"version": bulletin.version}
    )
    bulletin.refresh_from_db()
    assert bulletin.status == "approved" and bulletin.approved_by == coordinator


def test_a_superuser_sees_every_assessment_and_bulletin(fixture, client):
    from tests.regions.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    from wenming.scoring.services import generate_bulletin

    bulletin, _ = generate_bulletin(actor=None, assessment=fixture["assessment"], kind="weekly")
    assert client.get(reverse("scoring:index")).context["assessment"].pk == fixture["assessment"].pk
    assert client.get(reverse("scoring:bulletin_detail", args=[bulletin.pk])).status_code == 200


def test_city_cards_lead_to_lists_holding_exactly_the_cases_they_count(fixture, login, coordinator):
    month = assess(
        actor=None, framework=fixture["framework"], period=parse_period("2026-11")
    ).assessment
    client = login(coordinator)
    html = client.get(reverse("scoring:index"), {"assessment": month.pk}).content.decode()
    cases = month.summary["cases"]
    assert cases["found"] > cases["closed"] > 0
    assert cases["due"] > cases["overdue_open"] > 0
    cards = (
        ("found", cases["found"]),
        ("closed", cases["closed"]),
        # 按期整改率's card leads to its base (应按期整改), the overdue card to the cases overdue
        # and open at the period's end — not to today's overdue list.
        ("on-time", cases["due"]),
        ("overdue", cases["overdue_open"]),
    )
    for card, figure in cards:
        href = re.search(rf'href="([^"]+)" data-testid="card-{card}"', html).group(1)
        board = client.get(href.replace("&amp;", "&"))
        assert board.status_code == 200 and "仅显示" in board.content.decode()
        assert board.context["summary"]["total"] == figure, card
    shown = f'data-testid="stat-on-time-count">{cases["closed_on_time"]}/{cases["due"]} 件<'
    assert shown in html


def test_a_community_sees_the_city_cards_as_a_reference_not_links(fixture, login, community1):
    html = login(community1).get(reverse("scoring:index")).content.decode()
    assert 'data-testid="card-found"' not in html and "全市合计，供对照" in html
