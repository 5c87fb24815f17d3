"""The honours registry's figures for the work report (wenming.figures): "涌现出各级各类好人N名，
其中M人荣登中国好人榜", counted under the subject's region up to the end of its period (累计),
and the people newly honoured within the period."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from wenming.figures import Subject, figure
from wenming.honors import selectors

SOURCE = _("好人评选·好人库")


def _cumulative(subject: Subject) -> selectors.HonorCounts:
    return selectors.honor_counts(subject.region_code, (date.min, subject.period.end))


# A registry holding nobody for the subject's region up to the period's end has no data: the
# report says so instead of stating "0名" as if it were counted (None, see wenming.figures).


@figure("honors.people", label=_("各级各类好人"), unit=_("名"), source=SOURCE)
def people(subject):
    return _cumulative(subject).people or None


@figure("honors.china_list", label=_("荣登中国好人榜"), unit=_("人"), source=SOURCE)
def china_list(subject):
    counts = _cumulative(subject)
    return counts.china_list if counts.people else None


@figure("honors.new_people", label=_("本期新评选好人"), unit=_("名"), source=SOURCE)
def new_people(subject):
    if not _cumulative(subject).people:
        return None
    return selectors.honor_counts(subject.region_code, subject.period).people
