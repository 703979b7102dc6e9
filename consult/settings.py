"""Settings for 协商, read from environment variables.

Every variable is listed in README.md and .env.example. A value that cannot be parsed stops
the start with a message rather than being silently ignored.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
import dj_email_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_networks(name: str) -> list[str]:
    """Addresses or networks (203.0.113.5, 10.0.0.0/8), checked at start."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an IP address or network") from exc
    return networks


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG=0 (for development run with DEBUG=1, see README)"
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    # Django Ninja serves the API under /api/v1/ (grievances.api); listed here so that its API
    # page uses the Swagger UI files it ships (static/ninja/), never a CDN.
    "ninja",
    "consult",
    "grievances",
    "meetings",
    "supervision",
    "surveys",
    "ledger",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "consult.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "consult.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "consult.middleware.SessionIdleMiddleware",
    "consult.login_throttle.KnownDeviceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "consult.errors.StepRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "consult.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "consult.context_processors.consult",
            ],
        },
    },
]

WSGI_APPLICATION = "consult.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the development server and a second process share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

# Reports (the ledger's pages and exports, the archive, the federation's assessment) read from a
# replica of the primary when DATABASE_REPLICA_URL is set (a PostgreSQL streaming replica;
# consult.replica); nothing is written there. REPLICA_FOR_REPORTS=0 sends them back to the
# primary without removing the URL (a replica that lags too far behind).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # Read-only at the connection too, should the URL name the primary by mistake.
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = (
            "-c default_transaction_read_only=on"
        )
REPLICA_FOR_REPORTS = env_bool("REPLICA_FOR_REPORTS", bool(DATABASE_REPLICA_URL))
DATABASE_ROUTERS = ["consult.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Each named in its own language: the menu reads the same whatever language is active.
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
LOCALE_PATHS = [
    BASE_DIR / app / "locale"
    for app in ("consult", "grievances", "meetings", "supervision", "surveys", "ledger")
]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's files come from the xstatic-bootstrap package; served by WhiteNoise.
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
# Attachments: on the local disk under MEDIA_ROOT, or in a private bucket of an S3-compatible
# object store when STORAGE_URL is set (s3://KEY:SECRET@host:port/bucket[/prefix]?region=…&tls=0
# &addressing=path|virtual; consult.storage). They are served only through the access-checked
# views: streamed, or with STORAGE_PRESIGNED_SECONDS (1–60) by a redirect to a URL signed for
# that long that names the file.
STORAGE_URL = os.environ.get("STORAGE_URL", "")
STORAGE_PRESIGNED_SECONDS = env_int("STORAGE_PRESIGNED_SECONDS", 0, minimum=0)
if STORAGE_PRESIGNED_SECONDS > 60:
    raise ImproperlyConfigured("STORAGE_PRESIGNED_SECONDS must be at most 60")
if STORAGE_URL:
    from consult.storage_url import S3_BACKEND, s3_options

    OBJECT_STORAGE_OPTIONS = s3_options(STORAGE_URL)
    _default_storage = {"BACKEND": S3_BACKEND, "OPTIONS": OBJECT_STORAGE_OPTIONS}
else:
    OBJECT_STORAGE_OPTIONS = {}
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collected files (development, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not STORAGES["staticfiles"]["BACKEND"].startswith("whitenoise")

# Uploaded attachments live outside the static tree and are served only through views
# that check access; MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media-not-served/"
# How a quarter's archive (step 8) is built once asked for: "thread" in the background of the
# web process, "inline" within the request (tests), "manual" by `manage.py build_archives`.
ARCHIVE_BUILDS = os.environ.get("ARCHIVE_BUILDS", "thread")
if ARCHIVE_BUILDS not in ("thread", "inline", "manual"):
    raise ImproperlyConfigured("ARCHIVE_BUILDS must be thread, inline or manual.")
# Built archives are copies of documents with names in them: kept outside MEDIA_ROOT (so out of
# the backups, which an erasure could not reach) and only for ARCHIVE_KEEP_HOURS.
ARCHIVE_ROOT = Path(os.environ.get("ARCHIVE_ROOT") or BASE_DIR / "var" / "archives")
ARCHIVE_KEEP_HOURS = env_int("ARCHIVE_KEEP_HOURS", 24, minimum=1)

# Django's username/password check behind the login lockout (consult.login_throttle).
AUTHENTICATION_BACKENDS = ["consult.login_throttle.ThrottledModelBackend"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

_email = dj_email_url.parse(os.environ.get("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or str(BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "consult@localhost")

# Public base address, used in QR codes and e-mails (e.g. https://xieshang.example.com).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Participants sign in with the meeting's QR code on the meeting day, from this many minutes
# before it starts.
MEETING_SIGNIN_OPENS_MINUTES = env_int("MEETING_SIGNIN_OPENS_MINUTES", 60)

SESSION_COOKIE_HTTPONLY = True
# A session ends when the browser closes, and after SESSION_IDLE_SECONDS without a request
# (consult.middleware.SessionIdleMiddleware moves the expiry on as the person works).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 3600, minimum=120)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# No inline script anywhere (templates load static JS). Inline style attributes remain in a
# few templates and in Django admin's, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Production defaults: HTTPS everywhere. Behind a TLS-terminating proxy set
    # SECURE_PROXY_SSL_HEADER via USE_X_FORWARDED_PROTO=1.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Step 6: `manage.py remind` tells the administrative head about a task overdue by more than
# this many working days.
SUPERVISION_HEAD_AFTER_DAYS = env_int("SUPERVISION_HEAD_AFTER_DAYS", 3)
# Step 7: a satisfaction survey round takes answers for this many working days; then `remind`
# closes it and whoever has not answered is recorded as 未答复.
SURVEY_ROUND_WORKING_DAYS = env_int("SURVEY_ROUND_WORKING_DAYS", 5, minimum=1)
# The federation's assessment adds up a year of every enterprise's items, tasks and surveys; its
# figures (no personal data) are kept this long in the cache (Redis when REDIS_URL is set).
# 0 turns it off.
LEDGER_ASSESSMENT_CACHE_SECONDS = env_int("LEDGER_ASSESSMENT_CACHE_SECONDS", 300, minimum=0)
# The dashboards' figures (the ledger's dashboard, the home page's counts: aggregates only) are
# kept this long in the same cache; the page then says when they were counted. 0 turns it off.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 120, minimum=0)
# An enterprise's categories, departments and units (names only) are kept this long in the
# cache for filters and forms (consult.org_lists); a save or delete drops them at once (in every
# worker with REDIS_URL, else in the process that saved). 0 turns it off. The staff list's empty
# filter form is kept as HTML as long, keyed by those lists (grievances.filters).
ORG_LISTS_CACHE_SECONDS = env_int("ORG_LISTS_CACHE_SECONDS", 300, minimum=0)
# The enterprise menu's HTML is kept this long per enterprise, language and what the person may
# do there (consult.context_processors, consult.fragment_cache). 0 turns it off.
NAV_CACHE_SECONDS = env_int("NAV_CACHE_SECONDS", 300, minimum=0)
# The unfiltered staff list's total and the years its items are numbered in (numbers per
# enterprise) are kept this long in the cache (grievances.list_cache); a new or deleted item
# drops them at once. 0 reads them on every request.
STAFF_LIST_COUNT_CACHE_SECONDS = env_int("STAFF_LIST_COUNT_CACHE_SECONDS", 60, minimum=0)

# 个人信息保护法: every erasure of a requester's identity is also written, after it committed, as
# one line (item id and number, time; nothing personal) to this file, outside the database and
# outside MEDIA_ROOT, so that `manage.py restore` can re-apply the erasures made after the
# backup it restores. Empty: no file (a restore then needs --reapply-erasures).
ERASURE_JOURNAL = os.environ.get("ERASURE_JOURNAL", str(BASE_DIR / "var" / "erasure-journal.jsonl"))
# The outbox (issue 21): `manage.py send_notifications` sends due deliveries in batches; a
# delivery that fails is tried again after OUTBOX_RETRY_SECONDS, doubling each time (at most
# OUTBOX_RETRY_MAX_SECONDS apart), and given up after OUTBOX_MAX_ATTEMPTS attempts. A claimed
# delivery is left to another run after OUTBOX_LEASE_SECONDS (a sender that died).
OUTBOX_BATCH = env_int("OUTBOX_BATCH", 50, minimum=1)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60, minimum=1)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600, minimum=1)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300, minimum=30)
# Platform limits: posts per robot per minute (WeCom, DingTalk: 20), SMS per phone per hour.
ROBOT_MESSAGES_PER_MINUTE = env_int("ROBOT_MESSAGES_PER_MINUTE", 20, minimum=1)
SMS_PER_PHONE_PER_HOUR = env_int("SMS_PER_PHONE_PER_HOUR", 5, minimum=1)
# Seconds one call to a platform may take before it counts as failed.
CHANNEL_HTTP_TIMEOUT = env_int("CHANNEL_HTTP_TIMEOUT", 10, minimum=1)
# The Fernet key channel secrets are encrypted with (`python -c "from cryptography.fernet import
# Fernet; print(Fernet.generate_key().decode())"`). Without it no channel can be saved; in
# development (DEBUG=1) a key derived from SECRET_KEY stands in.
CHANNEL_SECRET_KEY = os.environ.get("CHANNEL_SECRET_KEY", "")
if CHANNEL_SECRET_KEY:
    from cryptography.fernet import Fernet

    try:
        Fernet(CHANNEL_SECRET_KEY.encode())
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CHANNEL_SECRET_KEY must be a Fernet key (32 url-safe base64-encoded bytes)"
        ) from exc
elif DEBUG:
    import base64
    import hashlib

    CHANNEL_SECRET_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(f"channel-secrets:{SECRET_KEY}".encode()).digest()
    ).decode()
# Where each platform answers (tests and `bin/serve --fakes` point these at local fakes).
WECOM_API_BASE = os.environ.get("WECOM_API_BASE", "https://qyapi.weixin.qq.com").rstrip("/")
DINGTALK_API_BASE = os.environ.get("DINGTALK_API_BASE", "https://api.dingtalk.com").rstrip("/")
DINGTALK_OAPI_BASE = os.environ.get("DINGTALK_OAPI_BASE", "https://oapi.dingtalk.com").rstrip("/")
FEISHU_API_BASE = os.environ.get("FEISHU_API_BASE", "https://open.feishu.cn").rstrip("/")
ALIYUN_SMS_BASE = os.environ.get("ALIYUN_SMS_BASE", "https://dysmsapi.aliyuncs.com").rstrip("/")
TENCENT_SMS_BASE = os.environ.get("TENCENT_SMS_BASE", "https://sms.tencentcloudapi.com").rstrip("/")

# Upload limits for attachments (bytes).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# The roster import (花名册): the largest file and the most people one file may hold.
ROSTER_MAX_BYTES = env_int("ROSTER_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
ROSTER_MAX_ROWS = env_int("ROSTER_MAX_ROWS", 50_000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Attachments readable by the service's user and group only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Rate limits and login lockouts count in the "ratelimit" cache. With REDIS_URL (or CACHE_URL)
# every server process shares one count; without it each process counts in its own memory
# (fine for one process; with several workers a client gets that many times the limit).
# Keys are HMACs of the client's address or account, never the address itself, and Redis is
# expected to keep them in memory only (no client address reaches a database, file or log).
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL") or ""
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "consult",
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "consult-rl",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "consult-ratelimit",
        },
    }

# The client's address is REMOTE_ADDR unless the request comes from one of these reverse
# proxies; then X-Forwarded-For is read right to left, skipping these proxies.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# Limits of the pages anyone can reach (per client address, counted in the window).
RATELIMIT_SUBMIT_LIMIT = env_int("RATELIMIT_SUBMIT_LIMIT", 5, minimum=1)
RATELIMIT_SUBMIT_WINDOW = env_int("RATELIMIT_SUBMIT_WINDOW", 3600, minimum=1)
RATELIMIT_TRACK_LIMIT = env_int("RATELIMIT_TRACK_LIMIT", 10, minimum=1)
RATELIMIT_TRACK_WINDOW = env_int("RATELIMIT_TRACK_WINDOW", 900, minimum=1)
# Anonymous submissions through the API (issue 22), per token and client address: an OA relays
# every employee from one address, so its window holds more than one person's five. Failed
# receipt look-ups through the API count against RATELIMIT_TRACK_* as on /track/.
RATELIMIT_API_SUBMIT_LIMIT = env_int("RATELIMIT_API_SUBMIT_LIMIT", 60, minimum=1)
RATELIMIT_API_SUBMIT_WINDOW = env_int("RATELIMIT_API_SUBMIT_WINDOW", 3600, minimum=1)

# Login throttling (consult.login_throttle): failed passwords for one account from one client
# address (or one known device), from one address for any account, and for one account from
# all new addresses together, before a lockout of that pair, address or account.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=1)
# A browser that logged in to an account keeps a signed cookie naming it for this many days:
# from there the person is counted on their own and never locked out by others' failures.
LOGIN_KNOWN_DEVICE_DAYS = env_int("LOGIN_KNOWN_DEVICE_DAYS", 180, minimum=1)

# Activation codes (accounts without e-mail): how long a printed code stays valid, and the
# key of the HMAC the codes are kept under (default: derived from SECRET_KEY; changing either
# makes the codes not yet used stop working).
ACTIVATION_CODE_DAYS = env_int("ACTIVATION_CODE_DAYS", 30, minimum=1)
ACTIVATION_KEY = os.environ.get("ACTIVATION_KEY", "")

# Receipts of anonymous items: the secret is kept as an HMAC with this key (default: derived
# from SECRET_KEY; changing either makes existing receipts stop working).
RECEIPT_KEY = os.environ.get("RECEIPT_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log would carry client addresses; the public intake must not.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}

CONSULT_NAME = _("Consultation")
