"""应急避难场所 and 地名标志 are site types with their checklists (sign present and to standard,
clean, 公益广告 on the sign), so a failed item becomes a case like any other."""

from decimal import Decimal

import pytest

from tests.inspections.factories import SiteFactory, answers_for, make_round
from wenming.cases.models import Case
from wenming.inspections import services
from wenming.inspections.defaults import CIVIL_AFFAIRS_SITE_TYPES, install_default_site_types
from wenming.inspections.models import ChecklistItem, SiteType


def site_type(code):
    """Installed by migration 0005; browser tests flush it, so install again when missing."""
    install_default_site_types(SiteType, ChecklistItem, CIVIL_AFFAIRS_SITE_TYPES)
    return SiteType.objects.get(code=code)


@pytest.mark.parametrize(
    ("code", "failed", "category"),
    [
        ("shelter", 1, "避难场所标识"),
        ("place-sign", 3, "地名标志污损"),
        ("place-sign", 5, "公益广告缺失"),
    ],
)
def test_a_failed_civil_affairs_item_becomes_a_case(
    coordinator, inspector, units, code, failed, category
):
    kind = site_type(code)
    site = SiteFactory(name=f"测试{kind.name}", site_type=kind, unit=units["civil"])
    round = make_round(coordinator, sites=[site], inspectors=[inspector])
    services.record_inspection(
        actor=inspector,
        round=round,
        site=site,
        answers=answers_for(site, fail={failed}),
        position=services.Position(Decimal("32.640100"), Decimal("117.010200"), 12),
    )
    case = Case.objects.get()
    assert case.category == category and case.unit == units["civil"]
    assert kind.name in case.description or site.name in case.description


def test_the_sign_checklist_asks_for_presence_standard_cleanliness_and_psa(db):
    texts = " ".join(site_type("place-sign").items.values_list("text", flat=True))
    for words in ("设置齐全", "国家标准", "清洁", "公益广告"):
        assert words in texts
    assert "标识牌" in " ".join(site_type("shelter").items.values_list("text", flat=True))
