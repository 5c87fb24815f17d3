"""The work report states the registers' figures: 551 meal points of which 280 urban and 271
rural (urban/rural from the region codes), the safety counts, and says so where a source holds
no data instead of printing 0."""

import io
from datetime import date

import docx
import pytest
from django.core.management import call_command

from tests.welfare.factories import meal_points
from wenming.regions.models import Region
from wenming.reports import services
from wenming.welfare.models import ActivityKind, SafetyActivity, SafetyCheck

SENTENCE = "全市共建成老年食堂(助餐点)551家,其中,城市老年食堂280家,农村老年食堂271家"


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def registers(units):
    urban = Region.objects.get(code="340403001001")  # 光明社区, 111
    rural = Region.objects.get(code="340404001201")  # 王岗村, 220
    meal_points(urban, 280, prefix="城市食堂")
    meal_points(rural, 271, prefix="农村助餐点")
    meal_points(rural, 3, prefix="筹建", status="planned")  # not built: not counted
    civil = units["civil"]
    for i in range(70):
        SafetyCheck.objects.create(
            unit=civil,
            region=civil.region,
            checked_on=date(2026, 1, 2 + i % 28),
            checker="李安全",
            place="市救助管理站",
        )
    for kind, n in ((ActivityKind.TALK, 31), (ActivityKind.DRILL, 172), (ActivityKind.NOTICE, 5)):
        SafetyActivity.objects.bulk_create(
            SafetyActivity(
                unit=civil, region=civil.region, kind=kind, held_on=date(2026, 3, 1), title="x"
            )
            for _ in range(n)
        )
    return civil


def test_cli_writes_docx_and_pdf_stating_the_meal_points_and_safety_counts(registers, tmp_path):
    call_command("report", unit="市民政局", period="2026", out=str(tmp_path))
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".docx", ".pdf"]
    text = _text(next(tmp_path.glob("*.docx")).read_bytes())
    assert SENTENCE in text
    assert "共开展检查70次、安全宣讲31场、事故应急演练172场，下发工作提示5次" in text
    assert "市文明委：" in text
    assert "淮南市民政局" in text and "2026年" in text
    assert "市民政局报〔" in text  # 文号
    pdf = next(tmp_path.glob("*.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF")


def test_a_figure_without_data_says_so_and_every_figure_is_listed_with_its_source(registers):
    report = services.open_report(actor=None, unit=registers, period_key="2026")
    data, name = services.render_report(actor=None, report=report, fmt="docx")
    text = _text(data)
    assert name.endswith(".docx")
    # No relief case is registered: the sentence says there is no data, not 0.
    assert "救助流浪乞讨人员（2026年无数据）" in text
    assert "救助流浪乞讨人员0" not in text
    assert "附表：文中数据来源" in text
    assert "民生台账·老年食堂（助餐点）" in text and "民生台账·安全检查" in text


def test_the_unit_is_found_by_full_or_short_name_and_a_bad_period_is_named(units):
    assert services.find_unit("淮南市民政局") == services.find_unit("市民政局") == units["civil"]
    with pytest.raises(services.ReportError, match="找不到单位"):
        services.find_unit("市不存在局")
    with pytest.raises(services.ReportError, match="无法识别考核期"):
        services.period_of("去年")


def test_the_edited_prose_is_what_the_report_prints(registers):
    report = services.open_report(actor=None, unit=registers, period_key="2026")
    services.save_report(
        actor=None, report=report, data={"publicity": "在主流媒体刊发稿件{meal.total}篇次。"}
    )
    data, _name = services.render_report(actor=None, report=report, fmt="docx")
    assert "在主流媒体刊发稿件551篇次。" in _text(data)


def test_the_report_states_pairings_and_funds_from_the_community_app(registers, units):
    from wenming.community.models import Community, Disbursement, Pairing

    gm = units["guangming"]
    community = Community.objects.create(unit=gm, region=gm.region, households=800)
    pairing = Pairing.objects.create(
        unit=registers, community=community, region=gm.region, start=date(2026, 1, 1)
    )
    Disbursement.objects.create(
        pairing=pairing, amount="300000", paid_on=date(2026, 4, 1), purpose="cleaning"
    )
    report = services.open_report(actor=None, unit=registers, period_key="2026")
    text = _text(services.render_report(actor=None, report=report, fmt="docx")[0])
    assert "结对共建社区1个，2026年拨付帮扶资金300000元" in text
    assert "社区达标·结对共建" in text


@pytest.mark.django_db
def test_a_unit_with_no_report_yet_is_told_how_to_start_one(client, dept):
    client.force_login(dept)
    page = client.get("/reports/").content.decode()
    assert "暂无。填好报告期，点“打开报告”即可起草" in page
