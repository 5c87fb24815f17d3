"""Input shapes of the volunteer pages; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.uploads import SpreadsheetUploadForm
from wenming.volunteers.models import DemandCategory, SiteLevel, TeamKind
from wenming.widgets import DateInput


class StyledForm(forms.Form):
    """Bootstrap classes and a stable data-testid on every field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = (
                "form-check-input"
                if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple)
                else "form-select"
                if isinstance(widget, forms.Select)
                else "form-control"
            )
            widget.attrs.setdefault("class", css)
            widget.attrs.setdefault("data-testid", f"input-{name}")


def _position_field(label):
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.000001"}),
    )


class SiteForm(StyledForm):
    name = forms.CharField(label=_("阵地名称"), max_length=100)
    level = forms.ChoiceField(label=_("层级"), choices=SiteLevel.choices)
    region = forms.ModelChoiceField(label=_("所在区划"), queryset=None)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    opening_hours = forms.CharField(
        label=_("开放时间"),
        max_length=100,
        required=False,
        help_text=_("如：周一至周五 9:00–17:00"),
    )
    manager_name = forms.CharField(label=_("负责人"), max_length=50, required=False)
    manager_phone = forms.CharField(label=_("负责人电话"), max_length=20, required=False)
    latitude = _position_field(_("纬度"))
    longitude = _position_field(_("经度"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class ReviewForm(StyledForm):
    year = forms.IntegerField(label=_("评定年度"), min_value=2000, max_value=2999)
    items = forms.MultipleChoiceField(
        label=_("达标项目"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(str(i.pk), f"{i.text}（{i.points} 分）") for i in items]


class PopulationForm(StyledForm):
    region = forms.ModelChoiceField(label=_("区划"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2999)
    population = forms.IntegerField(label=_("常住人口"), min_value=1, max_value=2_000_000_000)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class TeamForm(StyledForm):
    name = forms.CharField(label=_("队伍名称"), max_length=100)
    kind = forms.ChoiceField(label=_("队伍类型"), choices=TeamKind.choices)
    parent = forms.ModelChoiceField(label=_("上级队伍（总队）"), queryset=None, required=False)
    region = forms.ModelChoiceField(label=_("所在区划"), queryset=None)
    site = forms.ModelChoiceField(label=_("所属实践阵地"), queryset=None, required=False)
    leader_name = forms.CharField(label=_("队长"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    latitude = _position_field(_("驻地纬度"))
    longitude = _position_field(_("驻地经度"))

    def __init__(self, *args, teams, regions, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = teams
        self.fields["region"].queryset = regions
        self.fields["site"].queryset = sites
        self.fields["longitude"].help_text = _(
            "驻地坐标用于查找附近的群众需求；留空则按所属实践阵地的位置计算距离。"
        )


class VolunteerForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=30)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    region = forms.ModelChoiceField(label=_("注册地区划"), queryset=None)
    team = forms.ModelChoiceField(label=_("加入队伍"), queryset=None, required=False)
    skills = forms.CharField(label=_("技能特长"), max_length=200, required=False)
    political_status = forms.CharField(label=_("政治面貌"), max_length=20, required=False)
    consent = forms.BooleanField(
        label=_("本人已阅读并同意《志愿者个人信息保护声明》"), required=False
    )

    def __init__(self, *args, regions, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["team"].queryset = teams


class VolunteerImportForm(SpreadsheetUploadForm):
    team = forms.ModelChoiceField(
        label=_("导入到队伍（表中未填所属组织时）"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "import-team"}),
    )
    consent = forms.BooleanField(
        label=_("名单中的志愿者均已同意隐私声明（全国志愿服务信息系统注册时已签署）"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "form-check-input", "data-testid": "import-consent"}
        ),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ActivityForm(StyledForm):
    title = forms.CharField(label=_("活动名称"), max_length=100)
    team = forms.ModelChoiceField(label=_("组织队伍"), queryset=None)
    project = forms.ModelChoiceField(label=_("所属项目"), queryset=None, required=False)
    region = forms.ModelChoiceField(label=_("活动地区划"), queryset=None)
    address = forms.CharField(label=_("活动地点"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(
        label=_("招募人数"), min_value=1, max_value=100_000, required=False
    )
    latitude = _position_field(_("纬度"))
    longitude = _position_field(_("经度"))
    radius_m = forms.IntegerField(
        label=_("签到范围（米）"), min_value=10, max_value=50_000, required=False
    )
    description = forms.CharField(
        label=_("活动内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, teams, projects, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["project"].queryset = projects
        self.fields["region"].queryset = regions


class ProjectForm(StyledForm):
    name = forms.CharField(label=_("项目名称"), max_length=100)
    team = forms.ModelChoiceField(label=_("实施队伍"), queryset=None)
    description = forms.CharField(
        label=_("项目简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class CorrectionForm(StyledForm):
    hours = forms.DecimalField(
        label=_("更正后时长（小时）"), min_value=0, max_value=24, decimal_places=2
    )
    reason = forms.CharField(label=_("更正理由"), max_length=200)


class CertificateForm(StyledForm):
    team = forms.ModelChoiceField(label=_("出具队伍"), queryset=None)
    period_start = forms.DateField(label=_("起始日期"), widget=DateInput())
    period_end = forms.DateField(label=_("截止日期"), widget=DateInput())

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class DemandForm(StyledForm):
    category = forms.ChoiceField(label=_("需求类别"), choices=DemandCategory.choices)
    title = forms.CharField(label=_("需求"), max_length=100)
    description = forms.CharField(
        label=_("详细说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    region = forms.ModelChoiceField(label=_("所在社区/村"), queryset=None)
    address = forms.CharField(label=_("地点"), max_length=200, required=False)
    wanted_at = forms.DateTimeField(
        label=_("期望时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    requester_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    requester_phone = forms.CharField(label=_("联系电话（选填）"), max_length=20, required=False)
    latitude = _position_field(_("纬度"))
    longitude = _position_field(_("经度"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["latitude"].widget = forms.HiddenInput()
        self.fields["longitude"].widget = forms.HiddenInput()


class CompleteForm(StyledForm):
    hours = forms.DecimalField(
        label=_("服务时长（小时）"), min_value=0, max_value=9999, decimal_places=2
    )
    served_people = forms.IntegerField(
        label=_("服务人次"), min_value=1, max_value=1_000_000, required=False
    )
    result = forms.CharField(
        label=_("服务情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VolunteerLoginForm(StyledForm):
    phone = forms.CharField(label=_("手机号"), max_length=20)
    id_tail = forms.CharField(label=_("身份证号后6位"), max_length=6, min_length=6)


class EquipmentForm(StyledForm):
    name = forms.CharField(label=_("设备名称"), max_length=100)
    team = forms.ModelChoiceField(label=_("管理队伍"), queryset=None)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=100_000, initial=1)
    address = forms.CharField(label=_("存放地点"), max_length=200, required=False)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class BookingForm(StyledForm):
    team = forms.ModelChoiceField(label=_("借用队伍"), queryset=None)
    starts_at = forms.DateTimeField(
        label=_("借用开始"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("归还时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    purpose = forms.CharField(label=_("用途"), max_length=200)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class OfferForm(StyledForm):
    title = forms.CharField(label=_("服务项目"), max_length=100)
    team = forms.ModelChoiceField(label=_("提供队伍"), queryset=None)
    category = forms.ChoiceField(label=_("类别"), choices=DemandCategory.choices)
    description = forms.CharField(label=_("服务内容"), max_length=300, required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
