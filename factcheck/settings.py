"""Settings for the fact-checking desk, read from the environment.

Every value a deployment may change comes from an environment variable; the
defaults give a working desk on SQLite for a new user.
"""

import os
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_seconds(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 < seconds < 3600:
        raise ImproperlyConfigured(f"{name} must be a number of seconds above 0, such as 0.25, not {value!r}")
    return seconds


def env_time_zone(name, default):
    value = os.environ.get(name) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise ImproperlyConfigured(f"{name} must be a time zone name such as Europe/Berlin, not {value!r}") from None
    return value


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

FACTCHECK_ORG_NAME = os.environ.get("FACTCHECK_ORG_NAME", "Open Fact Desk")
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
FACTCHECK_REQUIRED_APPROVALS = env_int("FACTCHECK_REQUIRED_APPROVALS", 1)
if FACTCHECK_REQUIRED_APPROVALS < 1:
    raise ImproperlyConfigured("FACTCHECK_REQUIRED_APPROVALS must be 1 or more")
# Verdict pages name who wrote and who approved each verdict; off for newsrooms that protect their staff.
FACTCHECK_SHOW_STAFF_NAMES = env_bool("FACTCHECK_SHOW_STAFF_NAMES", True)
FACTCHECK_INTAKE_MAX_BYTES = env_int("FACTCHECK_INTAKE_MAX_BYTES", 2 * 1024 * 1024)
FACTCHECK_ADMIN_PATH = os.environ.get("FACTCHECK_ADMIN_PATH", "admin/").strip("/") + "/"
if FACTCHECK_ADMIN_PATH == "/" or FACTCHECK_ADMIN_PATH.startswith(("desk/", "accounts/", "static/", "healthz")):
    raise ImproperlyConfigured("FACTCHECK_ADMIN_PATH must be a path of its own, such as newsroom-admin/")
# How many reverse proxies append to X-Forwarded-For in front of the app (0: clients connect directly).
DJANGO_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "factcheck.middleware.RefusedRequestLogMiddleware",
    "factcheck.middleware.RefuseNulMiddleware",
    "factcheck.middleware.PrivateDeskPagesMiddleware",
    "factcheck.middleware.DatabaseUnreachableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The history pages only show past versions: a revert would save a whole old row past the workflow's rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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
                "factcheck.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections in production: opening one per request costs more than a cached page.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# A database that accepts connections and never answers must not hold requests forever: give up on
# connecting after DATABASE_CONNECT_TIMEOUT seconds (PostgreSQL's minimum is 2) and on any statement after
# DATABASE_STATEMENT_TIMEOUT seconds (0: no limit), below gunicorn's 30 s worker timeout.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 25)
if DATABASE_CONNECT_TIMEOUT < 1 or DATABASE_STATEMENT_TIMEOUT < 0:
    raise ImproperlyConfigured("DATABASE_CONNECT_TIMEOUT must be 1 or more, DATABASE_STATEMENT_TIMEOUT 0 or more")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    if DATABASE_STATEMENT_TIMEOUT:
        _statement_timeout = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
        _options["options"] = f"{_options.get('options', '')} {_statement_timeout}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis down or hanging costs each call at most REDIS_TIMEOUT seconds; after 3 failures in a row this
    # process stops asking for REDIS_PAUSE_SECONDS (factcheck/cache.py), serving from the database meanwhile.
    REDIS_TIMEOUT = env_seconds("REDIS_TIMEOUT", 0.25)
    CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "factcheck"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                "failures_before_pause": 3,
                "pause_seconds": env_seconds("REDIS_PAUSE_SECONDS", 10),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process also keeps the public pages it served last, checked against the database's
# generation numbers on every read (claims/public/cache.py), so a hit needs no cache round trip.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "public-pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("FACTCHECK_LOCAL_PAGES", 1000)},
}
CACHE_SECONDS = env_int("FACTCHECK_CACHE_SECONDS", 600)

# Sessions live in the database alone, read there on every request, so that every app server sees the same
# logins and a logout holds everywhere at once. A copy in Redis (cached_db) outlived a logout made while
# Redis did not answer, on every server, and past a restart of the server that failed to delete it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
# Two separate counts, as django-axes documents them: failures for a user name (from any address) and
# failures from an address (at any user name); either one reaching the limit locks out.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The lockout page, which says when the lockout ends (factcheck/throttle.py).
AXES_LOCKOUT_CALLABLE = "factcheck.throttle.lockout_response"
# Off: axes would erase every failure from the address on any success, so logging in with an own account
# between guesses reset the count protecting the guessed one. A success clears only that account's own
# failures from that address (factcheck/throttle.py).
AXES_RESET_ON_SUCCESS = False
# Attempts while locked out are refused without being counted, so the lockout ends when the page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Password reset (factcheck/password_reset.py): requests per client address per hour (then 429), and
# reset mails per email address per hour (then nothing more is queued; the answer stays the same).
FACTCHECK_PASSWORD_RESETS_PER_ADDRESS = env_int("FACTCHECK_PASSWORD_RESETS_PER_ADDRESS", 5)
FACTCHECK_PASSWORD_RESETS_PER_ACCOUNT = env_int("FACTCHECK_PASSWORD_RESETS_PER_ACCOUNT", 3)
if FACTCHECK_PASSWORD_RESETS_PER_ADDRESS < 1 or FACTCHECK_PASSWORD_RESETS_PER_ACCOUNT < 1:
    raise ImproperlyConfigured("FACTCHECK_PASSWORD_RESETS_PER_ADDRESS and _PER_ACCOUNT must be 1 or more")
# Behind a proxy every request comes from the proxy's address; count the proxies to find the client's.
AXES_CLIENT_IP_CALLABLE = "factcheck.middleware.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:home"  # editors land on the review queue, fact-checkers on theirs
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "en"
# The newsroom's zone, which every page shows times in (README: set it). UTC stays the default because
# an open-source desk has no single newsroom to guess; the zone's name is shown next to every time.
TIME_ZONE = env_time_zone("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# One date and time format for the desk, the public pages and the admin: factcheck/formats/en/formats.py.
# Django's own locale formats win over DATETIME_FORMAT settings, so the formats live in a module.
FORMAT_MODULE_PATH = ["factcheck.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
# Bootstrap is vendored in static/bootstrap/ (its README says from where and why).
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "desk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Seconds an SMTP connection may wait for the server; a failed send is retried later, so keep it short.
EMAIL_TIMEOUT = env_seconds("DJANGO_EMAIL_TIMEOUT", 5)
# Email is a job (claims/mail.py): tries before it stays failed (pauses of 1 min, doubling, at most 1 h).
FACTCHECK_MAIL_MAX_ATTEMPTS = env_int("FACTCHECK_MAIL_MAX_ATTEMPTS", 20)

# Background jobs (claims/jobs.py): Django's tasks framework on its database backend; `manage.py run_jobs` works them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FACTCHECK_JOBS_FIRST_PAUSE_SECONDS = env_seconds("FACTCHECK_JOBS_FIRST_PAUSE_SECONDS", 60)
FACTCHECK_JOBS_LONGEST_PAUSE_SECONDS = env_seconds("FACTCHECK_JOBS_LONGEST_PAUSE_SECONDS", 3600)
# A job still running this long past its deadline lost its worker (killed, machine gone): it runs again.
FACTCHECK_JOBS_GRACE_SECONDS = env_seconds("FACTCHECK_JOBS_GRACE_SECONDS", 30)
FACTCHECK_JOBS_TICK_SECONDS = env_seconds("FACTCHECK_JOBS_TICK_SECONDS", 5)
# /healthz says "degraded: jobs" when a job has waited longer than this to start.
FACTCHECK_JOBS_MAX_WAIT_SECONDS = env_seconds("FACTCHECK_JOBS_MAX_WAIT_SECONDS", 300)
FACTCHECK_JOBS_KEEP_DAYS = env_int("FACTCHECK_JOBS_KEEP_DAYS", 14)
# Periodic jobs: name -> the job's import path and its interval in seconds. Slots for later work:
#   "check evidence links": {"job": "claims.archive_jobs.check_links", "every": 24 * 3600},
#   "poll news feeds": {"job": "claims.intake.jobs.poll_feeds", "every": 15 * 60},
FACTCHECK_PERIODIC_JOBS = {
    "purge old job rows": {"job": "claims.jobs.purge_old_jobs", "every": 3600},
}

# A strict policy: no inline scripts or styles anywhere, so templates use
# static files and classes only. JSON-LD data blocks are not executed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

CSRF_FAILURE_VIEW = "factcheck.middleware.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Scripts send the token from the form's hidden field (static/js), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds every subdomain to HTTPS for months and is slow to undo: the domain's
        # owner opts in with DJANGO_HSTS_PRELOAD, so its absence is not a warning here.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "factcheck.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "loggers": {
        "claims": {"handlers": ["console"], "level": os.environ.get("FACTCHECK_LOG_LEVEL", "INFO")},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "WARNING"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}
