"""Page forms of the registers: the shape of the input (each 400); the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.welfare.models import (
    ActivityKind,
    CampaignKind,
    CareKind,
    ChildKind,
    CountKind,
    Frequency,
    MealPointStatus,
    Sex,
)
from wenming.widgets import DateInput

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _text(label, *, required=True, max_length=200, **attrs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={**TEXT, **attrs}),
    )


def _date(label, *, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput(attrs=TEXT))


def _number(label, *, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=2_000_000_000,
        widget=forms.NumberInput(attrs=TEXT),
    )


def _choice(label, choices, *, required=True):
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=forms.Select(attrs=SELECT)
    )


REGION_HELP = _("12位统计用区划代码，如 340403001001")


class WithTestIds(forms.Form):
    """Every input carries a stable ``data-testid`` (``field-<name>``) for the browser tests."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("data-testid", f"field-{name}")


class MealPointForm(WithTestIds):
    name = _text(_("名称"), max_length=100)
    operator = _text(_("运营主体"), required=False, max_length=100)
    region = _text(_("所在社区/村（区划代码）"), max_length=12, inputmode="numeric")
    address = _text(_("地址"), required=False)
    capacity = _number(_("就餐座位（人）"))
    opened_on = _date(_("开办日期"), required=False)
    status = _choice(_("状态"), MealPointStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].help_text = REGION_HELP


class MealCountForm(WithTestIds):
    kind = _choice(_("统计口径"), CountKind.choices)
    day = _date(_("日期（按月填当月任一天）"))
    diners = _number(_("就餐人次"), required=True)
    elderly_served = _number(_("服务老年人数（如有）"))


class SafetyCheckForm(WithTestIds):
    checked_on = _date(_("检查日期"))
    checker = _text(_("检查人"), max_length=50)
    place = _text(_("检查场所"), max_length=100)
    schedule = forms.TypedChoiceField(
        label=_("检查计划"), coerce=int, required=False, widget=forms.Select(attrs=SELECT)
    )
    hazards = forms.CharField(
        label=_("发现隐患（每行一条，每条生成一个整改问题）"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    note = forms.CharField(
        label=_("检查情况"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )

    def __init__(self, *args, schedules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule"].choices = [("", _("（计划外检查）"))] + [
            (s.pk, str(s)) for s in schedules
        ]


class SafetyActivityForm(WithTestIds):
    kind = _choice(_("类型"), ActivityKind.choices)
    held_on = _date(_("日期"))
    title = _text(_("主题"))
    participants = _number(_("参加人数"))


class ScheduleForm(WithTestIds):
    duty = _text(_("检查人职务"), max_length=50)
    checker = _text(_("检查人"), required=False, max_length=50)
    frequency = _choice(_("频次"), Frequency.choices)


class RetrofitForm(WithTestIds):
    region = _text(_("所在社区/村（区划代码）"), max_length=12, inputmode="numeric")
    householder = _text(_("户主"), max_length=50)
    address = _text(_("住址"))
    work = _text(_("改造内容"), max_length=300)
    completed_on = _date(_("完成日期"))
    cost = forms.DecimalField(
        label=_("费用（元）"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEXT),
    )


class ReliefCaseForm(WithTestIds):
    region = _text(_("发现地所在区划代码"), max_length=12, inputmode="numeric")
    place = _text(_("发现地点"))
    condition = _text(_("身体状况"), required=False, max_length=300)
    name = _text(_("姓名（不详可不填）"), required=False, max_length=50)
    sex = _choice(_("性别"), Sex.choices)
    age = _number(_("年龄（估计）"))
    is_minor = forms.BooleanField(label=_("未成年人"), required=False)
    campaign = forms.TypedChoiceField(
        label=_("专项行动"), coerce=int, required=False, widget=forms.Select(attrs=SELECT)
    )
    photo = forms.FileField(
        label=_("现场照片"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": "image/*", "capture": "environment"}
        ),
    )

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", "—")] + [(c.pk, c.name) for c in campaigns]


class ReliefActionForm(WithTestIds):
    action = forms.CharField(max_length=20)
    station = _text(_("救助管理站"), required=False, max_length=100)
    destination = _text(_("去向"), required=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=1000)


class CampaignForm(WithTestIds):
    name = _text(_("名称"), max_length=100)
    kind = _choice(_("类型"), CampaignKind.choices)
    region = _text(_("区划代码"), max_length=12, inputmode="numeric")
    starts_on = _date(_("开始日期"))
    ends_on = _date(_("结束日期"))
    patrols = _number(_("街面巡查（次）"))
    people_helped = _number(_("救助（人次）"))


class ChildForm(WithTestIds):
    kind = _choice(_("类别"), ChildKind.choices)
    name = _text(_("姓名"), max_length=50)
    sex = _choice(_("性别"), Sex.choices)
    birth_date = _date(_("出生日期"))
    region = _text(_("所在社区/村（区划代码）"), max_length=12, inputmode="numeric")
    address = _text(_("住址"), required=False)
    guardian_name = _text(_("监护人"), required=False, max_length=50)
    guardian_phone = _text(_("监护人电话"), required=False, max_length=20, inputmode="tel")
    situation = forms.CharField(
        label=_("基本情况"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )


class CareRecordForm(WithTestIds):
    kind = _choice(_("类型"), CareKind.choices)
    day = _date(_("日期"))
    content = _text(_("内容（走访情况、帮扶内容）"), max_length=500)
