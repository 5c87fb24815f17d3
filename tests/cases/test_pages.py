"""The case pages as users meet them: board, to-do list, case page and its actions, map, scoping."""

import io

import pytest
from django.test import Client
from PIL import Image

from tests.cases.factories import move, report
from wenming.cases.models import CaseEvent, ReplyTemplate, Source, State
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
GUANGMING, YUCAI = "340403001001", "340404001001"


def jpeg(colour="red") -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(data, "JPEG")
    data.seek(0)
    data.name = "after.jpg"
    return data


@pytest.fixture
def case(inspector, units):
    return report(inspector, region=Region.objects.get(code=GUANGMING), unit=units["guangming"])


def test_community1_gets_404_for_a_case_of_community2_page(login, community1, inspector, units):
    other = report(inspector, region=Region.objects.get(code=YUCAI), unit=units["yucai"])
    client = login(community1)
    assert client.get(f"/cases/{other.pk}/").status_code == 404
    response = client.post(f"/cases/{other.pk}/sign/", {"version": other.version})
    assert response.status_code == 404
    assert other.events.count() == 1


def test_outsider_sees_an_empty_board_and_no_case(login, outsider, case):
    client = login(outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    page = client.get("/cases/")
    assert page.status_code == 200 and "没有符合条件的问题" in page.content.decode()


def test_anonymous_is_sent_to_login(client, case):
    assert client.get("/cases/").status_code == 302
    assert client.get(f"/cases/{case.pk}/").status_code == 302


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_unit_signs_and_submits_with_an_after_photo_then_the_coordinator_fails_and_passes(
    community1, coordinator, case
):
    unit = client_for(community1)
    page = unit.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="do-sign"' in page and 'data-testid="do-pass"' not in page
    unit.post(f"/cases/{case.pk}/sign/", {"version": case.version})
    case.refresh_from_db()
    response = unit.post(
        f"/cases/{case.pk}/submit/",
        {
            "version": case.version,
            "note": "已清理",
            "photos": [jpeg()],
            "latitude": "32.626000",
            "longitude": "116.990000",
        },
        follow=True,
    )
    assert "已完成" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.AWAITING_VERIFICATION
    after = case.photos.get(kind="after")
    assert after.distance_m == 111  # 0.001° of latitude from the case's position
    office = client_for(coordinator)
    page = office.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="photo-far"' in page  # beyond 50 m: flagged for the verifier
    office.post(f"/cases/{case.pk}/fail/", {"version": case.version, "note": "仍有杂物"})
    case.refresh_from_db()
    unit.post(
        f"/cases/{case.pk}/submit/",
        {"version": case.version, "note": "再次清理", "photos": [jpeg()]},
    )
    case.refresh_from_db()
    response = office.post(f"/cases/{case.pk}/pass/", {"version": case.version}, follow=True)
    case.refresh_from_db()
    assert case.state == State.CLOSED, [str(m) for m in response.context["messages"]]
    assert case.state == State.CLOSED
    page = office.get(f"/cases/{case.pk}/").content.decode()
    assert page.count('data-testid="timeline-event"') == 6


def test_a_stale_form_shows_a_conflict_message(login, community1, case):
    client = login(community1)
    client.post(f"/cases/{case.pk}/sign/", {"version": case.version})
    response = client.post(f"/cases/{case.pk}/sign/", {"version": case.version}, follow=True)
    assert "已被他人处理" in response.content.decode()
    assert CaseEvent.objects.filter(case=case, action="sign").count() == 1


def test_a_non_image_upload_is_refused_with_a_clear_message(login, community1, case):
    client = login(community1)
    move(community1, case, "sign")
    case.refresh_from_db()
    fake = io.BytesIO(b"MZ\x90\x00 not a photo")
    fake.name = "photo.jpg"
    response = client.post(
        f"/cases/{case.pk}/submit/",
        {"version": case.version, "note": "x", "photos": [fake]},
        follow=True,
    )
    assert "不允许上传此类文件" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.RECTIFYING


def test_todo_list_buckets_the_units_cases(login, community1, case, inspector, units):
    signed = move(
        community1,
        report(inspector, region=Region.objects.get(code=GUANGMING), unit=units["guangming"]),
        "sign",
    )
    page = login(community1).get("/cases/todo/").content.decode()
    assert 'data-testid="todo-count-to_sign">1<' in page
    assert (
        'data-testid="todo-count-rectifying">1<' in page
        or 'data-testid="todo-count-due_soon">1<' in page
    )
    assert f"#{signed.pk}" in page


def test_board_filters_and_does_not_query_per_row(
    login, coordinator, inspector, units, django_assert_max_num_queries
):
    region = Region.objects.get(code=GUANGMING)
    for i in range(12):
        report(
            inspector,
            region=region,
            unit=units["guangming"],
            category="占道经营" if i % 2 else "乱贴乱画",
        )
    report(None, region=region, source=Source.CITIZEN, category="垃圾暴露")
    client = login(coordinator)
    client.get("/cases/")  # warm the session
    with django_assert_max_num_queries(14):
        page = client.get("/cases/").content.decode()
    assert page.count('data-testid="case-row"') == 13
    filtered = client.get(
        "/cases/", {"category": "乱贴乱画", "state": "dispatched"}
    ).content.decode()
    assert filtered.count('data-testid="case-row"') == 6
    assert (
        client.get("/cases/", {"source": "citizen"})
        .content.decode()
        .count('data-testid="case-row"')
        == 1
    )


def test_intake_suggests_nearby_open_cases_of_the_same_category(
    login, coordinator, inspector, units
):
    region = Region.objects.get(code=GUANGMING)
    first = report(
        inspector,
        region=region,
        unit=units["guangming"],
        latitude="32.625000",
        longitude="116.990000",
    )
    second = report(
        None, region=region, source=Source.CITIZEN, latitude="32.625200", longitude="116.990000"
    )
    far = report(
        None, region=region, source=Source.CITIZEN, latitude="32.635000", longitude="116.990000"
    )
    page = login(coordinator).get(f"/cases/{second.pk}/").content.decode()
    assert (
        'data-testid="duplicate-suggestions"' in page
        and f"#{first.pk}" in page
        and "相距 22 米" in page
    )
    assert (
        "duplicate-suggestions" not in login(coordinator).get(f"/cases/{far.pk}/").content.decode()
    )


def test_reply_templates_are_offered_for_the_category(login, community1, case):
    ReplyTemplate.objects.create(
        category="占道经营", action="return", title="非本辖区", text="该路段不属于本社区管辖。"
    )
    page = login(community1).get(f"/cases/{case.pk}/").content.decode()
    assert "该路段不属于本社区管辖。" in page


def test_map_points_list_open_cases_in_scope(login, community1, case, inspector, units):
    report(inspector, region=Region.objects.get(code=YUCAI), unit=units["yucai"])
    data = (
        login(community1)
        .get("/map/clusters.json", {"layer": "cases", "bbox": "-180,-90,180,90", "zoom": "19"})
        .json()
    )
    assert [p["id"] for p in data["items"]] == [case.pk]
    assert login(community1).get("/cases/map/").status_code == 200


def test_report_form_creates_a_case(login, coordinator):
    client = login(coordinator)
    assert client.get("/cases/new/").status_code == 200
    response = client.post(
        "/cases/new/",
        {
            "source": "department",
            "category": "乱贴乱画",
            "severity": "general",
            "description": "墙面小广告",
            "region": GUANGMING,
            "address": "淮舜路 12 号",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        "/cases/new/",
        {
            "source": "department",
            "category": "",
            "severity": "general",
            "description": "x",
            "region": GUANGMING,
        },
    )
    assert bad.status_code == 422


def test_coordinator_bulk_dispatches_reported_cases_from_the_board(
    login, coordinator, community1, units
):
    region = Region.objects.get(code=GUANGMING)
    held = [report(None, region=region, source=Source.CITIZEN) for _ in range(2)]
    client = login(coordinator)
    page = client.get("/cases/", {"state": "reported"}).content.decode()
    assert page.count('data-testid="select-case"') == 2
    response = client.post(
        "/cases/bulk-dispatch/",
        {
            "case": [c.pk for c in held],
            "unit": units["guangming"].pk,
            "next": "/cases/?state=reported",
        },
        follow=True,
    )
    assert "已交办 2 件" in response.content.decode()
    assert {c.state for c in (type(held[0]).objects.filter(pk__in=[c.pk for c in held]))} == {
        State.DISPATCHED
    }
    assert (
        login(community1).post("/cases/bulk-dispatch/", {"case": [held[0].pk]}).status_code == 403
    )


def test_the_statistics_page_reads_its_month_as_a_period_and_survives_a_bad_one(coordinator):
    client = client_for(coordinator)
    assert 'value="2026-02"' in client.get("/cases/stats/", {"month": "2026-2"}).content.decode()
    response = client.get("/cases/stats/", {"month": "2026-13"})
    assert response.status_code == 200
