from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.reports.content import SECTIONS
from wenming.widgets import DateInput

TEXT = {"class": "form-control"}


class OpenReportForm(forms.Form):
    unit = forms.CharField(
        label=_("报告单位（全称或简称；留空为本单位）"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=TEXT),
    )
    city = forms.BooleanField(label=_("全市报告"), required=False)
    period = forms.CharField(
        label=_("报告期（如 2026、2026-Q4、2026-11）"),
        max_length=12,
        widget=forms.TextInput(attrs=TEXT),
    )


class ReportForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    recipient = forms.CharField(label=_("主送"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    issuer = forms.CharField(label=_("落款"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    number_prefix = forms.CharField(
        label=_("机关代字（文号在首次下载时编定）"),
        max_length=40,
        widget=forms.TextInput(attrs=TEXT),
    )
    dated = forms.DateField(label=_("成文日期"), widget=DateInput(attrs=TEXT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in SECTIONS:
            self.fields[key] = forms.CharField(
                label=heading,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={**TEXT, "rows": 6}),
            )
