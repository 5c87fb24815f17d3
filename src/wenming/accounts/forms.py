from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("账号"),
        max_length=150,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autofocus": True,
                "autocomplete": "username",
                "data-testid": "login-username",
            }
        ),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={
                "class": "form-control",
                "autocomplete": "current-password",
                "data-testid": "login-password",
            }
        ),
    )
    error_messages = {
        "invalid_login": _("账号或密码错误。连续错误 5 次将锁定账户。"),
        "inactive": _("该账户已停用。"),
    }
