from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.materials.models import Grade
from wenming.materials.workflow import TRANSITIONS

ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("申报说明"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(
            attrs={
                "class": "form-control",
                "rows": 5,
                "data-testid": "material-text",
                "placeholder": _("简要说明完成情况、数据和佐证材料"),
            }
        ),
    )
    files = MultipleFileField(
        label=_("附件（PDF、Word、Excel、JPG、PNG，可多选）"),
        required=False,
        widget=MultipleFileInput(
            attrs={"class": "form-control", "accept": ACCEPT, "data-testid": "material-files"}
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(key, t.label) for key, t in TRANSITIONS.items()])
    grade = forms.ChoiceField(
        label=_("评定等级"),
        required=False,
        choices=Grade.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("审核意见 / 退回原因"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"class": "form-control", "rows": 3, "data-testid": "review-note"}
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
