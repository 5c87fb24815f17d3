"""Forms of the honours pages: they check the shape of input; services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.honors.models import Category, Channel, ExternalHonor
from wenming.honors.services.nominations import MAX_FILES
from wenming.privacy import normalise_phone
from wenming.uploads import UploadRejected, check_upload
from wenming.widgets import DateInput

FILE_KINDS = {"jpg", "png", "pdf", "docx"}


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields with one partial."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Photos and files, each checked by content (images re-encoded, EXIF stripped)."""

    widget = MultipleFileInput(
        attrs={"accept": "image/jpeg,image/png,application/pdf,.docx", "data-testid": "files"}
    )

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("最多上传 %(n)d 个文件。") % {"n": MAX_FILES})
        checked = []
        for file in files:
            try:
                checked.append(check_upload(file, allowed=FILE_KINDS))
            except UploadRejected as exc:
                raise forms.ValidationError(exc.messages[0]) from exc
        return checked


def _text(label, *, max_length, required=True, testid="", **attrs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"data-testid": testid, **attrs}),
    )


class NominationForm(BootstrapForm):
    """六推荐 on a phone: the person, what they did, the channel, who recommends them."""

    name = _text(_("被推荐人姓名"), max_length=50, testid="nominee-name")
    region = forms.ChoiceField(
        label=_("所在社区（村）"), widget=forms.Select(attrs={"data-testid": "nominee-region"})
    )
    building = _text(
        _("楼道（村组）"),
        max_length=50,
        required=False,
        testid="nominee-building",
        placeholder=_("如：3号楼2单元；不清楚可不填"),
    )
    phone = _text(
        _("被推荐人联系电话（不公开）"),
        max_length=20,
        required=False,
        testid="nominee-phone",
        inputmode="tel",
    )
    category = forms.ChoiceField(
        label=_("推荐类别"),
        choices=[("", _("请选择"))] + Category.choices,
        widget=forms.Select(attrs={"data-testid": "nominee-category"}),
    )
    deeds = forms.CharField(
        label=_("主要事迹"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5, "data-testid": "nominee-deeds"}),
    )
    channel = forms.ChoiceField(
        label=_("推荐渠道"),
        choices=[("", _("请选择"))] + Channel.choices,
        widget=forms.Select(attrs={"data-testid": "nominee-channel"}),
    )
    files = AttachmentsField(label=_("照片或材料（可多选）"), required=False)
    nominator_name = _text(_("推荐人姓名"), max_length=50, testid="nominator-name")
    nominator_phone = _text(
        _("推荐人联系电话（不公开）"),
        max_length=20,
        testid="nominator-phone",
        inputmode="tel",
    )

    def __init__(self, *args, regions: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("请选择"))] + regions

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])

    def clean_nominator_phone(self):
        return _phone(self.cleaned_data["nominator_phone"])


def _phone(value: str) -> str:
    try:
        return normalise_phone(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


class ReviewForm(BootstrapForm):
    approve = forms.TypedChoiceField(
        label=_("评议意见"),
        required=False,
        choices=[("yes", _("赞成")), ("no", _("不赞成"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
    )
    score = forms.CharField(label=_("评分（0-100）"), required=False, max_length=10)
    note = forms.CharField(label=_("意见"), required=False, max_length=1000)


class ObjectionForm(BootstrapForm):
    text = forms.CharField(
        label=_("异议内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "data-testid": "objection-text"}),
    )
    contact_name = _text(_("您的姓名"), max_length=50, required=False, testid="objection-name")
    contact_phone = _text(
        _("您的联系电话（仅供核实，不公开）"),
        max_length=20,
        testid="objection-phone",
        inputmode="tel",
    )

    def clean_contact_phone(self):
        return _phone(self.cleaned_data["contact_phone"])


class ExternalHonorForm(BootstrapForm):
    external = forms.ChoiceField(label=_("荣誉名称"), choices=ExternalHonor.choices)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    conferred_on = forms.DateField(label=_("授予日期"), widget=DateInput)
    source = forms.CharField(label=_("来源"), max_length=200)
    title = forms.CharField(label=_("称号（可不填）"), max_length=100, required=False)
