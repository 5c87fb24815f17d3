from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.surveys.models import QuestionKind


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "data-testid": "survey-title"}),
    )
    description = forms.CharField(
        label=_("说明（显示在问卷开头）"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    closes_at = forms.DateTimeField(
        label=_("截止时间（可不填）"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"class": "form-control", "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("题型"),
        choices=QuestionKind.choices,
        widget=forms.Select(attrs={"class": "form-select", "data-testid": "question-kind"}),
    )
    text = forms.CharField(
        label=_("题目"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control", "data-testid": "question-text"}),
    )
    options = forms.CharField(
        label=_("选项（单选、多选题填写，每行一个）"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    required = forms.BooleanField(
        label=_("必答"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    indicator = IndicatorChoiceField(
        label=_("对应指标（计分题可选）"),
        required=False,
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
