"""Input shapes: site import upload, round planning, and the visit posted from the phone."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.inspections.models import ChecklistItem, Outcome, RoundKind, Severity
from wenming.inspections.services import ItemAnswer, Position, Problem
from wenming.uploads import SpreadsheetUploadForm
from wenming.widgets import DateInput

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
CHECK = {"class": "form-check-input"}
MAX_PROBLEMS = 20


class SiteImportForm(SpreadsheetUploadForm):
    pass


class SiteForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("点位名称"),
        max_length=100,
        widget=forms.TextInput(attrs={**TEXT, "data-testid": "site-name-input"}),
    )
    site_type = forms.ModelChoiceField(
        label=gettext_lazy("点位类型"),
        queryset=None,
        widget=forms.Select(attrs={**SELECT, "data-testid": "site-type-input"}),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("所在区划"),
        queryset=None,
        widget=forms.Select(attrs={**SELECT, "data-testid": "site-region-input"}),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("责任单位"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("（按问题类别和区域的规则交办）"),
        widget=forms.Select(attrs={**SELECT, "data-testid": "site-unit-input"}),
    )
    address = forms.CharField(
        label=gettext_lazy("地址"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    latitude = forms.DecimalField(
        label=gettext_lazy("纬度"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.000001", "id": "site-latitude"}),
    )
    longitude = forms.DecimalField(
        label=gettext_lazy("经度"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.000001", "id": "site-longitude"}),
    )

    def __init__(self, *args, site_types, regions, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_type"].queryset = site_types
        self.fields["region"].queryset = regions
        self.fields["region"].label_from_instance = lambda r: f"{r.name}（{r.code}）"
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            raise forms.ValidationError(_("纬度和经度需同时填写（或都不填）。"))
        return data


class RoundForm(forms.Form):
    """A new round: what, when, who, and the sites (picked by hand or sampled)."""

    MANUAL, SAMPLE = "manual", "sample"

    name = forms.CharField(
        label=gettext_lazy("轮次名称"),
        max_length=100,
        widget=forms.TextInput(attrs={**TEXT, "data-testid": "round-name"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("方式"),
        choices=RoundKind.choices,
        widget=forms.Select(attrs={**SELECT, "data-testid": "round-kind"}),
    )
    period_start = forms.DateField(
        label=gettext_lazy("开始日期"),
        widget=DateInput(attrs=TEXT),
    )
    period_end = forms.DateField(
        label=gettext_lazy("结束日期"),
        widget=DateInput(attrs=TEXT),
    )
    inspectors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("督查员"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={**CHECK, "data-testid": "round-inspectors"}),
    )
    selection = forms.ChoiceField(
        label=gettext_lazy("点位选择"),
        choices=[
            (MANUAL, gettext_lazy("手动选择点位")),
            (SAMPLE, gettext_lazy("按类型和区域随机抽样")),
        ],
        initial=SAMPLE,
        widget=forms.RadioSelect(attrs={**CHECK, "data-testid": "round-selection"}),
    )
    sites = forms.ModelMultipleChoiceField(
        label=gettext_lazy("点位"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={**CHECK, "data-testid": "round-sites"}),
    )
    site_types = forms.ModelMultipleChoiceField(
        label=gettext_lazy("点位类型"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={**CHECK, "data-testid": "round-site-types"}),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("抽样区域"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("全部辖区"),
        widget=forms.Select(attrs={**SELECT, "data-testid": "round-region"}),
    )
    per_type = forms.IntegerField(
        label=gettext_lazy("每类抽取数量"),
        min_value=1,
        max_value=500,
        initial=3,
        widget=forms.NumberInput(attrs={**TEXT, "data-testid": "round-per-type"}),
    )
    seed = forms.IntegerField(
        label=gettext_lazy("抽样种子"),
        min_value=0,
        max_value=2**53,
        required=False,
        help_text=gettext_lazy("同一种子、同样条件抽出同样的点位，可供复核。"),
        widget=forms.NumberInput(attrs={**TEXT, "data-testid": "round-seed"}),
    )

    def __init__(self, *args, inspectors, sites, site_types, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = inspectors
        self.fields["inspectors"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["sites"].queryset = sites
        self.fields["sites"].label_from_instance = lambda s: (
            f"{s.name}（{s.site_type.name}，{s.region.name}）"
        )
        self.fields["site_types"].queryset = site_types
        self.fields["region"].queryset = regions
        self.fields["region"].label_from_instance = lambda r: f"{r.name}（{r.code}）"
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("period_start", today)
            self.initial.setdefault("period_end", today + timedelta(days=6))
            self.initial.setdefault("seed", secrets.randbelow(1_000_000))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("结束日期不能早于开始日期。"))
        if data.get("selection") == self.MANUAL and not data.get("sites"):
            self.add_error("sites", _("请至少选择一个点位。"))
        if data.get("selection") == self.SAMPLE:
            if not data.get("site_types"):
                self.add_error("site_types", _("请至少选择一种点位类型。"))
            if data.get("seed") is None:
                data["seed"] = secrets.randbelow(1_000_000)
        return data


@dataclass
class VisitInput:
    answers: list[ItemAnswer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    position: Position | None = None
    note: str = ""
    errors: list[str] = field(default_factory=list)


def _decimal(text: str, low: int, high: int) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or not low <= value <= high:
        return None
    return value.quantize(Decimal("0.000001"))


def _position(post) -> tuple[Position | None, str | None]:
    lat_text, lon_text = post.get("latitude", "").strip(), post.get("longitude", "").strip()
    if not lat_text and not lon_text:
        return None, None
    lat, lon = _decimal(lat_text, -90, 90), _decimal(lon_text, -180, 180)
    if lat is None or lon is None:
        return None, _("定位数据无效，请重新定位。")
    accuracy = post.get("accuracy", "").strip()
    accuracy_m = None
    if accuracy:
        # Phones report metres as a float; beyond 100 km a fix says nothing (and "1e999" is no fix).
        value = _decimal(accuracy, 0, 10**9)
        if value is None:
            return None, _("定位精度“%(v)s”无效，请重新定位。") % {"v": accuracy[:20]}
        accuracy_m = min(int(value), 100_000)
    return Position(lat, lon, accuracy_m), None


def parse_visit(post, files, items: list[ChecklistItem]) -> VisitInput:
    """Read the phone's form: ``item-<id>`` outcome, ``note-<id>``, ``photos-<id>``; ``problem-<n>-*``."""
    visit = VisitInput(note=post.get("note", "").strip()[:2000])
    for item in items:
        outcome = post.get(f"item-{item.pk}", "")
        if outcome:
            if outcome not in Outcome.values:
                visit.errors.append(_("检查项“%(text)s”的结果无效。") % {"text": item.text})
                continue
            visit.answers.append(
                ItemAnswer(
                    item_id=item.pk,
                    outcome=outcome,
                    note=post.get(f"note-{item.pk}", "").strip()[:500],
                    photos=files.getlist(f"photos-{item.pk}"),
                )
            )
    for n in range(MAX_PROBLEMS):
        description = post.get(f"problem-{n}-description", "").strip()
        category = post.get(f"problem-{n}-category", "").strip()
        photos = files.getlist(f"problem-{n}-photos")
        if not description and not category and not photos:
            continue
        visit.problems.append(
            Problem(
                description=description[:2000],
                category=category[:50],
                severity=post.get(f"problem-{n}-severity", Severity.GENERAL),
                photos=photos,
            )
        )
    visit.position, problem = _position(post)
    if problem:
        visit.errors.append(problem)
    return visit


def visit_rows(post, items: list[ChecklistItem]) -> list[dict]:
    """The checklist as the form redisplays it, keeping what was posted."""
    return [
        {
            "item": item,
            "outcome": post.get(f"item-{item.pk}", ""),
            "note": post.get(f"note-{item.pk}", ""),
        }
        for item in items
    ]


def problem_rows(post) -> list[dict]:
    """Posted problems to redisplay, then one blank block to fill in."""
    rows = []
    for n in range(MAX_PROBLEMS):
        description = post.get(f"problem-{n}-description", "")
        category = post.get(f"problem-{n}-category", "")
        if description or category:
            rows.append(
                {
                    "description": description,
                    "category": category,
                    "severity": post.get(f"problem-{n}-severity", Severity.GENERAL),
                }
            )
    rows.append({"description": "", "category": "", "severity": Severity.GENERAL})
    for index, row in enumerate(rows):
        row["index"] = index
    return rows


BLANK_PROBLEM = {"index": "__n__", "description": "", "category": "", "severity": Severity.GENERAL}
