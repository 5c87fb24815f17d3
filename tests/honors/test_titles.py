"""文明单位/村镇/校园/家庭: titles with their level and year, the annual 复查 against the kind's
checklist (inspections' checklist items), 保留/警示/撤销 with reasons, the list due for 复查 this
year, the counts by kind and level, and serious cases (exposure, 黑榜) flagging a title."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.framework.factories import FrameworkFactory
from wenming.cases.models import Case
from wenming.honors import selectors, titles
from wenming.honors.models import TitleStatus
from wenming.honors.services import HonorsInputError
from wenming.regions.models import Region
from wenming.scoring.models import Assessment, AssessmentUnit

pytestmark = pytest.mark.django_db
CITY = "340400000000"


@pytest.fixture
def held(coordinator, units):
    def make(name, kind="unit", level="city", year=2024, region=CITY, unit=None):
        return titles.register_title(
            actor=coordinator,
            kind=kind,
            level=level,
            holder_name=name,
            region_code=region,
            year=year,
            unit_id=unit.pk if unit else None,
        )

    return {
        "civil": make("淮南市民政局", unit=units["civil"], level="province", year=2023),
        "police": make("淮南市公安局", unit=units["police"], year=2026),
        "guangming": make("光明社区", kind="village", region="340403001001", year=2025),
        "school": make("淮南第一中学", kind="campus", level="national", year=2024),
        "family": make("王秀英家庭", kind="family", region="340403001001", year=2025),
    }


def _all_pass(title):
    return {item.pk: (True, "") for item in titles.checklist_of(title.kind)}


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_due_for_review_counts_and_review_results(coordinator, held):
    due = {t.holder_name for t in selectors.title_list(coordinator, due=2026)}
    # 公安局 was conferred this year: its first 复查 is next year.
    assert due == {"淮南市民政局", "光明社区", "淮南第一中学", "王秀英家庭"}
    counts = selectors.title_counts(CITY, year=2026)
    assert counts.count() == 5 and counts.due == 4
    assert counts.count(kind="unit") == 2 and counts.count(level="city") == 3
    assert counts.by_kind_level[("campus", "national")] == 1

    items = titles.checklist_of("unit")
    assert len(items) == 6 and items[0].site_type.code == "title-unit"
    titles.review_title(
        actor=coordinator,
        title_id=held["civil"].pk,
        year=2026,
        results=_all_pass(held["civil"]),
        result="retain",
    )
    failed = _all_pass(held["school"])
    failed[titles.checklist_of("campus")[2].pk] = (False, "教师有偿补课被查处")
    with pytest.raises(HonorsInputError) as refused:
        titles.review_title(
            actor=coordinator,
            title_id=held["school"].pk,
            year=2026,
            results=failed,
            result="revoke",
        )
    assert "须写明理由" in refused.value.message
    review = titles.review_title(
        actor=coordinator,
        title_id=held["school"].pk,
        year=2026,
        results=failed,
        result="revoke",
        reasons="发生师德失范事件",
    )
    assert review.failed_items == 1
    held["school"].refresh_from_db()
    assert held["school"].status == TitleStatus.REVOKED
    incomplete = dict(list(_all_pass(held["family"]).items())[:2])
    with pytest.raises(HonorsInputError) as refused:
        titles.review_title(
            actor=coordinator,
            title_id=held["family"].pk,
            year=2026,
            results=incomplete,
            result="retain",
        )
    assert "未检查" in refused.value.message
    with pytest.raises(HonorsInputError):  # one 复查 per title and year
        titles.review_title(
            actor=coordinator,
            title_id=held["civil"].pk,
            year=2026,
            results=_all_pass(held["civil"]),
            result="warn",
            reasons="重复",
        )
    due = {t.holder_name for t in selectors.title_list(coordinator, due=2026)}
    assert due == {"光明社区", "王秀英家庭"}
    counts = selectors.title_counts(CITY, year=2026)
    assert counts.count() == 4 and counts.due == 2  # the revoked school no longer counts


def test_exposed_case_and_black_list_flag_titles_once(coordinator, held, units):
    region = Region.objects.get(code="340403001001")
    exposed = Case.objects.create(
        source="inspection",
        category="占道经营",
        description="光明社区门口占道经营",
        region=region,
        unit=units["guangming"],
        state="rectifying",
        exposed_at=timezone.now(),
    )
    framework = FrameworkFactory()
    assessment = Assessment.objects.create(
        framework=framework,
        region=Region.objects.get(code=CITY),
        period_kind="week",
        period_key="2026-W47",
        period_start=date(2026, 11, 16),
        period_end=date(2026, 11, 22),
    )
    AssessmentUnit.objects.create(
        assessment=assessment,
        unit=units["police"],
        unit_name="淮南市公安局",
        kind="department",
        region=Region.objects.get(code=CITY),
        composite=41,
        honour="black",
    )
    assert titles.flag_titles() == 2
    assert titles.flag_titles() == 0  # the job run twice flags once
    village = held["guangming"]
    assert [f.reason for f in village.flags.all()] == [f"案件#{exposed.pk}（占道经营）挂牌督办"]
    assert "黑榜" in held["police"].flags.get().reason
    assert not held["civil"].flags.exists()
    # Flagged titles are due for 复查 even in the year they were conferred.
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        due = {t.holder_name for t in selectors.title_list(coordinator, due=2026)}
        assert "淮南市公安局" in due
        assert selectors.title_counts(CITY).flagged == 2
        titles.review_title(
            actor=coordinator,
            title_id=held["police"].pk,
            year=2026,
            results=_all_pass(held["police"]),
            result="warn",
            reasons="考核列入黑榜，限期整改",
        )
    held["police"].refresh_from_db()
    assert held["police"].status == TitleStatus.WARNED
    assert held["police"].flags.get().review is not None
    assert selectors.title_counts(CITY, year=2026).flagged == 1


def test_titles_page_lists_due_and_counts(client, coordinator, held, community1):
    client.force_login(coordinator)
    page = client.get(reverse("honors:titles"), {"due": "1"}).content.decode()
    assert "淮南市民政局" in page and 'data-testid="title-counts"' in page
    detail = client.get(reverse("honors:title", args=[held["civil"].pk])).content.decode()
    assert "领导班子重视精神文明建设" in detail
    client.force_login(community1)
    assert client.get(reverse("honors:title", args=[held["civil"].pk])).status_code == 404
    assert client.get(reverse("honors:title", args=[held["family"].pk])).status_code == 200


def _sheet(rows, header=("名稱", "稱號", "級別", "授予年度", "區劃代碼", "對應單位")):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2026年淮南市文明称号台账"])  # a title row above the header, as offices write
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_titles_import_from_the_offices_spreadsheet_and_export(client, coordinator, units):
    bad = _sheet(
        [
            ("淮南市民政局", "文明單位", "省級", 2023, "340400000000", "市民政局"),
            ("光明社区", "文明村", "市级", "二〇二四", "340403001001", ""),
            ("", "文明家庭", "县级", 2025, "999999999999", ""),
        ]
    )
    with pytest.raises(titles.SheetRejected) as refused:
        titles.import_titles(actor=coordinator, data=bad, filename="称号.xlsx")
    where = [str(e) for e in refused.value.errors]
    assert any("第 4 行" in w and "D 列" in w for w in where)  # 二〇二四
    assert any("第 5 行" in w and "A 列" in w for w in where)  # no name
    assert any("第 5 行" in w and "C 列" in w for w in where)  # 县级
    assert any("第 5 行" in w and "E 列" in w for w in where)  # unknown region
    assert not titles.CivilizedUnit.objects.exists()

    good = _sheet(
        [
            ("淮南市民政局", "文明單位", "省級", 2023, "340400000000", "市民政局"),
            ("光明社区", "文明村", "市级", 2024, "340403001001", ""),
            ("王秀英家庭", "文明家庭", "市级", 2025, "", ""),
        ]
    )
    result = titles.import_titles(actor=coordinator, data=good, filename="称号.xlsx")
    assert (result.created, result.unchanged) == (3, 0)
    again = titles.import_titles(actor=coordinator, data=good, filename="称号.xlsx")
    assert (again.created, again.unchanged) == (0, 3)
    civil = titles.CivilizedUnit.objects.get(holder_name="淮南市民政局")
    assert (civil.kind, civil.level, civil.unit_id) == ("unit", "province", units["civil"].pk)
    family = titles.CivilizedUnit.objects.get(holder_name="王秀英家庭")
    assert family.region_id == "340400000000"  # the office's own region when none is given

    client.force_login(coordinator)
    response = client.get(reverse("honors:titles_export"))
    assert response.status_code == 200
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    names = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert names == {"淮南市民政局", "光明社区", "王秀英家庭"}
