"""Statutory holidays by law agree with the calendar package; a pasted notice reproduces its year."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from wenming.cases.holidays import NoticeParseError, parse_notice, statutory_holidays

PACKAGE_NAMES = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Tomb-sweeping Day",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-autumn Festival",
    "国庆节": "National Day",
}


def _package_names(rule_name: str) -> set[str]:
    return {PACKAGE_NAMES[name] for name in rule_name.split("、")}


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_statutory_day_by_law_is_a_holiday_of_that_festival_in_the_package(year):
    """The package's holidays also hold the 调休 bridge days; the statutory ones must be among them.

    Each day the law gives off is a holiday there, named after its festival (a weekend day
    inside the festival's block may be unnamed: the package lists only some of those).
    """
    for day, name in statutory_holidays(year).items():
        off, package_name = chinese_calendar.get_holiday_detail(day)
        assert off, (day, name)
        if package_name is None:
            neighbours = {
                chinese_calendar.get_holiday_detail(day + timedelta(days=step))[1]
                for step in (-1, 1)
            }
            assert day.weekday() >= 5 and neighbours & _package_names(name), (day, name)
        else:
            assert package_name in _package_names(name), (day, name, package_name)


def _blocks(year: int) -> list[tuple[set[str], set[date]]]:
    """Runs of consecutive days off around ``year`` in the package, with the festivals named in each."""
    day, runs = max(date(year - 1, 12, 1), date(2004, 1, 1)), [(set(), set())]
    while day < min(date(year + 1, 2, 1), date(2027, 1, 1)):
        off, name = chinese_calendar.get_holiday_detail(day)
        if off:
            runs[-1][1].add(day)
            runs[-1][0].update({name} if name else set())
        elif runs[-1][1]:
            runs.append((set(), set()))
        day += timedelta(days=1)
    return [run for run in runs if run[0]]


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_festival_block_of_the_package_holds_the_laws_days_of_that_festival(year):
    """The other way round: each festival's statutory days lie in one block of days off named
    after it, and no block of the package's year lacks a statutory day of its festivals."""
    rule = statutory_holidays(year)
    blocks = _blocks(year)
    for festival in PACKAGE_NAMES:
        days = {d for d, name in rule.items() if festival in name.split("、")}
        if not days:
            continue
        (names, span), *_others = [b for b in blocks if min(days) in b[1]]
        # A festival sharing its day with another (中秋 on 国庆, 2020) may carry the other's name.
        known_as = set().union(*(_package_names(rule[d]) for d in days))
        assert names & known_as and days <= span, (year, festival)
    nearby = rule | statutory_holidays(year + 1) | statutory_holidays(year - 1)
    for names, span in blocks:
        if names == {"Anti-Fascist 70th Day"}:  # a one-off day off in 2015, not in the law
            continue
        if min(span).year == year:
            assert any(names & _package_names(nearby[d]) for d in span if d in nearby), (
                year,
                names,
            )


def test_the_law_in_force_each_year_decides_spring_festival_and_labour_day():
    # 2027: 除夕 5 Feb to 初三 8 Feb, 1–2 May (2024 revision).
    days = statutory_holidays(2027)
    assert [d for d, n in days.items() if n == "春节"] == [date(2027, 2, d) for d in (5, 6, 7, 8)]
    assert [d for d, n in days.items() if n == "劳动节"] == [date(2027, 5, 1), date(2027, 5, 2)]
    assert days[date(2027, 1, 1)] == "元旦" and days[date(2027, 4, 5)] == "清明节"
    # 2014–2024: 初一 to 初三, 除夕 a working day (31 Jan 2014 was 初一).
    assert date(2014, 1, 30) not in statutory_holidays(2014)
    # 2008–2013: 除夕 to 初二.
    assert statutory_holidays(2012)[date(2012, 1, 22)] == "春节"
    # Before 2008: no 清明, 端午, 中秋; three days in May.
    assert len(statutory_holidays(2007)) == 10
    # Two festivals on one day keep both names (中秋 on 国庆, 2020).
    assert statutory_holidays(2020)[date(2020, 10, 1)] == "国庆节、中秋节"


NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。
"""

NOTICE_2025 = """一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
"""


@pytest.mark.parametrize("year, text", [(2026, NOTICE_2026), (2025, NOTICE_2025)])
def test_a_past_notice_reproduces_the_packages_calendar_for_its_year(year, text):
    entries = parse_notice(text, year).entries()
    day = date(year, 1, 1)
    while day.year == year:
        workday = entries[day][0] if day in entries else day.weekday() < 5
        assert workday == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_a_notice_pasted_as_one_paragraph_is_read_item_by_item():
    one_paragraph = "".join(NOTICE_2025.splitlines())
    arrangement = parse_notice(one_paragraph, 2025)
    assert arrangement.days_off[date(2025, 10, 8)] == "国庆节、中秋节"
    assert arrangement.workdays[date(2025, 4, 27)] == "劳动节"
    assert arrangement.entries() == parse_notice(NOTICE_2025, 2025).entries()


def test_single_days_and_ranges_across_months_and_years_are_read():
    text = (
        "一、元旦：2022年12月31日（周六）至2023年1月2日（周一）放假调休，共3天。\n"
        "五、端午节：5月31日（周日）放假。6月6日（周六）上班。\n"
        "二、春节：1月21日（周六）至27日（周五）放假调休，共7天。1月28日（周六）、1月29日（周日）上班。\n"
        "三、清明节：4月5日（周三）放假，共1天。\n"
        "四、劳动节：4月29日（周六）至5月3日（周三）放假调休，共5天。\n"
        "六、中秋节、国庆节：9月29日（周五）至10月6日（周五）放假调休，共8天。\n"
    )
    # Not the real 2023 端午 (the test is about reading): a weekday check needs a year it fits.
    text = text.replace(
        "五、端午节：5月31日（周日）放假。6月6日（周六）上班。",
        "五、端午节：6月22日（周四）放假。6月24日（周六）上班。",
    )
    arrangement = parse_notice(text, 2023)
    assert arrangement.days_off[date(2022, 12, 31)] == "元旦"
    assert arrangement.days_off[date(2023, 5, 3)] == "劳动节"
    assert arrangement.days_off[date(2023, 6, 22)] == "端午节"
    assert set(arrangement.workdays) == {
        date(2023, 1, 28),
        date(2023, 1, 29),
        date(2023, 6, 24),
    }


@pytest.mark.parametrize(
    "line, message",
    [
        ("一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。", "是周四，通知写的是周五"),
        ("一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。", "共 4 天"),
        ("一、元旦：1月1日（周四）至3日（周六）放假。1月5日（周一）上班。", "不是周末"),
        ("一、元旦：1月（周四）放假。", "没有读到放假日期"),
        ("一、元旦：13月1日放假。", "没有读到放假日期"),
        ("元旦：1月1日（周四）放假。", "应以“一、元旦：”"),
        ("一、元旦：3日（周六）放假。", "没有月份"),
    ],
)
def test_a_line_that_cannot_be_read_is_named_with_what_is_wrong(line, message):
    with pytest.raises(NoticeParseError) as error:
        parse_notice(NOTICE_2026.replace(NOTICE_2026.splitlines()[3], line), 2026)
    assert any("第 4 行" in e and message in e for e in error.value.errors), error.value.errors


def test_a_notice_for_the_wrong_year_or_missing_a_festival_is_refused():
    with pytest.raises(NoticeParseError) as error:
        parse_notice(NOTICE_2026, 2027)
    assert "请检查年份" in str(error.value)
    without_national_day = "\n".join(NOTICE_2026.splitlines()[:-2])
    with pytest.raises(NoticeParseError) as error:
        parse_notice(without_national_day, 2026)
    assert "2026-10-01" in str(error.value)
    with pytest.raises(NoticeParseError, match="没有读到任何放假安排"):
        parse_notice("国务院办公厅关于2026年部分节假日安排的通知", 2026)
