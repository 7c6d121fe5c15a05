"""Turnout settings: everything comes from the environment, with safe embedded defaults.

Without any variable set, Turnout runs on the embedded default: SQLite in ``var/``, media in
``var/media/``, email and SMS into the local outbox, background work in the database queue.
Production sets ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and friends (see README).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
import xstatic.pkg.leaflet
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
VAR_DIR = Path(env.str("TURNOUT_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; in DEBUG, a key generated once and kept in var/."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (production) or set DEBUG=1 "
            "for a local development site."
        )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Key of the hashes in the suppression list. Set it once and never change it: with another key
# the hashes of people who opted out would no longer match when they come back in an import.
TURNOUT_HASH_KEY = env.str("TURNOUT_HASH_KEY", default=SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rules",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "turnout.core",
    "turnout.accounts",
    "turnout.organizations",
    "turnout.messaging",
    "turnout.actions",
    "turnout.funnels",
    "turnout.journeys",
    "turnout.visuals",
    "turnout.campaigns",
    "turnout.donations",
    "turnout.canvassing",
    "turnout.events",
    "turnout.training",
    "turnout.assistant",
    "turnout.gotv",
    "turnout.api",
    "turnout.people",
]

MIDDLEWARE = [
    "turnout.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "turnout.core.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "turnout.urls"
WSGI_APPLICATION = "turnout.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "turnout" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "turnout.core.context_processors.site",
                "turnout.organizations.context_processors.organizations",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'turnout.sqlite3'}")
}
_db = DATABASES["default"]
if "sqlite" in _db["ENGINE"]:
    _db.setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web process read while the worker writes; IMMEDIATE takes the write
            # lock at BEGIN so concurrent writers wait (busy timeout) instead of failing.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
elif "postgresql" in _db["ENGINE"]:
    if env.bool("DATABASE_POOL", default=True):
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            "timeout": 10,
        }
    else:
        _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        _db["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, sessions of allauth's rate limiter) --------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://turnout")}
if env.str("TURNOUT_PDF_FALLBACK_FONTS", default=""):
    TURNOUT_PDF_FALLBACK_FONTS = env.list("TURNOUT_PDF_FALLBACK_FONTS")

# --- Background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "jobs", "messages"],
    }
}
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=10)
# A running job records that it is alive this often; one silent for 5 minutes is re-queued.
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=30)
if TASKS["default"]["BACKEND"].endswith("RQBackend"):
    # Redis + RQ instead of the database queue: `pip install .[redis]`, set
    # TASKS_BACKEND=django_tasks_rq.RQBackend and REDIS_URL; `manage.py worker` runs RQ then.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        name: {"URL": env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")}
        for name in TASKS["default"]["QUEUES"]
    }

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "organizations:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Turnout] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_RATE_LIMITS = {
    # Failed logins: 10 a minute from one address, 5 per 5 minutes against one account.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "turnout.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "turnout.accounts.forms.SignupForm"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Turnout"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "turnout" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
# Leaflet comes from its PyPI package (xstatic-leaflet), served as /static/leaflet/.
STATICFILES_DIRS = [BASE_DIR / "turnout" / "static", ("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # Public files (logos, campaign visuals): served from MEDIA_URL.
    "default": {
        "BACKEND": env.str(
            "MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    # Private files (exports, imports, data-subject archives): never served by URL, only
    # streamed by views that check who asks.
    "private": {
        "BACKEND": env.str(
            "PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json(
            "PRIVATE_STORAGE_OPTIONS", default={"location": str(VAR_DIR / "private")}
        ),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
TURNOUT_LOGO_MAX_BYTES = 2 * 1024 * 1024
# Files that hold personal data (export results, uploaded imports, rejected-row reports) are
# deleted this many days after their job ended; the records of what was done stay.
TURNOUT_PRIVATE_FILE_DAYS = env.int("TURNOUT_PRIVATE_FILE_DAYS", default=30)
TURNOUT_IMAGE_MAX_PIXELS = 40_000_000
# Campaign visuals (turnout/visuals): the biggest template SVG accepted.
TURNOUT_VISUALS_TEMPLATE_MAX_BYTES = env.int(
    "TURNOUT_VISUALS_TEMPLATE_MAX_BYTES", default=2 * 1024 * 1024
)
# Processes that render a batch of visuals (0: one per core).
TURNOUT_VISUALS_BATCH_PROCESSES = env.int("TURNOUT_VISUALS_BATCH_PROCESSES", default=0)

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL: smtp://user:password@host:587 (add ?tls=True), or leave unset for the outbox.
# For an anymail provider set EMAIL_BACKEND (e.g. anymail.backends.brevo.EmailBackend) and
# ANYMAIL_* variables.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Turnout <no-reply@turnout.localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="turnout.messaging.backends.outbox.EmailBackend"
    )
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
ANYMAIL = {
    key[len("ANYMAIL_") :]: _BOOLEANS.get(value.lower(), value)
    for key, value in env.ENVIRON.items()
    if key.startswith("ANYMAIL_") and value
}
# The outbox screen is a local-development tool: it is on only while mail goes to the outbox.
# It shows every email, password-reset links included, so it is never on outside DEBUG.
TURNOUT_OUTBOX_UI = DEBUG and env.bool(
    "TURNOUT_OUTBOX_UI", default=EMAIL_BACKEND.endswith("outbox.EmailBackend")
)

# --- SMS and dispatch -----------------------------------------------------------------------
# Providers by name; TURNOUT_SMS_PROVIDER picks the one broadcasts and texting use. The
# embedded default is the local outbox. Real accounts (see docs/operations.md), e.g.
#   TURNOUT_SMS_PROVIDER=twilio TWILIO_ACCOUNT_SID=... TWILIO_AUTH_TOKEN=... TWILIO_FROM=...
TURNOUT_SMS_PROVIDERS = {
    "outbox": {"BACKEND": "turnout.messaging.providers.outbox.OutboxProvider", "OPTIONS": {}},
}
for _name, _backend, _keys in (
    (
        "twilio",
        "twilio.TwilioProvider",
        ("ACCOUNT_SID", "AUTH_TOKEN", "FROM", "MESSAGING_SERVICE_SID"),
    ),
    (
        "vonage",
        "vonage.VonageProvider",
        ("API_KEY", "API_SECRET", "SIGNATURE_SECRET", "SIGNATURE_METHOD"),
    ),
    ("brevo", "brevo.BrevoProvider", ("API_KEY", "WEBHOOK_TOKEN")),
    (
        "ovh",
        "ovh.OvhProvider",
        (
            "APPLICATION_KEY",
            "APPLICATION_SECRET",
            "CONSUMER_KEY",
            "SERVICE_NAME",
            "ENDPOINT",
            "WEBHOOK_TOKEN",
        ),
    ),
):
    _options = {
        key.lower(): env.str(f"{_name.upper()}_{key}")
        for key in _keys
        if env.str(f"{_name.upper()}_{key}", default="")
    }
    if _options:
        _options["rate_per_s"] = env.float(f"{_name.upper()}_RATE_PER_S", default=10.0)
        TURNOUT_SMS_PROVIDERS[_name] = {
            "BACKEND": f"turnout.messaging.providers.{_backend}",
            "OPTIONS": _options,
        }
# Any provider entry can also be given whole, as JSON (name -> {"BACKEND", "OPTIONS"}).
TURNOUT_SMS_PROVIDERS.update(env.json("TURNOUT_SMS_PROVIDERS_JSON", default={}))
TURNOUT_SMS_PROVIDER = env.str("TURNOUT_SMS_PROVIDER", default="outbox")
TURNOUT_DISPATCH_BATCH = env.int("TURNOUT_DISPATCH_BATCH", default=100)
TURNOUT_DISPATCH_PARALLEL = env.int("TURNOUT_DISPATCH_PARALLEL", default=2)
# Provider calls in flight at once in one dispatcher (threads; each has its own connection).
TURNOUT_DISPATCH_CONCURRENCY = env.int("TURNOUT_DISPATCH_CONCURRENCY", default=8)
TURNOUT_DISPATCH_MAX_SECONDS = env.int("TURNOUT_DISPATCH_MAX_SECONDS", default=300)
# A message claimed or being sent by a dispatcher silent for this long is settled by
# ``dispatch_recover`` (queued again, or checked with the provider).
TURNOUT_DISPATCH_STALE_SECONDS = env.int("TURNOUT_DISPATCH_STALE_SECONDS", default=300)

# --- Voter-information assistant: WhatsApp Cloud API and Alexa (docs/guide/assistant-channels.md)
# An empty app secret turns the WhatsApp channel off. ``replay_window``: seconds after which a
# message Meta delivers (or retries) is ignored.
TURNOUT_WHATSAPP = {
    "app_secret": env.str("WHATSAPP_APP_SECRET", default=""),
    "verify_token": env.str("WHATSAPP_VERIFY_TOKEN", default=""),
    "access_token": env.str("WHATSAPP_ACCESS_TOKEN", default=""),
    "api_base": env.str("WHATSAPP_API_BASE", default="https://graph.facebook.com"),
    "api_version": env.str("WHATSAPP_API_VERSION", default="v21.0"),
    "replay_window": env.int("WHATSAPP_REPLAY_WINDOW", default=3600),
}
# Alexa custom skill: the request signature's certificate chain must lead to one of these
# root certificates (a PEM file; empty: the system's CA bundle from certifi). ``cert_base_url``
# fetches the chain from a mirror of Amazon's certificate host instead (same paths).
TURNOUT_ALEXA = {
    "enabled": env.bool("ALEXA_ENABLED", default=True),
    "trusted_roots": env.str("ALEXA_TRUSTED_ROOTS", default=""),
    "cert_base_url": env.str("ALEXA_CERT_BASE_URL", default=""),
    "timestamp_tolerance": env.int("ALEXA_TIMESTAMP_TOLERANCE", default=150),
}
# Questions one address may post to the public assistant page per minute.
TURNOUT_ASSISTANT_WEB_RATE = env.int("ASSISTANT_WEB_RATE", default=20)
# An entry last verified longer ago than this is flagged "to verify again" to organizers.
TURNOUT_ASSISTANT_STALE_DAYS = env.int("ASSISTANT_STALE_DAYS", default=90)

# --- Signature intake ----------------------------------------------------------------------
# Waiting signatures applied to the CRM in one transaction, and how long one intake task works.
TURNOUT_INTAKE_BATCH = env.int("TURNOUT_INTAKE_BATCH", default=100)
TURNOUT_INTAKE_MAX_SECONDS = env.int("TURNOUT_INTAKE_MAX_SECONDS", default=60)
# While signatures keep arriving, the part of the time the fold works (docs/decisions/0103):
# on a machine that also serves the sign pages they come first during a peak. 1 never waits
# (a worker on its own machine).
TURNOUT_INTAKE_FOLD_PEAK_SHARE = env.float("INTAKE_FOLD_PEAK_SHARE", default=0.5)
# Where each web process writes the signatures of the public forms before its own thread moves
# them into the queue table (docs/decisions/0101): a directory on the web machine's own disk.
# Empty: every signature is inserted into the queue table by its request.
TURNOUT_INTAKE_SPOOL_DIR = env.str("INTAKE_SPOOL_DIR", default=str(VAR_DIR / "intake-spool"))

# --- Journeys -------------------------------------------------------------------------------
# People a journey runner claims at once, how long one runner task works before leaving the
# rest to the next, after how long the people claimed by a silent runner are taken over, and
# at most how often a process wakes a runner after new people enter a journey.
TURNOUT_JOURNEYS_BATCH = env.int("TURNOUT_JOURNEYS_BATCH", default=100)
TURNOUT_JOURNEYS_MAX_SECONDS = env.int("TURNOUT_JOURNEYS_MAX_SECONDS", default=240)
TURNOUT_JOURNEYS_CLAIM_SECONDS = env.int("TURNOUT_JOURNEYS_CLAIM_SECONDS", default=300)
TURNOUT_JOURNEYS_WAKE_SECONDS = env.int("TURNOUT_JOURNEYS_WAKE_SECONDS", default=2)

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a commitment to serve every subdomain over HTTPS for good: the operator
    # decides (SECURE_HSTS_PRELOAD=1), so the corresponding deploy check is silenced.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Maps: the tile server is the operator's choice (its usage policy applies) ----------------
TURNOUT_MAP_TILE_URL = env.str(
    "TURNOUT_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
TURNOUT_MAP_ATTRIBUTION = env.str(
    "TURNOUT_MAP_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
_TILE_ORIGIN = "/".join(TURNOUT_MAP_TILE_URL.split("/")[:3]).replace("{s}.", "*.")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *([MEDIA_URL] if MEDIA_URL.startswith("https://") else []),
            *([_TILE_ORIGIN] if _TILE_ORIGIN.startswith("https://") else []),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging: one JSON object per line on stderr ---------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# --- Payments --------------------------------------------------------------------------------
# The local test provider is the embedded default ("Test payments — no money moves"); Stripe
# and Mollie are added when their keys are set (docs/guide/donations-providers.md).
TURNOUT_PAYMENT_PROVIDERS = {
    "test": {"BACKEND": "turnout.donations.providers.test.TestPaymentBackend", "OPTIONS": {}},
}
if env.str("STRIPE_SECRET_KEY", default=""):
    TURNOUT_PAYMENT_PROVIDERS["stripe"] = {
        "BACKEND": "turnout.donations.providers.stripe.StripeBackend",
        "OPTIONS": {
            "secret_key": env.str("STRIPE_SECRET_KEY"),
            # Comma-separated while rolling the endpoint secret.
            "webhook_secret": env.str("STRIPE_WEBHOOK_SECRET", default=""),
        },
    }
if env.str("MOLLIE_API_KEY", default=""):
    TURNOUT_PAYMENT_PROVIDERS["mollie"] = {
        "BACKEND": "turnout.donations.providers.mollie.MollieBackend",
        "OPTIONS": {
            "api_key": env.str("MOLLIE_API_KEY"),
            "webhook_url": env.str("MOLLIE_WEBHOOK_URL", default=""),
        },
    }
TURNOUT_PAYMENT_PROVIDERS.update(env.json("TURNOUT_PAYMENT_PROVIDERS_JSON", default={}))
TURNOUT_PAYMENT_PROVIDER = env.str("TURNOUT_PAYMENT_PROVIDER", default="test")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "turnout.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "turnout.core.logging.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replace Django's own console handler so that each line is logged once, as JSON.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": "WARNING" if not DEBUG else "INFO"},
    },
}

TURNOUT_INVITATION_DAYS = env.int("TURNOUT_INVITATION_DAYS", default=14)
# Size of the generated demo data (1.0 = tens of thousands of supporters).
TURNOUT_DEMO_SCALE = env.float("TURNOUT_DEMO_SCALE", default=1.0)
ADMINS = [("Ops", email) for email in env.list("ADMIN_EMAILS", default=[])]

# --- Public API (OSDI 1.1 over HAL+JSON, turnout/api/osdi/) ----------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["turnout.api.osdi.auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["turnout.api.osdi.auth.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["turnout.api.osdi.throttling.TokenBucketThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "turnout.api.osdi.renderers.HalJsonRenderer",
        "turnout.api.osdi.renderers.PlainJsonRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "turnout.api.osdi.parsers.HalJsonParser",
        "turnout.api.osdi.parsers.JsonParser",
    ],
    "EXCEPTION_HANDLER": "turnout.api.osdi.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Turnout API (OSDI 1.1)",
    "DESCRIPTION": "People, tags, lists and actions over HAL+JSON, compatible with OSDI 1.1.",
    "VERSION": "1.1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SORT_OPERATIONS": False,
    "PREPROCESSING_HOOKS": ["turnout.api.osdi.docs.only_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "turnout.api.osdi.docs.strict_requests",
    ],
}
# Per-token rate limit (token bucket): sustained requests per second and burst size.
TURNOUT_API_RATE_PER_S = env.float("TURNOUT_API_RATE_PER_S", default=20.0)
TURNOUT_API_BURST = env.int("TURNOUT_API_BURST", default=100)
# Largest request body accepted by the API (bytes) and page sizes.
TURNOUT_API_MAX_BODY = env.int("TURNOUT_API_MAX_BODY", default=1024 * 1024)
TURNOUT_API_MAX_PAGE_SIZE = 100
# Seconds a collection's total_records is reused while a client follows its ``next`` links.
TURNOUT_API_COUNT_SECONDS = env.int("TURNOUT_API_COUNT_SECONDS", default=10)
# Webhook targets allowed over plain http or on a private address ("host:port"), for tests
# and for receivers inside the organization's own network.
TURNOUT_WEBHOOK_ALLOWED_TARGETS = env.list("TURNOUT_WEBHOOK_ALLOWED_TARGETS", default=[])
