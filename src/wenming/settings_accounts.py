"""Settings of logins and sessions: passwords, lockout, trusted proxies, session lifetimes,
password expiry, the second factor, and how long the audit log is kept. settings.py imports
every name of this module."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from wenming.clientip import parse_networks
from wenming.settings_env import env, envbool, envint, envlist

# Passwords: argon2 first; the rules are ≥ 8 characters and three character classes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "wenming.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "wenming.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user with their membership (one query a request).
    "wenming.regions.backends.MemberBackend",
    "wenming.regions.backends.RolePermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failed logins per account lock it for AXES_COOLOFF minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
# Per account, not per IP: a street office's staff share one NAT address, and one
# mistyped password must not lock out the whole office.
AXES_LOCKOUT_PARAMETERS = ["username"]
# Failures are cleared when a login is complete: after the second factor where there is one
# (wenming.accounts.signals / second_factor), so a known password cannot reset the count of
# wrong codes.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "wenming.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Lockout records and the audit log take the client's address from the same function.
AXES_CLIENT_IP_CALLABLE = "wenming.clientip.client_ip"

# Proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated), e.g.
# TRUSTED_PROXIES=127.0.0.1 behind nginx on the same host. Empty: the connection's address.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
parse_networks(TRUSTED_PROXIES)  # a typo fails at start-up, not silently per request

# Sessions end after 30 idle minutes: activity pushes the expiry forward, at most once a minute
# (accounts.middleware.SessionTouchMiddleware), not with a session write on every request.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
# ... and end 12 hours after login however active they are (等保 2.0).
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 12) * 3600

# Password expiry (等保 2.0): off by default; PASSWORD_EXPIRY=true asks for a new password
# every PASSWORD_EXPIRY_DAYS (90) days, through the same page as a reset.
PASSWORD_MAX_AGE_DAYS = (
    envint("PASSWORD_EXPIRY_DAYS", 90) if envbool("PASSWORD_EXPIRY", False) else 0
)

# Second factor (TOTP): required for these roles (三权分立's three administrators), optional
# for everyone else.
OTP_REQUIRED_ROLES = envlist("OTP_REQUIRED_ROLES", "admin,security,auditor")
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "文明创建管理平台")

# The audit log is kept at least six calendar months (184 days, 等保 2.0 / 网络安全法 §21);
# `wenming tick` prunes what is older.
AUDIT_RETENTION_MIN_DAYS = 184
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS)
if AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MIN_DAYS:
    raise ImproperlyConfigured(
        f"AUDIT_RETENTION_DAYS={AUDIT_RETENTION_DAYS}: the audit log must be kept at least "
        f"{AUDIT_RETENTION_MIN_DAYS} days (six months)"
    )
