"""随手拍 figures for the work report and metric leaves (wenming.figures): reports received,
accepted and the satisfaction of rated ones, per region subtree and period."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from wenming.cases.models import Resolution
from wenming.figures import figure
from wenming.participation.models import CitizenReport, Rating, Score

SOURCE = _("群众反映·文明随手拍")


def _reports(subject):
    start, end = subject.period.bounds()
    return CitizenReport.objects.filter(
        is_follower=False,
        case__region__pk__startswith=subject.prefix,
        created__gte=start,
        created__lt=end,
    )


@figure("participation.reports", label=_("群众随手拍反映"), unit=_("条"), source=SOURCE)
def reports(subject):
    return _reports(subject).count() or None


@figure("participation.accepted", label=_("随手拍受理"), unit=_("条"), source=SOURCE)
def accepted(subject):
    qs = _reports(subject)
    if not qs.exists():
        return None
    return (
        qs.filter(case__dispatched_at__isnull=False)
        .exclude(case__resolution=Resolution.INVALID)
        .count()
    )


@figure("participation.satisfaction", label=_("随手拍满意率"), unit="%", source=SOURCE)
def satisfaction(subject):
    start, end = subject.period.bounds()
    scores = list(
        Rating.objects.filter(
            report__case__region__pk__startswith=subject.prefix,
            created__gte=start,
            created__lt=end,
        ).values_list("score", flat=True)
    )
    if not scores:
        return None
    good = sum(1 for s in scores if s in (Score.SATISFIED, Score.BASIC))
    return (Decimal(good) * 100 / len(scores)).quantize(Decimal("0.1"))
