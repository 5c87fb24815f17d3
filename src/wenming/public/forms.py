"""Forms of the citizens' pages: they check the shape of input; participation's services the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.participation import conf
from wenming.participation.models import Score
from wenming.uploads import UploadRejected, check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CitizenPhotosField(forms.FileField):
    """Up to three photos, each checked by content and re-encoded (its GPS position kept)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > conf.max_photos():
            raise forms.ValidationError(_("最多上传 %(n)d 张照片。") % {"n": conf.max_photos()})
        checked = []
        for file in files:
            try:
                checked.append(
                    check_upload(file, allowed={"jpg", "png"}, max_bytes=conf.photo_max_bytes())
                )
            except UploadRejected as exc:
                raise forms.ValidationError(exc.messages[0]) from exc
        return checked


class CitizenReportForm(forms.Form):
    service = forms.CharField(max_length=40, required=False)
    description = forms.CharField(max_length=1000, required=False, widget=forms.Textarea)
    address = forms.CharField(max_length=200, required=False)
    latitude = forms.CharField(max_length=20, required=False)
    longitude = forms.CharField(max_length=20, required=False)
    phone = forms.CharField(max_length=30, required=False)
    consent = forms.BooleanField(required=False)
    follow = forms.CharField(max_length=20, required=False)
    photos = CitizenPhotosField(required=False)
    # Honeypot: hidden from people by CSS; a form that fills it in was filled in by a program.
    website = forms.CharField(max_length=200, required=False)


class RatingForm(forms.Form):
    score = forms.ChoiceField(choices=Score.choices)
    comment = forms.CharField(max_length=500, required=False, widget=forms.Textarea)
