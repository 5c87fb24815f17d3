"""The community standard's and the pairings' figures for the work report (wenming.figures):
"市民政局已向结对共建社区拨付30万元帮扶资金" (seed 000), and how many communities meet 四达标.

Pairings are a unit's own work (a unit's report counts the unit's pairings, the city report
every pairing in the city); the standard is counted over the communities in the subject's
region, as evaluated for the last month of the period that has ended."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.community import selectors
from wenming.community.models import Community, Disbursement, Pairing
from wenming.figures import Subject, figure
from wenming.periods import PeriodKind, period_containing

PAIRINGS = _("社区达标·结对共建")
STANDARD = _("社区达标·四达标")


def _pairings(subject: Subject):
    period = subject.period
    qs = Pairing.objects.filter(start__lte=period.end).filter(
        Q(end__isnull=True) | Q(end__gte=period.start)
    )
    if subject.unit_id is not None and not subject.territorial:
        return qs.filter(unit_id=subject.unit_id)
    return qs.filter(region__pk__startswith=subject.prefix)


@figure("community.pairings", label=_("结对共建社区"), unit=_("个"), source=PAIRINGS)
def pairings(subject):
    n = _pairings(subject).values("community").distinct().count()
    return n or None


@figure("community.funds", label=_("拨付结对帮扶资金"), unit=_("元"), source=PAIRINGS)
def funds(subject):
    total = Disbursement.objects.filter(
        pairing__in=_pairings(subject),
        paid_on__gte=subject.period.start,
        paid_on__lte=subject.period.end,
    ).aggregate(total=Sum("amount"))["total"]
    return total


def _table(subject: Subject):
    communities = Community.objects.filter(region__pk__startswith=subject.prefix)
    if not communities.exists():
        return None
    # The last month that has ended within the period: a month under way has no ledger yet.
    today = timezone.localdate()
    month = period_containing(PeriodKind.MONTH, min(subject.period.end, today))
    if month.end >= today and month.previous().end >= subject.period.start:
        month = month.previous()
    return selectors.city_table(selectors.evaluate_communities(communities, month))


@figure("community.all_four", label=_("四达标社区"), unit=_("个"), source=STANDARD)
def all_four(subject):
    table = _table(subject)
    return table.all_four if table else None


@figure("community.weak", label=_("薄弱社区"), unit=_("个"), source=STANDARD)
def weak(subject):
    table = _table(subject)
    return table.weak if table else None
