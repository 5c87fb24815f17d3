import json
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wenming.accounts.audit import bind_request, record, unbind_request
from wenming.accounts.models import AuditAction
from wenming.accounts.signals import (
    LOGIN_AT_SESSION_KEY,
    OTP_PENDING_SESSION_KEY,
    PASSWORD_CHANGE_SESSION_KEY,
)
from wenming.urlpaths import fixed_path


class AuditRequestMiddleware:
    """Makes the client's IP and channel available to audit rows written in this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = bind_request(request)
        try:
            return self.get_response(request)
        finally:
            unbind_request(token)


TOUCHED_SESSION_KEY = "wm_touched"  # when the session was last saved (epoch seconds)


class SessionTouchMiddleware:
    """The idle timeout without a session write on every request: a session that holds
    anything is saved (its expiry pushed forward by SESSION_COOKIE_AGE) when something in it
    changed, or when it was last saved SESSION_TOUCH_SECONDS ago or more; so an idle session
    ends after between SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS and SESSION_COOKIE_AGE
    seconds. Goes after SessionMiddleware, whose response step does the saving."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(timezone.now().timestamp())
        touched = session.get(TOUCHED_SESSION_KEY)
        fresh = isinstance(touched, int) and 0 <= now - touched < settings.SESSION_TOUCH_SECONDS
        if session.modified or not fresh:
            session[TOUCHED_SESSION_KEY] = now  # marks the session modified: it is saved
        return response


class RejectNulBytesMiddleware:
    """400 for a NUL byte in the path, query or a JSON body, or a lone surrogate ("\\ud800")
    in a JSON body: PostgreSQL text cannot hold a NUL and no database can store half a
    UTF-16 pair, so such input would otherwise fail deep inside a query as a server error.

    The API drops NULs from its query strings and JSON bodies instead: its OpenAPI document
    calls any string valid, and a NUL means nothing in a name, a note or a filter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and "\x00" not in request.path:
            self._drop_api_nuls(request)
        if (
            "\x00" in request.path
            or "%00" in request.META.get("QUERY_STRING", "")
            or self._json_has_nul(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("请求中含有不允许的空字符（\\0）。")}, status=400)
            return HttpResponseBadRequest(_("请求中含有不允许的空字符（\\0）。"))
        if self._json_has_lone_surrogate(request):
            message = _("请求内容含有无效的 Unicode 字符（孤立的代理项）。")
            return JsonResponse({"detail": message}, status=400)
        return self.get_response(request)

    @staticmethod
    def _json_has_lone_surrogate(request) -> bool:
        if request.content_type != "application/json":
            return False
        body = request.body
        if not re.search(rb"\\u[dD][89a-fA-F]", body):
            return False
        try:
            data = json.loads(body)
        except ValueError:
            return False  # malformed JSON: the API's parser answers 400 itself
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False

    @classmethod
    def _drop_api_nuls(cls, request) -> None:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query:
            request.META["QUERY_STRING"] = query.replace("%00", "")
        if cls._json_has_nul(request):
            try:
                data = json.loads(request.body)
            except ValueError:
                return  # malformed JSON: the API's parser answers 400 itself
            request._body = json.dumps(_without_nul(data), ensure_ascii=False).encode(
                "utf-8", "surrogatepass"
            )

    @staticmethod
    def _json_has_nul(request) -> bool:
        if request.content_type != "application/json":
            return False
        body = request.body
        return b"\\u0000" in body or b"\x00" in body


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


class AccountSecurityMiddleware:
    """Between login and every page: the absolute session lifetime, the second login step
    (TOTP) and a forced password change (reset by an admin, or expired). The API checks the
    same rules on its bearer tokens (wenming.api.auth)."""

    PASSTHROUGH = ("/static/", "/api/", "/public/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.PASSTHROUGH) or not request.user.is_authenticated:
            return self.get_response(request)
        if self._expired(request):
            record(
                actor=request.user,
                action=AuditAction.SESSION_EXPIRED,
                summary="登录超过最长时限，会话结束",
            )
            logout(request)
            messages.info(
                request,
                _("登录已超过 %(hours)d 小时，请重新登录。")
                % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600},
            )
            return redirect_to_login(request.get_full_path())
        if request.path == fixed_path("logout"):
            return self.get_response(request)
        # Both were decided at login (accounts.signals): no query on every page.
        otp_paths = (fixed_path("accounts:otp_verify"), fixed_path("accounts:otp_setup"))
        if request.session.get(OTP_PENDING_SESSION_KEY):
            if request.user.is_verified():
                del request.session[OTP_PENDING_SESSION_KEY]
            elif request.path in otp_paths:
                return self.get_response(request)
            else:
                return redirect(f"{otp_paths[0]}?{urlencode({'next': request.get_full_path()})}")
        password_path = fixed_path("accounts:password_change")
        if request.path != password_path and request.session.get(PASSWORD_CHANGE_SESSION_KEY):
            return redirect(password_path)
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> bool:
        started = request.session.get(LOGIN_AT_SESSION_KEY)
        if not started:
            return True  # a session from before the stamp existed: log in again once
        try:
            started_at = datetime.fromisoformat(started)
        except (TypeError, ValueError):
            return True
        lifetime = timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS)
        return timezone.now() - started_at > lifetime
