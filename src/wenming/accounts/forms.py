from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditAction, AuditOutcome
from wenming.widgets import DateInput


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


def _password_input(testid: str, autocomplete: str):
    return forms.PasswordInput(
        attrs={"class": "form-control", "autocomplete": autocomplete, "data-testid": testid}
    )


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=_password_input("current-password", "current-password"),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        max_length=128,
        widget=_password_input("new-password", "new-password"),
        help_text=_("至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类。"),
    )
    new_password_again = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        max_length=128,
        widget=_password_input("new-password-again", "new-password"),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("new_password")
            and data.get("new_password_again")
            and data["new_password"] != data["new_password_again"]
        ):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data


class OtpCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入验证器应用显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "maxlength": 8,
                "data-testid": "otp-code",
            }
        ),
    )


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("账号"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("操作"), required=False)
    outcome = forms.ChoiceField(label=_("结果"), required=False)
    since = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    until = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部"))] + list(AuditAction.choices)
        self.fields["outcome"].choices = [("", _("全部"))] + list(AuditOutcome.choices)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )
