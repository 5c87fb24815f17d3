"""The second factor (TOTP, django-otp): who needs it, enrolment, and checking a code at login.

Required for the roles in ``OTP_REQUIRED_ROLES`` (the three administrators of 三权分立);
anyone else may turn it on from 账号安全, and once on it is asked at every login. A wrong
code counts as a failed login for the lockout (django-axes), as a wrong password does.
"""

from __future__ import annotations

import base64
import io

import qrcode
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction, AuditOutcome
from wenming.regions.permissions import role_of

DEVICE_NAME = "authenticator"


def is_required_for(user) -> bool:
    required = settings.OTP_REQUIRED_ROLES
    return bool(required) and (user.is_superuser or role_of(user) in required)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def asks_code_at_login(user) -> bool:
    return is_required_for(user) or confirmed_device(user) is not None


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: unconfirmed until the first correct code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR as a PNG data: URI, made here (no third-party service sees the key)."""
    image = qrcode.make(device.config_url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app by hand."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _fail(request, user, reason: str) -> None:
    record(
        actor=None,
        username=user.get_username(),
        action=AuditAction.OTP_FAILED,
        obj=user,
        summary=reason,
        outcome=AuditOutcome.FAILURE,
    )
    # The lockout counts it like a wrong password (credentials carry the username axes keys on).
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "reason": reason},
        request=request,
    )


def confirm_enrolment(request, *, code: str) -> bool:
    """Turn on the second factor for ``request.user`` when ``code`` matches the pending device."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(code.strip()):
        _fail(request, user, "绑定动态口令时口令错误")
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save()
        record(actor=user, action=AuditAction.OTP_ENROLLED, obj=user, summary="绑定动态口令")
    otp_login(request, device)
    axes_reset(username=user.get_username())
    return True


def verify_login_code(request, *, code: str) -> bool:
    """Check the code of the second login step; on success the session counts as verified."""
    user = request.user
    device = confirmed_device(user)
    verified = (
        verify_token(user, device.persistent_id, code.strip()) if device is not None else None
    )
    if verified is None:
        _fail(request, user, "动态口令错误")
        return False
    otp_login(request, verified)
    record(actor=user, action=AuditAction.OTP_VERIFIED, obj=user, summary="动态口令验证通过")
    axes_reset(username=user.get_username())
    return True


def check_api_code(request, user, code: str | None) -> bool:
    """The token endpoint's second factor: a user with a device sends its current code."""
    device = confirmed_device(user)
    if device is None:
        return True
    if code and verify_token(user, device.persistent_id, code.strip()) is not None:
        return True
    _fail(request, user, "动态口令错误（API）")
    return False


def disable(*, actor) -> None:
    """The user turns the second factor off (only where their role does not require it)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        record(actor=actor, action=AuditAction.OTP_RESET, obj=actor, summary="关闭动态口令")
