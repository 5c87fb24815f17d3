"""Form shapes of the community pages (every business rule is in the services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.community.models import (
    FacilityKind,
    FundPurpose,
    LedgerCategory,
    MeasureKind,
    RoomFunction,
    WeakOverride,
)
from wenming.widgets import DateInput

PHOTO_ACCEPT = ".jpg,.jpeg,.png,image/jpeg,image/png"
FILE_ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,image/jpeg,image/png"


def _control(**attrs):
    return {"class": "form-control", **attrs}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class LedgerEntryForm(forms.Form):
    category = forms.ChoiceField(
        label=_("类别"),
        choices=LedgerCategory.choices,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "ledger-category"}),
    )
    title = forms.CharField(
        label=_("活动名称"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs=_control(
                placeholder=_("如：四点半课堂·作业辅导"), **{"data-testid": "ledger-title"}
            )
        ),
    )
    held_on = forms.DateField(
        label=_("活动日期"), widget=DateInput(attrs=_control(**{"data-testid": "ledger-date"}))
    )
    place = forms.CharField(
        label=_("地点"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_control(**{"data-testid": "ledger-place"})),
    )
    attendance = forms.IntegerField(
        label=_("参加人数"),
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(
            attrs=_control(inputmode="numeric", **{"data-testid": "ledger-attendance"})
        ),
    )
    summary = forms.CharField(
        label=_("活动情况"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=_control(rows=3, **{"data-testid": "ledger-summary"})),
    )
    indicator = forms.TypedChoiceField(
        label=_("佐证指标"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "ledger-indicator"}),
    )
    files = MultipleFileField(
        label=_("照片和文件（可多选，可直接拍照）"),
        required=False,
        widget=MultipleFileInput(
            attrs={"class": "form-control", "accept": FILE_ACCEPT, "data-testid": "ledger-files"}
        ),
    )

    def __init__(self, *args, leaves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("按类别自动对应"))] + [
            (leaf.pk, f"{leaf.code} {leaf.name}") for leaf in leaves
        ]
        self.fields["held_on"].initial = timezone.localdate()


class FacilityForm(forms.Form):
    present = forms.BooleanField(
        label=_("已建成"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "form-check-input", "data-testid": "facility-present"}
        ),
    )
    area_m2 = forms.DecimalField(
        label=_("面积（平方米）"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=1,
        widget=forms.NumberInput(attrs=_control(step="0.1", **{"data-testid": "facility-area"})),
    )
    opening_hours = forms.CharField(
        label=_("开放时间"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=_control(placeholder=_("如：周一至周六 8:30—17:30"))),
    )
    address = forms.CharField(
        label=_("位置"), max_length=200, required=False, widget=forms.TextInput(attrs=_control())
    )
    note = forms.CharField(
        label=_("说明"), max_length=300, required=False, widget=forms.TextInput(attrs=_control())
    )
    photos = MultipleFileField(
        label=_("照片（可多选）"),
        required=False,
        widget=MultipleFileInput(attrs={"class": "form-control", "accept": PHOTO_ACCEPT}),
    )


class ProfileForm(forms.Form):
    households = forms.IntegerField(
        label=_("户数"),
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs=_control()),
    )
    population = forms.IntegerField(
        label=_("常住人口"),
        min_value=0,
        max_value=10_000_000,
        widget=forms.NumberInput(attrs=_control()),
    )


class RoomForm(forms.Form):
    function = forms.ChoiceField(
        label=_("功能"),
        choices=RoomFunction.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=_("名称"), max_length=100, required=False, widget=forms.TextInput(attrs=_control())
    )
    area_m2 = forms.DecimalField(
        label=_("面积（平方米）"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=1,
        widget=forms.NumberInput(attrs=_control(step="0.1")),
    )


class WeakForm(forms.Form):
    override = forms.ChoiceField(
        label=_("薄弱社区认定"),
        choices=WeakOverride.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "weak-override"}),
    )
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=_control(rows=2, **{"data-testid": "weak-reason"})),
    )


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("计划名称"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_control()),
    )
    start = forms.DateField(label=_("开始日期"), widget=DateInput(attrs=_control()))
    target = forms.DateField(label=_("计划达标日期"), widget=DateInput(attrs=_control()))


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("措施"),
        choices=MeasureKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    description = forms.CharField(
        label=_("内容"),
        max_length=300,
        widget=forms.TextInput(
            attrs=_control(placeholder=_("措施内容，如：租借临街商铺 120 平方米"))
        ),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("节点"), max_length=200, widget=forms.TextInput(attrs=_control())
    )
    due = forms.DateField(label=_("完成时限"), widget=DateInput(attrs=_control()))
    unit = forms.TypedChoiceField(
        label=_("责任单位"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.short_name or u.name) for u in units]


class FundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("金额（元）"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs=_control(step="0.01", placeholder=_("金额（元）"))),
    )
    source = forms.CharField(
        label=_("资金来源"),
        max_length=100,
        widget=forms.TextInput(attrs=_control(placeholder=_("如：市级奖补、区级配套"))),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_control(placeholder=_("说明"))),
    )


class PairingForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("结对单位"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    community = forms.TypedChoiceField(
        label=_("社区"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    start = forms.DateField(label=_("开始日期"), widget=DateInput(attrs=_control()))
    end = forms.DateField(label=_("结束日期"), required=False, widget=DateInput(attrs=_control()))
    note = forms.CharField(
        label=_("共建内容"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=_control(placeholder=_("共建内容"))),
    )

    def __init__(self, *args, units=(), communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.short_name or u.name) for u in units]
        self.fields["community"].choices = [(c.pk, c.unit.name) for c in communities]


class DisbursementForm(forms.Form):
    amount = forms.DecimalField(
        label=_("金额（元）"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs=_control(step="0.01")),
    )
    paid_on = forms.DateField(label=_("拨付日期"), widget=DateInput(attrs=_control()))
    purpose = forms.ChoiceField(
        label=_("用途"),
        choices=FundPurpose.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=_control(placeholder=_("说明"))),
    )
    attachment = forms.FileField(
        label=_("凭证（PDF、Word、Excel 或照片）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": FILE_ACCEPT}),
    )


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=_("日期"), widget=DateInput(attrs=_control()))
    title = forms.CharField(
        label=_("活动"),
        max_length=200,
        widget=forms.TextInput(attrs=_control(placeholder=_("活动名称"))),
    )
    participants = forms.IntegerField(
        label=_("参加人数"),
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs=_control(placeholder=_("参加人数"))),
    )
    summary = forms.CharField(
        label=_("情况"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs=_control(rows=2, placeholder=_("活动情况"))),
    )


class PartyReportForm(forms.Form):
    member_name = forms.CharField(
        label=_("党员姓名"), max_length=50, widget=forms.TextInput(attrs=_control())
    )
    served_on = forms.DateField(label=_("报到日期"), widget=DateInput(attrs=_control()))
    hours = forms.DecimalField(
        label=_("服务时长（小时）"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs=_control(step="0.5")),
    )
    service = forms.CharField(
        label=_("服务内容"), max_length=200, widget=forms.TextInput(attrs=_control())
    )


FACILITY_KINDS = FacilityKind
