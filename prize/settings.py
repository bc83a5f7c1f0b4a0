"""Settings for the prize platform, read from the environment (django-environ).

With no environment at all the site runs for a newcomer: SQLite file, Celery in eager mode,
local-memory cache, e-mail printed to the console, DEBUG on, uploads on local disk.
Production (DEBUG off) refuses to start without SECRET_KEY and passes
``manage.py check --deploy --fail-level WARNING``. See docs/configuration.md.
"""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from prize import country_names

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if env.bool("READ_DOT_ENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
# Under pytest: fast password hashing, local-memory cache, eager Celery (integration tests
# switch to the real broker themselves).
TESTING = env.bool("TESTING", default="pytest" in sys.modules)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG=False) refuses to start without it: "
            "set SECRET_KEY to a long random string, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="Smart City Prize")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # before the admin: its translated fields (name_en, name_ko) appear in the admin's forms
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    # third party
    "allauth",
    "allauth.account",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_htmx",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "allauth.mfa",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # ours (dependencies point one way: ceremony -> judging -> entries -> prize)
    "prize",
    "entries",
    "judging",
    "ceremony",
    # the open read-only API reads all four
    "api",
]

MIDDLEWARE = [
    # answers the load balancer's /healthz before host checks and HTTPS redirects
    "prize.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (see Security below)
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # public pages kept for anonymous visitors, served before sessions (prize/public_pages.py)
    "prize.public_pages.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # the request's language from the URL, the cookie or the browser (prize/locale.py)
    "prize.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # refuses an oversized upload from its Content-Length before the CSRF check reads the body
    "prize.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # removes NUL and other control characters from query strings and posts (prize/inputs.py)
    "prize.inputs.InputCleaningMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # then a logged-in person's saved language; unprefixed public addresses redirect
    "prize.locale.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "prize.middleware.TimezoneMiddleware",
    # django-axes last, so it sees every authentication attempt
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prize.urls"
WSGI_APPLICATION = "prize.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prize.context_processors.platform",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, results, cache -----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="prize"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages kept for anonymous visitors (prize/public_pages.py) follow a change made through
# any process only when the cache is shared (Redis); with a cache in each process's memory they
# are kept only where one process serves everything (the tests; PUBLIC_PAGE_CACHE=True for a
# single worker, as the benchmark runs).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=bool(REDIS_URL) or TESTING)

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL or TESTING
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="prize")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A broker that is down must not hang the request that committed: publish fails fast, the row
# stays pending and the beat task re-queues it.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "outbox-requeue": {
        "task": "prize.tasks.requeue_notifications",
        "schedule": timedelta(seconds=env.int("OUTBOX_REQUEUE_EVERY", default=60)),
    },
    # Drafts not yet submitted: e-mails 7 days and 1 day before each entrant's deadline.
    "entries-deadline-reminders": {
        "task": "entries.tasks.send_deadline_reminders",
        "schedule": timedelta(hours=1),
    },
    # Judges with unfinished reviews: at each round's configured hours before it closes.
    "judging-reminders": {
        "task": "judging.tasks.send_judging_reminders",
        "schedule": timedelta(minutes=15),
    },
    # Results published at their scheduled moment (exactly once), then the result e-mails.
    "ceremony-publish-results": {
        "task": "ceremony.tasks.publish_due_results",
        "schedule": timedelta(seconds=env.int("RESULTS_PUBLISH_EVERY", default=30)),
    },
    # Files built in the background (entry books): expired ones deleted, lost ones queued again.
    "jobs-tidy": {
        "task": "prize.jobs.tidy_jobs",
        "schedule": timedelta(minutes=10),
    },
    # Group messages scheduled by the staff, sent once their time has come (exactly once).
    "group-messages-due": {
        "task": "prize.message_tasks.send_due_messages",
        "schedule": timedelta(seconds=env.int("GROUP_MESSAGES_EVERY", default=60)),
    },
}

# --- Outbox ----------------------------------------------------------------------------------
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=5)
# Retry n waits OUTBOX_RETRY_BACKOFF * 2**(n-1) seconds (capped at one hour).
OUTBOX_RETRY_BACKOFF = env.float("OUTBOX_RETRY_BACKOFF", default=30.0)
# A pending row older than this is re-queued by the beat task (its first enqueue was lost).
OUTBOX_STALE_AFTER = timedelta(seconds=env.int("OUTBOX_STALE_AFTER", default=120))
# A row still "sending" after this lost its worker mid-send: it goes back to pending and is sent
# again (same Message-ID), or is marked failed if it has used OUTBOX_MAX_ATTEMPTS. Keep it well
# above the time one message may take (EMAIL_TIMEOUT per SMTP step, attachments to make).
OUTBOX_SENDING_TIMEOUT = timedelta(seconds=env.int("OUTBOX_SENDING_TIMEOUT", default=900))

# --- E-mail ----------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Smart City Prize <prize@example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
ADMINS = [("Admin", a) for a in env.list("ADMINS", default=[])]

# --- Authentication --------------------------------------------------------------------------
AUTH_USER_MODEL = "prize.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] if TESTING else [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

SITE_ID = 1
ACCOUNT_ADAPTER = "prize.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlparse(SITE_URL).scheme or "https"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Rate limits on what sends e-mail or creates accounts, in allauth's notation: "amount/period/per"
# with period s, m, h or d and per "ip" (the client's address) or "key" (the e-mail address),
# several separated by commas. A request over a limit gets the 429 page (templates/429.html);
# a confirmation e-mail over its limit is not sent again (the earlier link still works).
RATE_LIMIT_PASSWORD_RESET = env.str("RATE_LIMIT_PASSWORD_RESET", default="20/h/ip,3/h/key")
RATE_LIMIT_CONFIRMATION_EMAIL = env.str(
    "RATE_LIMIT_CONFIRMATION_EMAIL", default="20/h/ip,1/3m/key,5/d/key"
)
RATE_LIMIT_SIGNUP = env.str("RATE_LIMIT_SIGNUP", default="20/h/ip")
# Log-in attempts (allauth's own default: 30 a minute from one address; a jury logging in together
# from one venue network may need more). Failed logins are django-axes' job (below), so allauth's
# limit on them is off unless set. An empty value turns a limit off.
RATE_LIMIT_LOGIN = env.str("RATE_LIMIT_LOGIN", default="30/m/ip") or None
RATE_LIMIT_LOGIN_FAILED = env.str("RATE_LIMIT_LOGIN_FAILED", default="") or None
ACCOUNT_RATE_LIMITS = {
    "reset_password": RATE_LIMIT_PASSWORD_RESET,
    "confirm_email": RATE_LIMIT_CONFIRMATION_EMAIL,
    "signup": RATE_LIMIT_SIGNUP,
    "login": RATE_LIMIT_LOGIN,
    # allauth's other limits (password and e-mail address changes...) keep their defaults.
    "login_failed": RATE_LIMIT_LOGIN_FAILED,
}
# Collaborator invitations: an entrant's team sends at most this many in the window.
INVITATION_LIMIT = env.int("INVITATION_LIMIT", default=10)
INVITATION_LIMIT_WINDOW = timedelta(hours=env.int("INVITATION_LIMIT_WINDOW_HOURS", default=24))
ACCOUNT_FORMS = {"signup": "prize.forms.SignupForm", "login": "prize.forms.LoginForm"}

# django-axes: lock an account-and-address pair after repeated failures.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# The sixth failure in a row is refused (axes locks on the attempt that reaches the limit).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=6)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "prize.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# allauth's per-address rate limits read the client's address behind the same proxies; with 0
# every client behind a proxy would share the proxy's address, and so its limits.
ALLAUTH_TRUSTED_PROXY_COUNT = AXES_IPWARE_PROXY_COUNT
AXES_VERBOSE = False

# --- Internationalisation and time -----------------------------------------------------------
# Country names as people write them in each language where django-countries' own differ
# (in Korean, 태국 and 호주 rather than 타이 and 오스트레일리아); the English names are unchanged.
COUNTRIES_OVERRIDE = country_names.OVERRIDES
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, times and numbers per language (prize/formats/<lang>/formats.py)
FORMAT_MODULE_PATH = ["prize.formats"]
# The language switch's cookie, for visitors (a logged-in person's choice is on their profile)
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The prize's own content (edition texts, categories, forms, criteria, awards...) has one column
# per language (django-modeltranslation); an empty translation falls back to the other languages
# in this order, so a text written only in the edition's main language shows in every language.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = MODELTRANSLATION_LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"  # never served directly: private files go through views that check access
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG or TESTING
# One upload form takes at most this many files (an entry holds at most what its form allows).
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)
# The most one upload request may carry, files and fields together, in MB (MiB). The attachments
# page refuses a larger request from its Content-Length, before reading the body; set the reverse
# proxy's limit (nginx client_max_body_size) to the same number. See docs/operations.md.
UPLOAD_MAX_REQUEST_MB = env.int("UPLOAD_MAX_REQUEST_MB", default=210)
# Form fields other than files (the largest are the application form's long answers).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
# The longest text a form field takes when it sets no limit of its own (an answer of an
# application form, a comment, a description): a generous cap, in characters.
TEXT_MAX_LENGTH = env.int("TEXT_MAX_LENGTH", default=20_000)
# The most items a list answer takes when its form sets no limit (links, table rows).
ANSWER_MAX_ITEMS = env.int("ANSWER_MAX_ITEMS", default=100)
# The most entries an entry book holds as one PDF (its memory grows with them); above: a zip.
ENTRY_BOOK_PDF_MAX = env.int("ENTRY_BOOK_PDF_MAX", default=500)
# The most entries "every answer" exports within the request; above: built in the background.
ANSWERS_EXPORT_DIRECT_MAX = env.int("ANSWERS_EXPORT_DIRECT_MAX", default=2000)
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# django-csp: scripts and styles come from our own static files only. No inline script
# anywhere (the admin included); the few <style> blocks of our templates carry the request's
# nonce, and style attributes are not allowed at all. htmx's own indicator style is turned off
# (base.html) and lives in site.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# django-permissions-policy: the site uses none of these browser features (names Chromium knows;
# an unknown one only earns a console warning), except security keys (WebAuthn) for two-factor
# verification, on its own pages only (never in a frame of another site).
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        (
            "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
            "encrypted-media", "gamepad", "geolocation", "gyroscope", "hid", "idle-detection",
            "interest-cohort", "local-fonts", "magnetometer", "microphone", "midi", "payment",
            "picture-in-picture", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
        ),
        [],
    ),
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Secure cookies wherever the site is served over HTTPS (SITE_URL); plain-HTTP local
    # production shapes (docker compose on localhost) can still log in.
    _https = SITE_URL.startswith("https://")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=_https)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=_https)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# --- Two-factor verification (allauth.mfa) ------------------------------------------------------
# An authenticator app (TOTP) or security keys (WebAuthn), with recovery codes (docs/two-factor.md).
# Required for superusers and for the secretariat and coordinators of any edition
# (prize/two_factor.py); judges and entrants may turn it on from their profile.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Security keys are a second factor only, never a login without the password (passkeys).
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# The WebAuthn relying party: the domain a key is bound to. Empty: the host the page is served on
# (checked against ALLOWED_HOSTS). Set it in production to the site's domain (for example
# prize.example.org) so keys keep working whichever of its names the site is reached by. Browsers
# accept https origins and http://localhost only (not http://127.0.0.1), so allauth's
# MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN stays off: `make run` is opened as http://localhost:8000.
WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default="")
MFA_ADAPTER = "prize.two_factor_adapter.MFAAdapter"
MFA_TOTP_ISSUER = SITE_NAME
# One step of clock drift either way: a phone a little fast or slow still logs in.
MFA_TOTP_TOLERANCE = env.int("MFA_TOTP_TOLERANCE", default=1)
MFA_RECOVERY_CODE_COUNT = 10
MFA_FORMS = {
    "authenticate": "prize.two_factor_forms.AuthenticateForm",
    "reauthenticate": "prize.two_factor_forms.ReauthenticateForm",
    "add_webauthn": "prize.two_factor_forms.AddWebAuthnForm",
    "authenticate_webauthn": "prize.two_factor_forms.AuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "prize.two_factor_forms.ReauthenticateWebAuthnForm",
}
# Wrong codes at the code step, per person: after this many within the window the step refuses
# every code (a right one included) until the window has passed. allauth's own limit on it
# shares "login_failed", which django-axes replaces for the password step (above).
TWO_FACTOR_CODE_ATTEMPTS = env.int("TWO_FACTOR_CODE_ATTEMPTS", default=5)
TWO_FACTOR_CODE_WINDOW = timedelta(minutes=env.int("TWO_FACTOR_CODE_WINDOW_MINUTES", default=15))
# The demo's staff accounts share this authenticator secret (manage.py demo prints it and
# manage.py demo_code prints the current code); DEBUG only.
DEMO_TOTP_SECRET = env.str("DEMO_TOTP_SECRET", default="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
MIDDLEWARE.insert(MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
                  "prize.two_factor.TwoFactorRequiredMiddleware")


# --- The open, read-only API (api/) ------------------------------------------------------------
# Django REST framework: read-only JSON; public endpoints answer everyone alike, staff
# endpoints take a token (api/authentication.py). Throttles count in the project's cache.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle",
                                 "rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Prize platform API",
    "DESCRIPTION": "Read-only. Public: editions, categories, awards and published winners. "
                   "Staff (Authorization: Bearer <token>): entries, screening and round "
                   "results of the editions you help run. See docs/api.md.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # no badge fetched from validator.swagger.io; the token is not kept in the browser
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "persistAuthorization": False,
                            "deepLinking": False},
}


# --- Entrants' data rights (retention) ----------------------------------------------------------
# Entrants of editions over (winners announced or archived) for longer than this many days, who
# won nothing and reached no final, are anonymised by a daily beat task (docs/privacy.md).
# 0 or empty: never (the default: an organiser chooses the period, say 730 for two years).
PRIVACY_RETENTION_DAYS = env.int("PRIVACY_RETENTION_DAYS", default=0)
CELERY_BEAT_SCHEDULE["privacy-retention"] = {
    "task": "prize.privacy_tasks.apply_retention",
    "schedule": timedelta(hours=env.int("PRIVACY_RETENTION_EVERY_HOURS", default=24)),
}

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
