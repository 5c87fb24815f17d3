"""Wenming settings, read from the environment.

Every value has a safe development default; production sets ``WENMING_ENV=production``
(or ``DEBUG=false``) and supplies ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
Secrets may come from a file: ``SECRET_KEY_FILE=/run/secrets/key`` (settings_env.py reads the
environment). The account and session settings are in settings_accounts.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Logins, passwords, lockout, sessions, the second factor and the audit log's retention.
from wenming.settings_accounts import *  # noqa: F403
from wenming.settings_env import env, envbool, envint, envlist, local_secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("WENMING_HOME", Path.cwd()))


PRODUCTION = env("WENMING_ENV", "development") == "production"
# Off unless asked for (DEBUG=true): a debug page shows settings and code to whoever triggers it.
DEBUG = envbool("DEBUG", False)
VAR_DIR = Path(env("WENMING_VAR_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production")
    SECRET_KEY = local_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# A form posted from a page kept open too long: the Chinese error page, not Django's English one.
CSRF_FAILURE_VIEW = "wenming.web.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wenming.regions",
    "wenming.accounts",
    "wenming.throttle",  # rate-limit counters of the public endpoints (Redis or this table)
    "wenming.notifications",  # the outbox the domain apps send through (below them)
    # Domain apps (one per domain, DESIGN.md §3); add new ones here.
    "wenming.framework",
    "wenming.materials",
    "wenming.surveys",
    "wenming.cases",
    "wenming.inspections",
    "wenming.welfare",
    "wenming.documents",
    "wenming.scoring",
    "wenming.reports",  # the work report: reads every app's figures (wenming.figures)
    "wenming.honors",
    "wenming.participation",  # 随手拍, tracking codes, ratings, Open311 keys (above cases)
    "wenming.community",  # above scoring: it assesses communities through the engine
    "wenming.volunteers",
    # Delivery layers come last.
    "wenming.public",
    "wenming.web",
    "wenming.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wenming.accounts.middleware.RejectNulBytesMiddleware",
    "wenming.uploads.PixelBudgetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wenming.accounts.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Absolute session end, the TOTP login step, a forced password change.
    "wenming.accounts.middleware.AccountSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wenming.accounts.middleware.AuditRequestMiddleware",
    # Axes goes last so that it sees the outcome of the authentication backends.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wenming.urls"
WSGI_APPLICATION = "wenming.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wenming.web.context_processors.navigation",
            ],
            # {% kept %}: fragments of a page rendered once per process (wenming/fragments.py).
            "libraries": {"kept": "wenming.fragments"},
        },
    },
]

# Database: the embedded SQLite file by default, PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'wenming.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, reading odd stored numbers without failing (see wenming/sqlite).
    DATABASES["default"]["ENGINE"] = "wenming.sqlite"
    # Tests keep Django's in-memory database (pytest-django recognises only the stock engine).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several threads and processes write at once (`wenming serve`, workers): every transaction
    # takes the write lock when it begins (IMMEDIATE), so a transaction that read first can never
    # fail to upgrade with "database is locked"; writers queue for up to `timeout` seconds. WAL
    # lets readers go on during a write; synchronous=NORMAL is durable across crashes of the
    # process in WAL mode and much faster than FULL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("SQLITE_BUSY_TIMEOUT_SECONDS", 30),
            "init_command": (
                "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # Covering indexes (INCLUDE) are for PostgreSQL; on the embedded SQLite they are plain indexes.
    "models.W040",
]

API_TOKEN_TTL_HOURS = envint("API_TOKEN_TTL_HOURS", 12)

# Map tiles: URL templates ({z}/{x}/{y}, {s} for a subdomain), several separated by spaces
# (天地图 needs a base and a label layer, both with its key: …/vec_w/wmts?…&tk=KEY). Empty means
# site markers on a blank background with a scale. 天地图 (CGCS2000) matches our WGS-84
# positions; GCJ-02 tile sources (高德, 腾讯) would shift markers by hundreds of metres.
WENMING_MAP_TILES = (env("WENMING_MAP_TILES", "") or "").split()
WENMING_MAP_SUBDOMAINS = env("WENMING_MAP_SUBDOMAINS", "01234567")
WENMING_MAP_ATTRIBUTION = env("WENMING_MAP_ATTRIBUTION", "")
WENMING_MAP_MAX_ZOOM = envint("WENMING_MAP_MAX_ZOOM", 18)


def map_tile_sources() -> list[str]:
    """CSP img-src entries for the configured tile hosts (t{s}.example.cn → *.example.cn)."""
    sources = []
    for template in WENMING_MAP_TILES:
        parts = urlsplit(template)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ImproperlyConfigured(
                f"WENMING_MAP_TILES: {template!r} is not an http(s) URL template"
            )
        labels = parts.netloc.split(".")
        host = ".".join("*" if "{" in label else label for label in labels)
        if "{" in host:
            raise ImproperlyConfigured(
                f"WENMING_MAP_TILES: only a subdomain may vary in {template!r}"
            )
        sources.append(f"{parts.scheme}://{host}")
    return sorted(set(sources))


# Content-Security-Policy: everything from our own origin, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"] + envlist("CSP_IMG_EXTRA", "") + map_tile_sources(),
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"  # never routed: stored files are served by views that check scope
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# How a permitted file reaches the browser (wenming/media.py): "" Django streams it, "nginx"
# X-Accel-Redirect to the internal location WENMING_MEDIA_ACCEL_PREFIX, "sendfile" X-Sendfile.
WENMING_MEDIA_ACCEL = env("WENMING_MEDIA_ACCEL", "") or ""
WENMING_MEDIA_ACCEL_PREFIX = env("WENMING_MEDIA_ACCEL_PREFIX", "/protected-media/")
if WENMING_MEDIA_ACCEL not in ("", "nginx", "sendfile"):
    raise ImproperlyConfigured(
        f"WENMING_MEDIA_ACCEL={WENMING_MEDIA_ACCEL!r}: use nginx, sendfile or leave it empty"
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# Uploads: imports are spreadsheets; the limit is configurable per deployment.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
UPLOAD_MAX_PIXELS = envint("UPLOAD_MAX_PIXELS", 40_000_000)  # images larger than this are refused
# All images of one request together (a visit with 30 phone photos fits).
UPLOAD_MAX_PIXELS_PER_REQUEST = envint("UPLOAD_MAX_PIXELS_PER_REQUEST", 400_000_000)
# Spreadsheet imports: sheets beyond these are refused before they are loaded (a merged range
# over a whole sheet would otherwise take minutes and gigabytes).
SHEET_MAX_ROWS = envint("SHEET_MAX_ROWS", 20_000)
SHEET_MAX_COLUMNS = envint("SHEET_MAX_COLUMNS", 200)
SHEET_MAX_CELLS = envint("SHEET_MAX_CELLS", 1_000_000)
SHEET_MAX_MERGED_CELLS = envint("SHEET_MAX_MERGED_CELLS", 200_000)
SHEET_MAX_UNPACKED_MB = envint("SHEET_MAX_UNPACKED_MB", 200)
# Public survey answers per client IP and minute: loose, since a surveyor's respondents share one connection.
SURVEY_RATE_LIMIT_PER_MINUTE = envint("SURVEY_RATE_LIMIT_PER_MINUTE", 60)
# Optional cap on answers per survey and region (0: none): the sample size a survey needs, and
# the bound on repeats by someone who clears their cookies from many addresses.
SURVEY_REGION_QUOTA = envint("SURVEY_REGION_QUOTA", 0)
# Public 好人 nominations and 公示 objections per client IP and hour: a handful is what a person
# sends; a script sending hundreds is refused (429) without touching the database.
HONORS_PUBLIC_LIMIT_PER_HOUR = envint("HONORS_PUBLIC_LIMIT_PER_HOUR", 20)

# The cache holds rate-limit counters that every web process must share: the database
# by default (no extra server), Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wenming_cache"}
    )
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO: noise in a server's log and in tests.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# The home city of this deployment: its 12-digit region code and the short prefix used
# when numbering documents (淮创城整〔2026〕15号).
WENMING_CITY_CODE = env("WENMING_CITY_CODE", "340400000000")

# Bulletins (通报): the roles that 审定 and publish them (comma-separated Role values: admin,
# coordinator, leader…). The coordinator drafts; the page names who approves.
BULLETIN_APPROVER_ROLES = envlist("BULLETIN_APPROVER_ROLES", "admin")

# Cases (交办整改): flag an after-photo taken farther than this from the problem; suggest open cases
# of the same category this close as duplicates; a problem back at a site within this many days
# is 反弹; overdue by more than this many working days → 挂牌督办; the office's abbreviation in
# document numbers (淮创城整〔2026〕15号); the address the QR codes on notices point to (jobs have
# no request to take it from).
CASE_PHOTO_MAX_DISTANCE_M = envint("CASE_PHOTO_MAX_DISTANCE_M", 50)
CASE_DUPLICATE_RADIUS_M = envint("CASE_DUPLICATE_RADIUS_M", 50)
CASE_REBOUND_DAYS = envint("CASE_REBOUND_DAYS", 90)
CASE_EXPOSURE_AFTER_WORKDAYS = envint("CASE_EXPOSURE_AFTER_WORKDAYS", 5)
CASE_NOTICE_PREFIX = env("CASE_NOTICE_PREFIX", "淮创城")

# Participation (随手拍, Open311): submissions per address and hour and per phone and day;
# tracking-page lookups per address and minute; Open311 requests per key and minute; a photo's
# and a whole submission's size; the days within which a nearby report is offered to follow
# and within which 不满意 sends a closed case back for review; 文明积分 per accepted report;
# the jurisdiction: within this many km of a known place of the city, or inside the box
# "south,west,north,east" when PARTICIPATION_JURISDICTION_BOX is set.
PARTICIPATION_REPORTS_PER_IP_HOUR = envint("PARTICIPATION_REPORTS_PER_IP_HOUR", 20)
PARTICIPATION_REPORTS_PER_PHONE_DAY = envint("PARTICIPATION_REPORTS_PER_PHONE_DAY", 10)
PARTICIPATION_LOOKUPS_PER_IP_MINUTE = envint("PARTICIPATION_LOOKUPS_PER_IP_MINUTE", 60)
OPEN311_REQUESTS_PER_KEY_MINUTE = envint("OPEN311_REQUESTS_PER_KEY_MINUTE", 120)
PARTICIPATION_PHOTO_MAX_BYTES = envint("PARTICIPATION_PHOTO_MAX_MB", 10) * 1024 * 1024
PARTICIPATION_REQUEST_MAX_BYTES = envint("PARTICIPATION_REQUEST_MAX_MB", 32) * 1024 * 1024
PARTICIPATION_DUPLICATE_DAYS = envint("PARTICIPATION_DUPLICATE_DAYS", 7)
PARTICIPATION_REVIEW_DAYS = envint("PARTICIPATION_REVIEW_DAYS", 7)
PARTICIPATION_POINTS_PER_REPORT = envint("PARTICIPATION_POINTS_PER_REPORT", 10)
PARTICIPATION_JURISDICTION_KM = envint("PARTICIPATION_JURISDICTION_KM", 40)
_box = envlist("PARTICIPATION_JURISDICTION_BOX", "")
try:
    PARTICIPATION_JURISDICTION_BOX = tuple(float(v) for v in _box) if _box else None
except ValueError as exc:
    raise ImproperlyConfigured(
        "PARTICIPATION_JURISDICTION_BOX: four numbers south,west,north,east"
    ) from exc
if PARTICIPATION_JURISDICTION_BOX is not None and len(PARTICIPATION_JURISDICTION_BOX) != 4:
    raise ImproperlyConfigured("PARTICIPATION_JURISDICTION_BOX: four numbers south,west,north,east")

# Volunteer service (志愿服务): QR sign-in distance and window, how hours are counted, when an
# unclaimed demand goes up to the 实践所, the certificate numbers' abbreviation.
VOLUNTEER_CHECKIN_RADIUS_M = envint("VOLUNTEER_CHECKIN_RADIUS_M", 500)
VOLUNTEER_SIGNIN_EARLY_MINUTES = envint("VOLUNTEER_SIGNIN_EARLY_MINUTES", 30)
VOLUNTEER_SIGNOUT_LATE_MINUTES = envint("VOLUNTEER_SIGNOUT_LATE_MINUTES", 60)
VOLUNTEER_HOURS_STEP_MINUTES = envint("VOLUNTEER_HOURS_STEP_MINUTES", 30)
VOLUNTEER_HOURS_ROUNDING = env("VOLUNTEER_HOURS_ROUNDING", "down")
if VOLUNTEER_HOURS_ROUNDING not in ("down", "nearest"):
    raise ImproperlyConfigured("VOLUNTEER_HOURS_ROUNDING must be down or nearest")
VOLUNTEER_DEMAND_ESCALATE_WORKDAYS = envint("VOLUNTEER_DEMAND_ESCALATE_WORKDAYS", 3)
VOLUNTEER_CERTIFICATE_PREFIX = env("VOLUNTEER_CERTIFICATE_PREFIX", "淮志证")
VOLUNTEER_ACTIVE_MONTHS = envint("VOLUNTEER_ACTIVE_MONTHS", 12)
VOLUNTEER_NEAR_RADIUS_M = envint("VOLUNTEER_NEAR_RADIUS_M", 5000)
# The key of the hash a volunteer's ID number is found by (duplicates, the import): its own,
# so rotating SECRET_KEY leaves duplicate detection intact. Development keeps a generated one
# in the var directory, as it does the SECRET_KEY; after changing it run
# ``wenming rehash_volunteer_ids`` (the numbers are stored whole, so every hash is recomputed).
VOLUNTEER_ID_KEY = env("VOLUNTEER_ID_KEY")
if not VOLUNTEER_ID_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "VOLUNTEER_ID_KEY (or VOLUNTEER_ID_KEY_FILE) must be set in production"
        )
    VOLUNTEER_ID_KEY = local_secret_key(VAR_DIR / "volunteer_id_key")

# Notifier (DESIGN.md §4a): the backend that delivers the outbox; "inapp" is the message centre.
NOTIFIER_BACKEND = env("NOTIFIER_BACKEND", "inapp")

# Scoring: 红榜 = the top SCORING_LIST_SIZE places scoring at least SCORING_RED_MIN; 黑榜 = the
# bottom SCORING_LIST_SIZE places below SCORING_BLACK_BELOW (frozen into each assessment).
SCORING = {
    "list_size": envint("SCORING_LIST_SIZE", 3),
    "red_min": envint("SCORING_RED_MIN", 80),
    "black_below": envint("SCORING_BLACK_BELOW", 60),
}
if SCORING["red_min"] < SCORING["black_below"]:
    raise ImproperlyConfigured("SCORING_RED_MIN must not be below SCORING_BLACK_BELOW")
WENMING_SITE_URL = env("WENMING_SITE_URL", "http://127.0.0.1:8000")

# 救助管理 (seed 002: "无滞留流浪乞讨未成年人"): a minor still at a station after this many hours
# alerts the region's civil-affairs staff, once.
RELIEF_MINOR_ALERT_HOURS = envint("RELIEF_MINOR_ALERT_HOURS", 24)
if RELIEF_MINOR_ALERT_HOURS < 1:
    raise ImproperlyConfigured("RELIEF_MINOR_ALERT_HOURS must be at least 1")
