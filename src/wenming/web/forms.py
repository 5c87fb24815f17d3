from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx", "data-testid": "import-file"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("文件过大：上限为 %(mb)d MB。") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # .xlsx is a zip container: checked by content, not by name
            raise forms.ValidationError(_("文件不是有效的 Excel（.xlsx）文件。"))
        return upload
