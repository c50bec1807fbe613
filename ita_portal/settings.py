"""Django settings for ITA Portal.

Everything that differs between a laptop and production comes from the environment and is
parsed strictly by ``ita_portal.env`` (a malformed value stops start-up with a message):
SECRET_KEY, DEBUG, ALLOWED_HOSTS, DATABASE_URL.
"""

import os
from pathlib import Path

from ita_portal.env import database_config, env_bool, env_int, env_list, refuse_development_mail, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

# PyThaiNLP must never try to download anything (no internet in production networks).
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

# Off unless asked for: a deployment that forgets the variable must not serve Django's debug
# page (traceback, settings, cookies). scripts/start.sh, scripts/test.sh and tests/settings.py
# turn it on.
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(BASE_DIR / ".secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "ita_portal",
    "plans",
    "monitoring",
    "assessments",
]

MIDDLEWARE = [
    # Oversized bodies refused unread (413), stalled ones answered 400: before anything reads.
    "ita_portal.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: private, no-store on everything that is not public (signed-in visitors,
    # staff/admin/account pages): after WhiteNoise, before the session middleware.
    "ita_portal.cache_headers.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login throttling; must come last.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes (rule "a stranger cannot lock a named account"): 5 failed sign-ins from one
# client address, whatever the usernames, lock that address for 15 minutes; the account's
# owner signs in from her own address as usual. Counting per address already includes every
# (username, address) pair, so listing that pair too would change nothing at the same limit.
# A successful sign-in clears the address's failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
# The client address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address
# the outermost one appended to X-Forwarded-For (ita_portal.accounts.client_address; axes
# 8.3 has no django-ipware here). 0 (the default) ignores X-Forwarded-For, which a client
# can forge; README "Production" sets 1 behind nginx.
AXES_CLIENT_IP_CALLABLE = "ita_portal.accounts.client_address"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more")
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password reset (rule "no mail bombing through password reset", ita_portal.accounts): the
# mail is sent by the task worker; at most 3 reset mails to one e-mail address and 10 reset
# requests from one client address an hour, counted in the cache. Over a limit the page
# answers as usual and no mail is sent.
PASSWORD_RESET_MAILS_PER_ADDRESS = 3
PASSWORD_RESET_MAILS_PER_CLIENT = 10
PASSWORD_RESET_WINDOW = 60 * 60  # seconds

ROOT_URLCONF = "ita_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ita_portal.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "ita_portal.wsgi.application"

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"), BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Passwords: Argon2id at OWASP's minimum (ita_portal/hashers.py; 19 MiB, 2 passes, 1 lane,
# ~44 ms of CPU a hash here, against PBKDF2's ~0.9 s). The older hashers stay listed so
# their hashes still verify, and Django re-hashes them with Argon2 on the next sign-in.
PASSWORD_HASHERS = [
    "ita_portal.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Sessions last a working day with overtime (Thai civil service hours are 08:30–16:30; a
# deadline day runs late): one sign-in a day, and a session left on a shared office
# computer ends by the next morning. Saved only when changed, not on every request.
SESSION_COOKIE_AGE = 12 * 60 * 60  # seconds
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_SAVE_EVERY_REQUEST = False

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:my_work"  # งานของฉัน: what needs the person now
LOGOUT_REDIRECT_URL = "home"

# E-mail (Django 6.1 MAILERS): the console in development; in production set MAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend with MAIL_HOST and MAIL_PORT.
MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": MAIL_BACKEND}}
if MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("MAIL_HOST", "localhost"),
        "port": env_int("MAIL_PORT", default=25),
        "use_tls": env_bool("MAIL_USE_TLS", default=False),
    }
# With DEBUG off a backend that does not deliver (console, locmem, dummy, file) stops start-up
# with a message naming MAIL_BACKEND (ita_portal.env.refuse_development_mail).
refuse_development_mail(DEBUG, MAIL_BACKEND)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ITA Portal <no-reply@ita-portal.invalid>")
# The portal's own address, for links in e-mails; unset, the development server's address on
# PORT (the port scripts/start.sh serves on, 8000 by default).
SITE_URL = os.environ.get("SITE_URL") or f"http://127.0.0.1:{env_int('PORT', default=8000)}"
# Request size limits (rule "request size limits", README "Production" gives nginx's
# client_max_body_size 25m to match): a request body other than files is at most 5 MiB and
# 5,000 fields (the largest table, 300 rows × 12 fields, with room); an uploaded file is kept
# in memory up to 5 MiB, then streamed to a temporary file; a request carries at most 10
# files. Each upload path limits its own files (signature 2 MiB, evidence 20 MB, imports 5 MiB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Under gunicorn, seconds a request body may stall before the portal answers 400
# (ita_portal.request_limits); keep it below GUNICORN_TIMEOUT (30).
REQUEST_BODY_TIMEOUT = env_int("REQUEST_BODY_TIMEOUT", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # WeasyPrint and fontTools log every font subset at INFO/WARNING; keep errors only.
        "weasyprint": {"handlers": ["console"], "level": "ERROR"},
        "fontTools": {"handlers": ["console"], "level": "ERROR"},
    },
}

# --- production serving ---
# gunicorn (gunicorn.conf.py) runs the WSGI app; whitenoise serves the static files; the
# database comes from DATABASE_URL (above). Everything here is set from the environment and
# refused when malformed; README "Production" lists the variables.

# Static files: hashed, compressed names (collectstatic) in production only, so tests and
# development need no collectstatic. Uploaded files go through Django's storage API: a local
# folder (MEDIA_ROOT) by default, or any storage class, e.g. django-storages' S3Storage with
# FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage and FILE_STORAGE_OPTIONS='{"bucket_name": …}'.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or MEDIA_ROOT)
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or STATIC_ROOT)


def _json_env(name: str, default):
    import json

    from django.core.exceptions import ImproperlyConfigured

    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from exc
    if not isinstance(value, type(default)):
        raise ImproperlyConfigured(f"{name} must be a JSON {type(default).__name__}")
    return value


STORAGES = {
    "default": {
        "BACKEND": os.environ.get("FILE_STORAGE_BACKEND") or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": _json_env("FILE_STORAGE_OPTIONS", {}),
    },
    "staticfiles": {
        "BACKEND": os.environ.get("STATICFILES_BACKEND")
        or (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Cache: per-process memory by default; Redis shared by every worker and server with
# REDIS_URL=redis://host:6379/0 (sessions are then cached too, in front of the database).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ita",
            "TIMEOUT": 600,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work (long PDFs): Django's tasks framework with the database backend of the
# django-tasks-db package; run the worker with ``python manage.py db_worker``.
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Evidence link checks (assessments.link_checks): the approved OIT evidence URLs are requested
# by the task worker and ``manage.py check_evidence_links``. EVIDENCE_LINK_ALLOWED_HOSTS
# ("host" or "host:port", comma-separated) restricts the hosts requested to those; empty,
# any host with public addresses only. At most EVIDENCE_LINK_RATE requests a second per host
# (one after another), EVIDENCE_LINK_HOSTS_AT_ONCE hosts at a time, EVIDENCE_LINK_TIMEOUT
# seconds per connection or read, EVIDENCE_LINK_MAX_BYTES read when no Content-Length comes.
EVIDENCE_LINK_ALLOWED_HOSTS = env_list("EVIDENCE_LINK_ALLOWED_HOSTS", default=[])
EVIDENCE_LINK_RATE = env_int("EVIDENCE_LINK_RATE", default=1)
EVIDENCE_LINK_HOSTS_AT_ONCE = env_int("EVIDENCE_LINK_HOSTS_AT_ONCE", default=4)
EVIDENCE_LINK_TIMEOUT = env_int("EVIDENCE_LINK_TIMEOUT", default=10)
EVIDENCE_LINK_MAX_BYTES = env_int("EVIDENCE_LINK_MAX_BYTES", default=1_048_576)
if EVIDENCE_LINK_RATE < 1 or EVIDENCE_LINK_HOSTS_AT_ONCE < 1 or EVIDENCE_LINK_TIMEOUT < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EVIDENCE_LINK_RATE, EVIDENCE_LINK_HOSTS_AT_ONCE and EVIDENCE_LINK_TIMEOUT must be 1 or more")

# Logs: JSON lines on stderr (LOG_FORMAT=json, the default with DEBUG off) or plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip().lower() or ("text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be json or text")
LOGGING["formatters"] = {
    "json": {"()": "ita_portal.logging.JSONFormatter"},
    "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
}
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
LOGGING["root"] = {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "").upper() or ("WARNING" if DEBUG else "INFO")}
LOGGING["loggers"]["django"] = {"handlers": [], "level": "INFO", "propagate": True}

# --- production hardening ---
# HTTPS-only cookies, HSTS and the SSL redirect follow DEBUG (on in production, off in
# development and tests); each can be set explicitly. Behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER_ON=1 (the proxy must set X-Forwarded-Proto and strip it from
# clients); SECURE_SSL_REDIRECT=0 leaves the redirect to the proxy.
from django.utils.csp import CSP  # noqa: E402

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER_ON", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not SECURE_SSL_REDIRECT and not DEBUG:
    # Redirecting to HTTPS is the proxy's job then (README, "Security checks").
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own middleware): scripts and everything else from the
# portal only; no inline script anywhere (tests/test_security_deploy.py checks the templates).
# Inline style attributes (table column widths) and the PDF templates' <style> need
# 'unsafe-inline' for styles only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
