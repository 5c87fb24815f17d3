"""Input shapes for the framework pages; business rules stay in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.framework.models import FeedPeriod, FrameworkPurpose
from wenming.framework.selectors import TASK_STATUS_FILTERS
from wenming.uploads import SpreadsheetUploadForm
from wenming.widgets import DateInput


class FrameworkImportForm(SpreadsheetUploadForm):
    name = forms.CharField(
        label=_("名称（留空则取表格标题）"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "data-testid": "framework-name"}),
    )
    purpose = forms.ChoiceField(
        label=_("用途"),
        choices=FrameworkPurpose.choices,
        initial=FrameworkPurpose.CITY,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "framework-purpose"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["data-testid"] = "framework-file"


class ActivateForm(forms.Form):
    effective_from = forms.DateField(label=_("生效日期（留空为今天）"), required=False)


class ProgressForm(forms.Form):
    progress = forms.IntegerField(
        label=_("本单位填报的完成进度（%）"),
        help_text=_(
            "本单位对任务完成程度的自评，0–100%，与序时进度对照；申报材料审核通过后自动记为 100%。"
        ),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(
            attrs={
                "class": "form-control",
                "data-testid": "progress-input",
                "inputmode": "numeric",
                "aria-describedby": "progress-help",
            }
        ),
    )


class DecomposeForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("下级单位"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "decompose-unit"}),
    )
    due = forms.DateField(
        label=_("截止日期"),
        widget=DateInput(attrs={"class": "form-control", "data-testid": "decompose-due"}),
    )
    title = forms.CharField(
        label=_("任务说明（可留空）"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "data-testid": "decompose-title"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TaskFilterForm(forms.Form):
    """The coordinator's filters; unknown values are ignored rather than failing the page."""

    unit = forms.IntegerField(required=False)
    region = forms.RegexField(regex=r"^\d{12}$", required=False)
    indicator = forms.IntegerField(required=False)
    framework = forms.IntegerField(required=False)
    status = forms.ChoiceField(choices=[("", "")] + TASK_STATUS_FILTERS, required=False)

    def filters(self) -> dict:
        self.is_valid()  # cleaned_data keeps only the fields that were valid
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class MetricValueForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("数据指标"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "metric-indicator"}),
    )
    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "metric-unit"}),
    )
    period_start = forms.DateField(
        label=_("统计期开始"),
        widget=DateInput(attrs={"class": "form-control", "data-testid": "metric-start"}),
    )
    period_end = forms.DateField(
        label=_("统计期结束"),
        widget=DateInput(attrs={"class": "form-control", "data-testid": "metric-end"}),
    )
    value = forms.DecimalField(
        label=_("数值"),
        max_digits=14,
        decimal_places=4,
        widget=forms.NumberInput(
            attrs={
                "class": "form-control",
                "data-testid": "metric-value",
                "inputmode": "decimal",
                "step": "any",
            }
        ),
    )
    note = forms.CharField(
        label=_("数据来源"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "data-testid": "metric-note",
                "placeholder": _("如：民政局养老服务台账 2026年11月"),
            }
        ),
    )

    def __init__(self, *args, indicators=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.code} {i.name}（目标 {i.target or '—'}）"
        )
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.short_name or u.name


class MetricFeedForm(forms.Form):
    """自动取数: which metric leaf is fed from which register figure, per which period."""

    indicator = forms.ModelChoiceField(
        label=_("数据指标"),
        queryset=None,
        empty_label=_("请选择要自动取数的指标"),
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "feed-indicator"}),
    )
    figure_key = forms.ChoiceField(
        label=_("取自台账数据"),
        choices=(),
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "feed-figure"}),
    )
    period_kind = forms.ChoiceField(
        label=_("统计周期"),
        choices=FeedPeriod.choices,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "feed-period"}),
    )

    def __init__(self, *args, indicators, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["figure_key"].choices = figures
