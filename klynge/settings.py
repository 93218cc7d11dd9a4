"""Klynge settings: everything from the environment, with safe defaults.

``KLYNGE_ENV`` is ``development`` (the default, for a fresh clone) or
``production``. docs/operations.md lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from klynge.lib.env import (
    EnvError,
    env_bool,
    env_int,
    env_json,
    env_list,
    env_str,
    local_secret_key,
    parse_cache_url,
    parse_email_url,
    parse_trusted_proxies,
    ratelimit_cache_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KLYNGE_VAR_DIR", str(BASE_DIR / "var")))

KLYNGE_ENV = env_str("KLYNGE_ENV", "development")
if KLYNGE_ENV not in {"development", "production"}:
    raise EnvError(f"KLYNGE_ENV must be development or production, not {KLYNGE_ENV!r}")
PRODUCTION = KLYNGE_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise EnvError("SECRET_KEY must be set in production")
    SECRET_KEY = local_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise EnvError("ALLOWED_HOSTS must be set in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "klynge.core",
    "klynge.accounts",
    "klynge.audit",
    "klynge.competence",
    "klynge.directory",
    "klynge.events",
    "klynge.needs",
    "klynge.news",
    "klynge.spaces",
    "klynge.jobs",
    "klynge.dialogue",
    "klynge.teams",
    "klynge.newsletter",
    "klynge.insights",
    "klynge.audit.apps.AuditedAdminConfig",  # django.contrib.admin, every change audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "allauth",
    "klynge.accounts.apps.SignInConfig",  # allauth.account, with its own admin heading
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "klynge.core.apps.TasksConfig",  # django_tasks_db, with a translated admin heading
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "klynge.core.middleware.NorwegianAcceptLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "klynge.core.middleware.RejectNulMiddleware",
    "klynge.accounts.backends.AuthenticationMiddleware",  # Django's, see the backends below
    "klynge.accounts.tokens.ApiTokenMiddleware",
    "klynge.audit.middleware.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "klynge.core.pagecache.ContentVersionMiddleware",
]

ROOT_URLCONF = "klynge.urls"
WSGI_APPLICATION = "klynge.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "klynge.core.context_processors.hub",
            ],
        },
    },
]

# Database: SQLite in WAL mode unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'klynge.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN so two writers queue instead of deadlocking.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compiling of queries: it turns on for the few queries the planner
    # thinks costly (the insights' counts over a year) and spends longer compiling
    # than it saves (docs/BENCHMARKS.md, "PostgreSQL's JIT"). A DATABASE_URL that
    # passes its own ?options= keeps them.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, early

# Caches, shared by all web processes in production. "default" holds search
# statistics and anything else that may be thrown away; set CACHE_URL=redis://...
# to use Redis. "ratelimit" holds only rate-limit counters (allauth's and
# klynge.core.ratelimit's): in the default cache, culling or a flush after a burst
# of search words would forget them and let password guessing go on.
_cache_url = env_str("CACHE_URL", "db://klynge_cache")
CACHES = {
    "default": parse_cache_url(_cache_url),
    "ratelimit": parse_cache_url(
        env_str("RATELIMIT_CACHE_URL") or ratelimit_cache_url(_cache_url),
        # Counters expire with their window (at most a day), and culling drops the
        # expired ones first. To push out a live one an attacker must write a
        # million within a window: thousands of addresses, each held to its own
        # limits. A full table is some 200 MB; an everyday one a few hundred rows.
        max_entries=1_000_000,
    ),
}

# Sessions: in the database, and with Redis as the cache also kept there
# ("cached_db"): a signed-in request then reads its session from Redis, not from
# PostgreSQL, while every write still goes to the database, so a session
# survives a Redis restart and is the same on every web node. The database
# cache ("db://") would gain nothing, so the plain database engine stays there.
SESSION_ENGINE = env_str(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends."
    + ("cached_db" if _cache_url.startswith(("redis://", "rediss://")) else "db"),
)

# Anonymous pages are kept this many seconds in the cache above, and rendered
# afresh at once after any write (klynge/core/pagecache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# POSTs that only read: they leave the cached pages alone.
PAGE_CACHE_READ_ONLY_POSTS = ["/api/v1/match"]
# How long nginx may keep such a page for signed-out visitors (X-Accel-Expires;
# deploy/nginx/klynge.conf.in): the most a signed-out page may lag a change.
PAGE_CACHE_PROXY_SECONDS = env_int("PAGE_CACHE_PROXY_SECONDS", 1)

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the signed-in user with the one-to-one
# relations named here in the same query (klynge/accounts/backends.py): the profile,
# which the menu and every list ask for.
AUTHENTICATION_BACKENDS = [
    "klynge.accounts.backends.ModelBackend",
    "klynge.accounts.backends.AuthenticationBackend",
]
ACCOUNTS_USER_RELATED = ["person"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth
ACCOUNT_ADAPTER = "klynge.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: 10 a minute from one address, 5 in 5 minutes for one account.
    "login_failed": env_str("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/300s/key"),
    "login": env_str("RATE_LIMIT_LOGIN", "30/m/ip"),
    "signup": env_str("RATE_LIMIT_SIGNUP", "10/h/ip"),
    "request_login_code": env_str("RATE_LIMIT_LOGIN_CODE", "20/m/ip,3/m/key"),
    "reset_password": env_str("RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/m/key"),
}

# The audit log (klynge/audit): how long entries are kept (KLYNGE_RETENTION["audit_entries"]
# below, which the retention job reads), and from which number of failed sign-ins to one
# account within 15 minutes each further one is recorded.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)
AUDIT_SIGNIN_FAILURE_THRESHOLD = env_int("AUDIT_SIGNIN_FAILURE_THRESHOLD", 5)
# Personal API tokens (klynge/accounts/tokens.py): requests per token.
API_TOKEN_RATE_LIMIT = env_str("API_TOKEN_RATE_LIMIT", "1000/h")
API_TOKENS_PER_USER = env_int("API_TOKENS_PER_USER", 20)

SOCIALACCOUNT_LOGIN_ON_GET = False
LINKEDIN_CLIENT_ID = env_str("LINKEDIN_CLIENT_ID")
LINKEDIN_CLIENT_SECRET = env_str("LINKEDIN_CLIENT_SECRET")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": (
            [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": LINKEDIN_CLIENT_ID,
                    "secret": LINKEDIN_CLIENT_SECRET,
                    "settings": {
                        "server_url": "https://www.linkedin.com/oauth",
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ]
            if LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET
            else []
        ),
    }
}

# Background work: the Django tasks API, stored in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Email: sent only from tasks. Without EMAIL_URL, development writes each
# message as a file under var/mail/ and production refuses to start.
_email_url = env_str("EMAIL_URL")
if not _email_url:
    if PRODUCTION:
        raise EnvError(
            "EMAIL_URL must be set in production, for example smtp://user:pw@host:587?tls=true"
        )
    _email_url = f"file://{VAR_DIR / 'mail'}"
globals().update(parse_email_url(_email_url))
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IT-Hub Hallingdal <post@ithubhallingdal.no>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Languages: bokmål first, then nynorsk and English.
LANGUAGE_CODE = "nb"
# Each name is written in its own language, and so never translated.
LANGUAGES = [("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "klynge" / "locale", BASE_DIR / "klynge" / "locale_vendor"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))) if PRODUCTION else None
# Outside production WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
# Uploads (see klynge/core/uploads.py): logos and event images are public files
# under MEDIA_ROOT; person photos are kept outside it, in PRIVATE_MEDIA_ROOT, and
# served only through a view that checks who may see them.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
# In production the web server serves /media/ (docs/operations.md); Django can, for small sites.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
KLYNGE_UPLOADS = {
    "max_bytes": env_int("UPLOAD_MAX_MB", 5) * 1024 * 1024,
    "max_pixels": env_int("UPLOAD_MAX_MEGAPIXELS", 25) * 1_000_000,
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "klynge.core.uploads.PrivateMediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security. The policy allows no inline script and no inline style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", "https://www.linkedin.com"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
    if env_bool("TRUST_X_FORWARDED_PROTO", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# The proxies in front of the web processes (the load balancer): a number, or their
# addresses and networks. Only then is X-Forwarded-For believed, and only the part
# they wrote; klynge.core.ratelimit.client_ip reads it. Unset: the header is ignored.
TRUSTED_PROXIES = parse_trusted_proxies(env_str("TRUSTED_PROXIES"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The public address of the site, for links in emails and calendar UIDs, which
# are made outside a request. Production must say it; in development `make run`
# passes the address it serves on.
SITE_URL = env_str("SITE_URL").strip().rstrip("/")
if not SITE_URL:
    if PRODUCTION:
        raise EnvError("SITE_URL must be set in production, for example https://klynge.example.no")
    SITE_URL = "http://127.0.0.1:8000"
if urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).hostname:
    raise EnvError(f"SITE_URL must be an http(s) address such as https://klynge.example.no, "
                   f"not {SITE_URL!r}")  # fmt: skip

# The hub and its region. Nothing in the code is specific to Hallingdal.
KLYNGE_HUB = {
    "name": env_str("HUB_NAME", "IT-Hub Hallingdal"),
    "region": env_str("HUB_REGION", "Hallingdal"),
    "street": env_str("HUB_STREET", "Furuvegen 5"),
    "postcode": env_str("HUB_POSTCODE", "3550"),
    "town": env_str("HUB_TOWN", "Gol"),
    "email": env_str("HUB_EMAIL", "post@ithubhallingdal.no"),
    "facebook_url": env_str("HUB_FACEBOOK_URL", "https://www.facebook.com/ithubhallingdal"),
    "linkedin_url": env_str(
        "HUB_LINKEDIN_URL", "https://www.linkedin.com/company/it-hub-hallingdal"
    ),
}
# Municipalities in order along the valley: slug, name, number (from 2024); one up a
# side valley names the municipality where its valley joins the main one.
KLYNGE_MUNICIPALITIES = env_json(
    "HUB_MUNICIPALITIES",
    [
        {"slug": "flaa", "name": "Flå", "number": "3320", "places": ["Gulsvik"]},
        {"slug": "nesbyen", "name": "Nesbyen", "number": "3322", "places": ["Nes", "Bromma"]},
        {"slug": "gol", "name": "Gol", "number": "3324", "places": ["Golsfjellet", "Robru"]},
        {
            "slug": "hemsedal",
            "name": "Hemsedal",
            "number": "3326",
            "junction": "gol",
            "places": ["Trøym", "Tuv", "Grøndalen", "Ulsåk"],
        },
        {"slug": "aal", "name": "Ål", "number": "3328", "places": ["Torpo", "Leveld", "Vats"]},
        {
            "slug": "hol",
            "name": "Hol",
            "number": "3330",
            "places": ["Geilo", "Hovet", "Ustaoset", "Haugastøl", "Sudndalen", "Hagafoss"],
        },
    ],
)
# Place names never make a provider match a need or show as a reason (docs/matching.md):
# the names above, their "places" and HUB_REGION with these landmarks.
KLYNGE_LANDMARKS = ["Hallingskarvet", "Hallingdalselva"]

# The needs board: providers whose match score for a new need reaches the
# threshold are told about it (by email, digest or feed); at most notify_limit
# providers per need. See docs/needs.md.
KLYNGE_NEEDS = {
    "notify_threshold": float(env_str("NEEDS_NOTIFY_THRESHOLD", "0.4")),
    "notify_limit": env_int("NEEDS_NOTIFY_LIMIT", 25),
}

# The newsletter (docs/newsletter.md): each send task takes batch_size deliveries over
# one SMTP connection, at most rate_per_second messages a second per worker; a claimed
# delivery whose worker stopped before the message body was sent is retried after
# claim_lease seconds.
KLYNGE_NEWSLETTER = {
    "batch_size": env_int("NEWSLETTER_BATCH_SIZE", 200),
    "rate_per_second": float(env_str("NEWSLETTER_RATE", "10")),
    "claim_lease": env_int("NEWSLETTER_CLAIM_LEASE", 300),
}

# How long personal data is kept once it is no longer needed, in days; then
# `manage.py run_retention` (daily) deletes or anonymises it. The privacy page
# (/personvern/) is built from these, so it always says what the site does.
# RETENTION_DAYS='{"closed_needs": 365}' overrides any of them. See docs/security.md.
KLYNGE_RETENTION = {
    "guest_registrations": 180,  # after the event ended: guests' names and emails
    "unconfirmed_guest_registrations": 7,  # a guest sign-up never confirmed by email
    "sent_mail": 30,  # the outgoing mail queue: every email, contact messages too
    "closed_needs": 730,  # after a need was filled or closed: its text and conversations
    "audit_entries": AUDIT_RETENTION_DAYS,  # the audit log of staff actions and security events
    "bookings": 180,  # after a desk or room booking ended: who booked it
    **env_json("RETENTION_DAYS", {}),
}
