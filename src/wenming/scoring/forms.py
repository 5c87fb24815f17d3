from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.scoring.models import BULLETIN_PERIOD_KIND, BulletinKind
from wenming.scoring.periods import PeriodError, parse_period


class GenerateBulletinForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=BulletinKind.choices)
    period = forms.CharField(
        label=_("考核期"),
        max_length=12,
        help_text=_("如 2026-W47（周）、2026-11（月）、2026-Q4（季度）"),
    )

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
                        "period": _("%(kind)s的考核期应写作：%(hint)s")
                        % {
                            "kind": BulletinKind(data["kind"]).label,
                            "hint": {"week": "2026-W47", "month": "2026-11", "quarter": "2026-Q4"}[
                                BULLETIN_PERIOD_KIND[data["kind"]]
                            ],
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
