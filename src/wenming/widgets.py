"""Form widgets every app's forms share: no domain, only how an input reads in Chinese."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A date box with an ISO value, marked zh-CN and hinted 年-月-日 (browsers otherwise
    show their own locale's order)."""

    input_type = "date"

    def __init__(self, attrs=None):
        hint = {"lang": "zh-CN", "title": _("日期：年-月-日，如 2026-11-23")}
        super().__init__(attrs={**hint, **(attrs or {})}, format="%Y-%m-%d")
