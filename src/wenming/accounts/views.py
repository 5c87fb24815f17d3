"""Login, 账号安全 (password, second factor, tokens, sessions), account security management
for the security admin, and the audit log for the audit admin."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts import second_factor, selectors, services
from wenming.accounts.audit import record
from wenming.accounts.forms import AuditFilterForm, LoginForm, OtpCodeForm, PasswordChangeForm
from wenming.accounts.lockout import locked_until, lockout_message
from wenming.accounts.models import AuditAction
from wenming.accounts.signals import PASSWORD_CHANGE_SESSION_KEY
from wenming.clientip import client_ip
from wenming.paging import page_of
from wenming.regions import permissions
from wenming.sheets import workbook_bytes

login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)


class LogoutView(auth_views.LogoutView):
    """退出 is a POST (a link or an image must not end a session); someone who types /logout/
    or follows an old link gets a page that says so, with the button, instead of a blank 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/logout.html")


logout_view = LogoutView.as_view()


def _next_url(request, default: str = "web:dashboard"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


# -- The second login step -------------------------------------------------------------


def _locked_out(request):
    """A lockout reached through wrong codes ends the half-finished login."""
    username = request.user.get_username()
    until = locked_until(username)
    if until is None:
        return None
    logout(request)
    form = LoginForm(request, data=None, initial={"username": username})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout": lockout_message(until)},
        status=429,
    )


@login_required
def otp_verify(request):
    """Step two of login for accounts with a second factor: the code from the authenticator app."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if second_factor.confirmed_device(request.user) is None:
        return redirect(
            f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next_url(request)})}"
        )
    locked = _locked_out(request)
    if locked:
        return locked
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify_login_code(request, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        locked = _locked_out(request)
        if locked:
            return locked
        form.add_error("code", _("动态口令错误或已过期，请输入应用中当前显示的 6 位数字。"))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR (made here), then type the code it shows."""
    required = second_factor.is_required_for(request.user)
    if second_factor.confirmed_device(request.user) and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    locked = _locked_out(request)
    if locked:
        return locked
    device = second_factor.pending_device(request.user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.confirm_enrolment(request, code=form.cleaned_data["code"]):
            messages.success(request, _("已开启动态口令，今后登录时需输入验证器应用中的口令。"))
            return redirect(_next_url(request, "accounts:security"))
        locked = _locked_out(request)
        if locked:
            return locked
        form.add_error("code", _("口令不正确，请确认手机时间准确后输入当前显示的 6 位数字。"))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": second_factor.qr_data_uri(device),
            "secret": second_factor.secret_text(device),
            "required": required,
            "next": _next_url(request, "accounts:security"),
        },
    )


@login_required
@require_POST
def otp_disable(request):
    if second_factor.is_required_for(request.user):
        raise PermissionDenied
    second_factor.disable(actor=request.user)
    messages.success(request, _("已关闭动态口令。"))
    return redirect("accounts:security")


# -- 账号安全 -------------------------------------------------------------------------------


@login_required
def security(request):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "tokens": selectors.tokens_of(user),
            "sessions": selectors.sessions_of(user),
            "current_session_key": request.session.session_key,
            "events": selectors.own_login_events(user),
            "has_device": second_factor.confirmed_device(user) is not None,
            "otp_required": second_factor.is_required_for(user),
        },
    )


@login_required
def password_change(request):
    reason = request.session.get(PASSWORD_CHANGE_SESSION_KEY)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(
                actor=request.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except services.AccountSecurityError as exc:
            form.add_error(exc.field, exc.message)
        else:
            # The change ended every session; this one goes on under a new key.
            update_session_auth_hash(request, request.user)
            request.session.pop(PASSWORD_CHANGE_SESSION_KEY, None)
            request.session.save()
            services.register_session(
                user=request.user,
                session_key=request.session.session_key,
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
            messages.success(request, _("密码已修改，其他设备上的登录和 API 令牌均已失效。"))
            return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form, "reason": reason})


@login_required
@require_POST
def token_revoke(request, pk: int):
    services.revoke_own_token(actor=request.user, token_id=pk)
    messages.success(request, _("已吊销该 API 令牌。"))
    return redirect("accounts:security")


@login_required
@require_POST
def session_end(request, pk: int):
    services.end_own_session(actor=request.user, session_id=pk)
    messages.success(request, _("已结束该登录会话。"))
    return redirect("accounts:security")


# -- The security admin: unlock, reset a password, reset a second factor ---------------------


@login_required
def manage_accounts(request):
    if not permissions.can(request.user, permissions.MANAGE_SECURITY):
        raise PermissionDenied
    search = request.GET.get("q", "").strip()[:150]
    locked_only = request.GET.get("locked") == "1"
    accounts = selectors.accounts_for_security_admin(
        request.user, search=search, locked_only=locked_only
    )
    page = page_of(request, accounts)
    return render(
        request,
        "accounts/manage.html",
        {
            "page": page,
            "q": search,
            "locked_only": locked_only,
            "locked": selectors.locked_usernames([u.username for u in page]),
            "temporary": request.session.pop("wm_temporary", None),
        },
    )


@login_required
@require_POST
def manage_action(request, pk: int, action: str):
    try:
        if action == "unlock":
            services.unlock_account(actor=request.user, user_id=pk)
            messages.success(request, _("已解除锁定。"))
        elif action == "reset-password":
            password = services.reset_password(actor=request.user, user_id=pk)
            # Shown once on the next page, never stored beyond this session.
            request.session["wm_temporary"] = {"user_id": pk, "password": password}
        elif action == "reset-otp":
            services.reset_second_factor(actor=request.user, user_id=pk)
            messages.success(request, _("已重置动态口令，对方下次登录时重新绑定。"))
        else:
            raise PermissionDenied
    except services.AccountSecurityError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:manage")


# -- The audit admin: the audit log and its export ---------------------------------------------


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
def audit_log(request):
    if not selectors.can_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "username": data["username"].strip(),
            "action": data["action"],
            "outcome": data["outcome"],
            "since": _day_start(data["since"]) if data["since"] else None,
            "until": _day_start(data["until"] + timedelta(days=1)) if data["until"] else None,
        }
    events = selectors.audit_events_for(request.user, **filters)
    if request.GET.get("export") == "xlsx":
        return _export_audit(request, events, filters)
    page = page_of(request, events)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "retention_days": settings.AUDIT_RETENTION_DAYS},
    )


def _export_audit(request, events, filters) -> HttpResponse:
    rows = [
        (
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.username,
            e.get_action_display(),
            e.get_outcome_display(),
            e.summary,
            e.object_type,
            e.object_id,
            e.ip or "",
            e.channel,
        )
        for e in events.iterator()
    ]
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        summary=f"导出审计日志 {len(rows)} 条",
        changes={k: str(v) for k, v in filters.items() if v},
    )
    data = workbook_bytes(
        [
            (
                "审计日志",
                ["时间", "账号", "操作", "结果", "摘要", "对象类型", "对象编号", "IP 地址", "渠道"],
                rows,
            )
        ]
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = (
        f"attachment; filename=\"audit-{stamp}.xlsx\"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-{stamp}.xlsx"
    )
    return response
