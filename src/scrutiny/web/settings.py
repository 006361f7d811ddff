"""Django settings: one module, configured by environment variables.

SCRUTINY_DATA_DIR   where the SQLite database, uploaded files and the secret key live
                    (default: ./var under the current directory)
DATABASE_URL        sqlite:///path/to/db.sqlite3 (default) or postgres://user:pass@host:port/db
SCRUTINY_DEBUG      true/false (default false)
SCRUTINY_SECRET_KEY the secret key (default: generated once into the data directory)
SCRUTINY_ALLOWED_HOSTS  comma-separated host names (default: localhost,127.0.0.1)
SCRUTINY_HTTPS      true behind HTTPS: secure cookies, HSTS, HTTP redirected to HTTPS
SCRUTINY_PROXY_SSL_HEADER  true behind a TLS-ending proxy that sets X-Forwarded-Proto
SCRUTINY_HSTS_SECONDS  HSTS max-age (default one year, with subdomains unless
                    SCRUTINY_HSTS_SUBDOMAINS=false)
SCRUTINY_HSTS_PRELOAD  true to ask browsers to preload HSTS for the domain
SCRUTINY_IDLE_MINUTES  minutes of inactivity before a user is signed out (default 30)
SCRUTINY_LOGIN_FAILURES  failed sign-ins (per account, and per address) before lock-out (10)
SCRUTINY_LOCKOUT_MINUTES  how long a lock-out lasts (default 15)
SCRUTINY_TRUSTED_PROXIES  reverse proxies in front that add to X-Forwarded-For (default 0)
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def envbool(name: str, default: bool) -> bool:
    """True or False from the environment; anything else is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("true", "1", "yes", "on"):
        return True
    if raw.lower() in ("false", "0", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def database_from_url(url: str) -> dict[str, object]:
    """Django's DATABASES entry for a sqlite:/// or postgres:// URL."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:////absolute/path or sqlite:///relative/path
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:",
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                            "transaction_mode": "IMMEDIATE"}}
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"DATABASE_URL must start with sqlite:// or postgres://, not {url!r}")


DATA_DIR = Path(os.environ.get("SCRUTINY_DATA_DIR", Path.cwd() / "var")).resolve()
DEBUG = envbool("SCRUTINY_DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SCRUTINY_SECRET_KEY")
    if key:
        if len(key) < 50 or len(set(key)) < 5:
            raise ImproperlyConfigured(
                "SCRUTINY_SECRET_KEY must be at least 50 characters with at least 5 different "
                "ones; leave it unset to have one generated into the data directory.")
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "SCRUTINY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()]

INSTALLED_APPS = [
    # First, so that its sign-in and password pages win over the Django admin's.
    "scrutiny.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "scrutiny.accounts",
    "scrutiny.audit",
    "scrutiny.inspections",
    "scrutiny.tracking",
    "scrutiny.responses",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "scrutiny.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "scrutiny.web.middleware.RefuseNulBytes",
    "scrutiny.web.csp.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "scrutiny.web.middleware.RenewSessionWhileActive",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scrutiny.accounts.access.EnforceAccessRules",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: refuses sign-in attempts while an account or address is locked.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scrutiny.web.urls"
WSGI_APPLICATION = "scrutiny.web.wsgi.application"

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
                "scrutiny.accounts.context.membership",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'scrutiny.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's full set: not like the user's name or e-mail, at least 12 characters, not one of
# the 20,000 most common passwords, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): after SCRUTINY_LOGIN_FAILURES failed attempts for one
# account, or from one address, further attempts are refused for SCRUTINY_LOCKOUT_MINUTES
# (the lock-out then expires by itself; a success clears the count).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SCRUTINY_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SCRUTINY_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies, how many of them add to X-Forwarded-For (0: none, the client
# connects directly).  Throttling and the security log then see the real client's address.
TRUSTED_PROXIES = int(os.environ.get("SCRUTINY_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "scrutiny.audit.security.axes_client_address"
AXES_LOCKOUT_CALLABLE = "scrutiny.accounts.views.locked_out"
AXES_VERBOSE = False
# The REST API (/api/v1/): personal tokens (or the browser's session), the pages' permissions,
# JSON only, one error body, the OpenAPI description at /api/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["scrutiny.api.auth.TokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["scrutiny.api.rules.SameRulesAsThePages"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "scrutiny.api.rules.handle_error",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Scrutiny API",
    "DESCRIPTION": "An office's inspections, findings, actions, updates, boards and section 55 "
                   "responses. Authenticate with a personal token from your office's "
                   "administrator: `Authorization: Bearer scr_…`. Changes carry the version "
                   "of the record you read; a stale one is refused with 409.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for each set of statuses, so the description reads well (and no warning).
    "ENUM_NAME_OVERRIDES": {
        "FindingStatusEnum": [("open", "Open"), ("in_progress", "In progress"),
                              ("proposed_closure", "Proposed for closure"), ("closed", "Closed")],
        "FindingStatusChangeEnum": [("open", "Open"), ("in_progress", "In progress"),
                                    ("proposed_closure", "Proposed for closure")],
        "ActionStatusEnum": "scrutiny.api.serializers.ACTION_STATUSES",
        "ResponseStatusEnum": "scrutiny.api.serializers.RESPONSE_STATUSES",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
# A password-reset link works for one hour.
PASSWORD_RESET_TIMEOUT = 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_MB = int(os.environ.get("SCRUTINY_MAX_FILE_MB", "100"))
for _folder in (DATA_DIR, MEDIA_ROOT, STATIC_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)
# The data folder holds the database, drafts and evidence: private to the server's user.
if DATA_DIR.stat().st_uid == os.getuid():
    DATA_DIR.chmod(0o700)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Behind HTTPS (SCRUTINY_HTTPS=true): cookies only over HTTPS, HSTS, and plain HTTP sent on.
# Behind a reverse proxy that ends TLS, SCRUTINY_PROXY_SSL_HEADER=true trusts its
# X-Forwarded-Proto header (set it only when the proxy always sets or strips that header).
HTTPS = envbool("SCRUTINY_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SCRUTINY_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SCRUTINY_HSTS_SUBDOMAINS", True) if HTTPS else False
# Asking browsers to preload HSTS is a commitment for the whole domain: the office decides.
SECURE_HSTS_PRELOAD = envbool("SCRUTINY_HSTS_PRELOAD", False) if HTTPS else False
if envbool("SCRUTINY_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Session: signed out after an idle half hour (a request restarts the clock; the session is
# saved again at most once a minute: web.middleware.RenewSessionWhileActive).
SESSION_COOKIE_AGE = int(os.environ.get("SCRUTINY_IDLE_MINUTES", "30")) * 60
# Uploaded files and folders are readable by the server's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Reminders go out through these; with no SMTP host set they are printed instead.
EMAIL_HOST = os.environ.get("SCRUTINY_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("SCRUTINY_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SCRUTINY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SCRUTINY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("SCRUTINY_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("SCRUTINY_EMAIL_FROM", "scrutiny@localhost")
EMAIL_BACKEND = os.environ.get(
    "SCRUTINY_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
