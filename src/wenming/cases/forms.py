"""Forms of the case pages: they check the shape of input; services check the rules."""

from __future__ import annotations

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from wenming.cases.events import PhotoIn, photo_position
from wenming.cases.models import Severity, Source
from wenming.uploads import UploadRejected, check_upload
from wenming.widgets import DateInput

MAX_PHOTOS = 6


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos, each checked by content (re-encoded, EXIF stripped, position kept)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("最多上传 %(n)d 张照片。") % {"n": MAX_PHOTOS})
        checked = []
        for file in files:
            try:
                checked.append(check_upload(file, allowed={"jpg", "png"}))
            except UploadRejected as exc:
                raise forms.ValidationError(
                    f"{getattr(file, 'name', '')}：{exc.messages[0]}"
                ) from exc
        return checked


class PositionMixin(forms.Form):
    latitude = forms.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
    )
    longitude = forms.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )


class TransitionForm(PositionMixin):
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(label=_("责任单位"), required=False)
    duplicate_of = forms.IntegerField(
        label=_("与哪个案件重复（编号）"), required=False, min_value=1
    )
    requested_due = forms.DateField(
        label=_("申请延至"),
        required=False,
        widget=DateInput(),
    )
    photos = PhotosField(label=_("照片"), required=False)


class ReportForm(PositionMixin):
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, initial=Source.INSPECTION)
    category = forms.CharField(label=_("问题类别"), max_length=50)
    severity = forms.ChoiceField(
        label=_("严重程度"), choices=Severity.choices, initial=Severity.GENERAL
    )
    description = forms.CharField(
        label=_("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    region = forms.CharField(label=_("所在区划"), max_length=12)
    address = forms.CharField(label=_("地点"), max_length=200, required=False)
    photos = PhotosField(label=_("现场照片"), required=False)


def photo_inputs(form) -> list:
    """The checked photos of a form as service inputs, placed by events.photo_position."""
    data = form.cleaned_data
    inputs = []
    for checked in data.get("photos") or []:
        lat, lon = photo_position(checked, data.get("latitude"), data.get("longitude"))
        inputs.append(
            PhotoIn(
                file=ContentFile(checked.content, name=f"photo{checked.extension}"),
                latitude=lat,
                longitude=lon,
            )
        )
    return inputs


class HolidayNoticeForm(forms.Form):
    """A year's State Council holiday notice, pasted as text (services/calendar.py reads it)."""

    year = forms.IntegerField(
        label=_("年份"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control", "data-testid": "notice-year"}),
    )
    text = forms.CharField(
        label=_("通知正文"),
        max_length=20000,
        help_text=_("粘贴国务院办公厅放假通知中“一、元旦：……”至“七、国庆节：……”各行。"),
        widget=forms.Textarea(
            attrs={"class": "form-control font-monospace", "rows": 9, "data-testid": "notice-text"}
        ),
    )
