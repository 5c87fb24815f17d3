"""The demo city's registers hold seed 000's meal points: 551, of which 280 urban and 271 rural
— urban or rural decided by each community's or village's 城乡分类代码, never typed."""

import io

import docx
import pytest

from wenming.periods import parse_period
from wenming.regions.demo import load_demo_organisation
from wenming.welfare import demo, selectors
from wenming.welfare.models import MealPoint


@pytest.mark.django_db
def test_demo_meal_points_are_551_of_which_280_urban_and_271_rural_by_region_code():
    load_demo_organisation()
    first = demo.load_demo()
    again = demo.load_demo()
    assert first == again  # loading twice changes nothing
    figures = selectors.meal_figures(prefix="3404", period=parse_period("2026"))
    assert (figures.total, figures.urban, figures.rural) == (551, 280, 271)
    assert figures.elderly_served >= 120000
    urban_codes = set(
        MealPoint.objects.filter(region__urban_rural__startswith="1").values_list(
            "region__urban_rural", flat=True
        )
    )
    assert urban_codes <= {"111", "112", "121", "122", "123"}
    safety = selectors.safety_figures(prefix="3404", period=parse_period("2026"))
    assert (safety.checks, safety.talks, safety.drills, safety.notices) == (72, 31, 172, 5)
    assert safety.hazards == 3
    assert first["relief_cases"] == 12 and first["children"] == 8
    relief = selectors.relief_figures(prefix="3404", period=parse_period("2026"))
    assert relief.campaigns == 2 and relief.minors >= 1


@pytest.mark.django_db
def test_the_demo_citys_report_states_the_demo_registers():
    from wenming.reports import services as reports

    load_demo_organisation()
    demo.load_demo()
    report = reports.open_report(actor=None, unit=reports.find_unit("市民政局"), period_key="2026")
    data, _name = reports.render_report(actor=None, report=report, fmt="docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "全市共建成老年食堂(助餐点)551家,其中,城市老年食堂280家,农村老年食堂271家" in text
    assert "共开展检查72次、安全宣讲31场、事故应急演练172场，下发工作提示5次" in text
    assert "共救助流浪乞讨人员12人次，其中未成年人1人次" in text
