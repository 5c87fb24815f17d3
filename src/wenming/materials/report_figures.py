"""Material figures for the work report (wenming.figures): 网上申报 handed in and approved."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wenming.figures import Subject, figure
from wenming.materials.models import Submission

SOURCE = _("网上申报·申报材料")


def _submissions(subject: Subject):
    if subject.unit_id is not None:
        return Submission.objects.filter(unit_id=subject.unit_id)
    return Submission.objects.filter(region__pk__startswith=subject.prefix)


@figure("materials.submitted", label=_("网上申报材料"), unit=_("份"), source=SOURCE)
def submitted(subject):
    start, end = subject.period.bounds()
    n = _submissions(subject).filter(submitted_at__gte=start, submitted_at__lt=end).count()
    return n or None


@figure("materials.approved", label=_("审核通过材料"), unit=_("份"), source=SOURCE)
def approved(subject):
    start, end = subject.period.bounds()
    n = _submissions(subject).filter(approved_at__gte=start, approved_at__lt=end).count()
    return n or None
