import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.periods import PeriodError, PeriodKind, parse_period, period_containing
from wenming.scoring.models import BULLETIN_PERIOD_KIND, BulletinKind

# How far back the 考核期 picker reaches, per kind of period.
PICKER_LENGTH = {PeriodKind.WEEK: 12, PeriodKind.MONTH: 12, PeriodKind.QUARTER: 6}


def last_complete_period(kind: str, today: datetime.date | None = None):
    """The newest period of ``kind`` that has ended: a bulletin reports a finished week, month
    or quarter, never the one still running."""
    return period_containing(kind, today or timezone.localdate()).previous()


def period_choices(today: datetime.date | None = None) -> list:
    """The recent complete weeks, months and quarters, newest first, grouped and labelled in
    Chinese: ("周", [("2026-W46", "2026年第46周（11月9日—11月15日）"), …]), ("月", …), ("季度", …)."""
    groups = []
    for kind, count in PICKER_LENGTH.items():
        period = last_complete_period(kind, today)
        options = []
        for _step in range(count):
            options.append((period.key, period.label))
            period = period.previous()
        groups.append((dict(PeriodKind.CHOICES)[kind], options))
    return groups


class GenerateBulletinForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=BulletinKind.choices)
    # Picked from the recent periods (period_choices); any valid key is accepted, so a link
    # or an older period still works.
    period = forms.CharField(label=_("考核期"), max_length=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.period_choices = period_choices()
        # Preselected: the last complete period of the preselected kind (周通报: last week).
        kind = self.fields["kind"].initial or BulletinKind.WEEKLY
        self.fields["period"].initial = last_complete_period(BULLETIN_PERIOD_KIND[kind]).key

    def clean(self):
        data = super().clean()
        if "period" in data and "kind" in data:
            try:
                period = parse_period(data["period"])
            except PeriodError as error:
                raise forms.ValidationError({"period": str(error)}) from error
            if period.kind != BULLETIN_PERIOD_KIND[data["kind"]]:
                raise forms.ValidationError(
                    {
                        "period": _("%(kind)s须选择一个%(period)s作为考核期。")
                        % {
                            "kind": BulletinKind(data["kind"]).label,
                            "period": dict(PeriodKind.CHOICES)[BULLETIN_PERIOD_KIND[data["kind"]]],
                        }
                    }
                )
            data["parsed_period"] = period
        return data


class RequirementsForm(forms.Form):
    requirements = forms.CharField(
        label=_("下步工作要求"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
