"""China's public holidays: the statutory days by law, and the State Council's yearly notice.

《全国年节及纪念日放假办法》 fixes the statutory days (法定节假日) of every year; the State
Council's notice (国务院办公厅关于某年部分节假日安排的通知), published late in the year before,
adds the 调休 arrangement: days bridged to a weekend and the weekend days worked instead.
:func:`statutory_holidays` knows the first for any year; :func:`parse_notice` reads the second
from the notice's text as an admin pastes it. Neither touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.utils.translation import gettext as _
from lunar_python import Lunar

from wenming.cases.errors import CaseInputError

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
TOMB_SWEEPING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"


def _lunar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _span(first: date, days: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(days)]


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory days off of ``year`` by the revision of the law in force that year.

    1999: 元旦 1, 春节 初一–初三, 劳动节 1–3 May, 国庆 1–3 Oct. 2007 (from 2008): 劳动节 1 May
    only; 清明, 端午, 中秋 added; 春节 除夕–初二. 2013 (from 2014): 春节 初一–初三 again.
    2024 (from 2025): 春节 除夕–初三, 劳动节 1–2 May. When two festivals fall on one day
    (中秋 on 1 Oct, 2020) the day carries both names; the notice bridges the lost day.
    """
    new_year = _lunar(year, 1, 1)  # 正月初一; 除夕 is the day before (腊月廿九 or 三十)
    if year >= 2025:
        spring = _span(new_year - timedelta(days=1), 4)
    elif year >= 2014:
        spring = _span(new_year, 3)
    elif year >= 2008:
        spring = _span(new_year - timedelta(days=1), 3)
    else:
        spring = _span(new_year, 3)
    labour_days = 2 if year >= 2025 else 1 if year >= 2008 else 3
    festivals = [
        (NEW_YEAR, [date(year, 1, 1)]),
        (SPRING_FESTIVAL, spring),
        (LABOUR_DAY, _span(date(year, 5, 1), labour_days)),
        (NATIONAL_DAY, _span(date(year, 10, 1), 3)),
    ]
    if year >= 2008:
        qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
        festivals += [
            (TOMB_SWEEPING, [date(qingming.getYear(), qingming.getMonth(), qingming.getDay())]),
            (DRAGON_BOAT, [_lunar(year, 5, 5)]),
            (MID_AUTUMN, [_lunar(year, 8, 15)]),
        ]
    days: dict[date, str] = {}
    for name, span in festivals:
        for day in span:
            days[day] = f"{days[day]}、{name}" if day in days else name
    return days


# --- The State Council's notice ------------------------------------------------------------------

WEEKDAYS = "一二三四五六日"
_NUMBERED = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(?P<name>[^：:]+)[：:](?P<body>.*)$"
)
_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日")
_NOTE = re.compile(r"[（(](?P<note>[^）)]*)[）)]")
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_RUN_ON = re.compile(r"(?<=[。；;])\s*(?=[一二三四五六七八九十]{1,2}、[^：:。]{1,12}[：:])")
_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")


class NoticeParseError(CaseInputError):
    """The notice could not be read; ``errors`` says which line and what."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Arrangement:
    """A year's notice, parsed: the days off (with the festival's name) and the weekend days worked."""

    year: int
    days_off: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)

    def entries(self) -> dict[date, tuple[bool, str]]:
        """Every day the notice names: date → (is a working day, name)."""
        out = {day: (False, name) for day, name in self.days_off.items()}
        out |= {
            day: (True, _("%(name)s调休上班") % {"name": name})
            for day, name in self.workdays.items()
        }
        return dict(sorted(out.items()))


def _read_dates(sentence: str, year: int, where: str, errors: list[str]) -> list[tuple[date, str]]:
    """The dates of a sentence with what follows each one's parenthesis (for weekday checks)."""
    found: list[tuple[date, str]] = []
    current_year, month = year, None
    for match in _DATE.finditer(sentence):
        if match["y"]:
            current_year = int(match["y"])
        if match["m"]:
            month = int(match["m"])
        if month is None:
            errors.append(_("%(where)s：“%(text)s”没有月份。") % {"where": where, "text": match[0]})
            continue
        try:
            day = date(current_year, month, int(match["d"]))
        except ValueError:
            errors.append(
                _("%(where)s：没有“%(text)s”这一天。") % {"where": where, "text": match[0]}
            )
            continue
        rest = sentence[match.end() :]
        note = _NOTE.match(rest.lstrip())
        weekday = _WEEKDAY.search(note["note"]) if note else None
        if weekday:
            stated = WEEKDAYS.index(weekday[1].replace("天", "日"))
            if stated != day.weekday():
                errors.append(
                    _("%(where)s：%(date)s是周%(actual)s，通知写的是周%(stated)s，请检查年份。")
                    % {
                        "where": where,
                        "date": day.isoformat(),
                        "actual": WEEKDAYS[day.weekday()],
                        "stated": WEEKDAYS[stated],
                    }
                )
        found.append((day, sentence[match.start() : match.end()]))
    return found


def _holiday_span(sentence: str, plain: str, dates: list, where: str, errors: list[str]):
    """The days off a 放假 sentence names: one date, or every day from one to the other (至);
    None (with the error said) when the dates do not make a span."""
    if "至" in plain:
        if len(dates) != 2:
            errors.append(
                _("%(where)s：“至”的前后应各有一个日期：%(text)s")
                % {"where": where, "text": sentence}
            )
            return None
        (first, _first_text), (last, last_text) = dates
        if last < first:
            errors.append(
                _("%(where)s：放假的结束日期早于开始日期：%(text)s")
                % {"where": where, "text": last_text}
            )
            return None
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if len(dates) == 1:
        return [dates[0][0]]
    errors.append(_("%(where)s：没有读懂放假的日期：%(text)s") % {"where": where, "text": sentence})
    return None


def _read_line(number: int, line: str, year: int, out: Arrangement, errors: list[str]) -> None:
    match = _NUMBERED.match(line)
    where = _("第 %(n)d 行") % {"n": number}
    if match is None:
        if _DATE.search(line) and ("放假" in line or "上班" in line):
            errors.append(
                _("%(where)s：应以“一、元旦：”这样的序号和节日名称开头：%(line)s")
                % {"where": where, "line": line.strip()}
            )
        return
    name, body = match["name"].strip(), match["body"]
    off_before = len(out.days_off)
    for sentence in filter(None, (s.strip() for s in re.split(r"[。；;]", body))):
        dates = _read_dates(sentence, year, where, errors)
        plain = _NOTE.sub("", sentence)
        if "上班" in plain:
            if not dates:
                errors.append(_("%(where)s：没有读到上班的日期。") % {"where": where})
            for day, text in dates:
                if day.weekday() < 5:
                    errors.append(
                        _("%(where)s：%(date)s不是周末，不必写作调休上班。")
                        % {"where": where, "date": text}
                    )
                out.workdays[day] = name
        elif "放假" in plain:
            span = _holiday_span(sentence, plain, dates, where, errors)
            if span is None:
                continue
            total = _TOTAL.search(plain)
            if total and int(total[1]) != len(span):
                errors.append(
                    _("%(where)s：写的是共 %(stated)s 天，日期之间却是 %(actual)d 天。")
                    % {"where": where, "stated": total[1], "actual": len(span)}
                )
            for day in span:
                out.days_off[day] = name
        elif dates:
            errors.append(
                _("%(where)s：读到了日期却不知是放假还是上班：%(text)s")
                % {"where": where, "text": sentence}
            )
    if len(out.days_off) == off_before:
        errors.append(_("%(where)s：%(name)s没有读到放假日期。") % {"where": where, "name": name})


def parse_notice(text: str, year: int) -> Arrangement:
    """Read the numbered lines of a notice ("二、春节：2月15日（…）至23日（…）放假调休，共9天。2月14日（周六）上班。").

    Lines without a number (title, salutation, closing) are skipped. Raises NoticeParseError
    naming every line that could not be read; the caller saves nothing then.
    """
    out, errors = Arrangement(year=year), []
    # Copied from a web page, the numbered items may come as one paragraph: one item a line.
    text = _RUN_ON.sub("\n", text)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            _read_line(number, line, year, out, errors)
    clash = sorted(set(out.days_off) & set(out.workdays))
    for day in clash:
        errors.append(_("%(date)s 既写作放假又写作上班。") % {"date": day.isoformat()})
    if not errors and not out.days_off:
        errors.append(_("没有读到任何放假安排：请粘贴通知中“一、元旦：……”这样的各行。"))
    if not errors:
        missing = sorted(set(statutory_holidays(year)) - set(out.days_off))
        if missing:
            errors.append(
                _("通知没有包含以下法定节假日，请检查年份或是否漏贴了某行：%(days)s")
                % {"days": "、".join(d.isoformat() for d in missing)}
            )
    if errors:
        raise NoticeParseError(errors)
    return out
