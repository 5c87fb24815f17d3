from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wenming.materials.models import Grade
from wenming.materials.workflow import SUBMISSION_WORKFLOW
from wenming.uploads import DEFAULT_MAX_BYTES

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

    def __init__(self, *args, require_content: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_content = require_content

    def clean(self):
        data = super().clean()
        # The page makes a material in one step: an empty form would leave an empty draft
        # behind. (The API makes the draft first and attaches files to it afterwards.)
        if self.require_content and not data.get("text", "").strip() and not data.get("files"):
            raise forms.ValidationError(
                _("申报材料是空的：请填写申报说明，或上传至少一个附件。"), code="empty"
            )
        return data

    @property
    def upload_mb(self) -> str:
        """The per-file limit the help text states (settings.UPLOAD_MAX_BYTES)."""
        limit = getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
        return f"{limit / 1024 / 1024:g}"


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=list(SUBMISSION_WORKFLOW.labels.items()))
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
