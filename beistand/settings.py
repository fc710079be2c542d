"""The one settings module of Beistand.

Everything that differs between installations comes from the environment
through the strict parsers in beistand.lib.env. The default mode is
production, which refuses to start without its secrets; BEISTAND_ENV=development
generates them once into the untracked folder .local/ instead.
"""

import os
import tempfile
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from beistand.lib.env import (
    ConfigError,
    django_database,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret,
    parse_database_url,
)
from beistand.lib.keyring import load_master_keys

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

ENVIRONMENT = env_choice("BEISTAND_ENV", ("production", "development", "test"), "production")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("BEISTAND_DEBUG", False)
if DEBUG and PRODUCTION:
    raise ConfigError("BEISTAND_DEBUG cannot be on in production (BEISTAND_ENV=production)")

# Where development secrets and the default SQLite database live.
DATA_DIR = Path(
    env_str("BEISTAND_DATA_DIR", "/var/lib/beistand" if PRODUCTION else str(PROJECT_DIR / ".local"))
    or ""
)


def _secret(name: str, filename: str) -> str:
    value = env_secret(name)
    if value:
        return value
    if PRODUCTION:
        raise ConfigError(f"{name} (or {name}_FILE) must be set in production")
    return local_secret(DATA_DIR, filename)


SECRET_KEY = _secret("BEISTAND_SECRET_KEY", "secret_key")
if PRODUCTION and len(SECRET_KEY) < 32:
    raise ConfigError("BEISTAND_SECRET_KEY must be at least 32 characters long")

# Versioned key-encryption keys for the per-case data keys (beistand/lib/keyring.py).
MASTER_KEYS = load_master_keys(
    env_secret("BEISTAND_MASTER_KEYS"), dev_dir=None if PRODUCTION else DATA_DIR
)
# Per-key secrets outside the database (beistand/keys): deleting one makes its data
# unreadable even in database backups taken before. Shared storage when several servers run.
KEY_STORE_DIR = env_str("BEISTAND_KEY_STORE_DIR", str(DATA_DIR / "keystore"))
if ENVIRONMENT == "test" and not env_str("BEISTAND_KEY_STORE_DIR"):
    # Each test run gets its own key store instead of filling the development one.
    KEY_STORE_DIR = str(Path(tempfile.gettempdir()) / f"beistand-test-keystore-{os.getpid()}")
# Mixed into the slow hash of every passphrase of the public, so that a stolen
# database alone does not allow guessing passphrases offline.
PASSPHRASE_PEPPER = _secret("BEISTAND_PASSPHRASE_PEPPER", "passphrase_pepper")
if PRODUCTION and len(PASSPHRASE_PEPPER) < 32:
    raise ConfigError("BEISTAND_PASSPHRASE_PEPPER must be at least 32 characters long")
# Passphrase work: at most this many Argon2id derivations at once per process; more get HTTP 429.
_passphrase_work_slots = env_int("BEISTAND_PASSPHRASE_WORK_SLOTS", 0, minimum=0)
PASSPHRASE_WORK_SLOTS = _passphrase_work_slots or None  # None: the CPUs this process may use

ALLOWED_HOSTS = env_list(
    "BEISTAND_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("BEISTAND_ALLOWED_HOSTS must list the host name(s) this installation serves")
CSRF_TRUSTED_ORIGINS = env_list("BEISTAND_CSRF_TRUSTED_ORIGINS", [])

# The public base URL, used in e-mails (password set links); never derived from the request.
SITE_URL = env_str("BEISTAND_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000") or ""
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ConfigError("BEISTAND_SITE_URL must be set to the https:// address of this installation")

INSTALLED_APPS = [
    "beistand.accounts",
    "beistand.audit",
    "beistand.retention",
    "beistand.keys",
    "beistand.backup",
    "beistand.network",
    "beistand.cases",
    "beistand.contact",
    "beistand.helpfinder",
    "beistand.directory",
    "beistand.workspace",
    "beistand.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Form widgets render through TEMPLATES (FORM_RENDERER below), so the project's
    # templates can replace Django's widget templates; this app brings the originals.
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "beistand.lib.middleware.PrivacyHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "beistand.audit.context.AuditContextMiddleware",
    "beistand.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "beistand.urls"
WSGI_APPLICATION = "beistand.wsgi.application"

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
                "csp.context_processors.nonce",
                "beistand.lib.context_processors.shell",
            ],
        },
    }
]

# Widgets render with the engine above: beistand/templates/django/forms/ replaces
# Django's select with one that writes its options inline (one include per
# option made long choice lists the slowest part of a filter form).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -----------------------------------------------------------------
_database_url = env_str("DATABASE_URL") or f"sqlite:///{(DATA_DIR / 'beistand.sqlite3').resolve()}"
DATABASES = {"default": django_database(parse_database_url(_database_url))}
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not PRODUCTION:
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database cache, so that every web worker and server shares the login throttle.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "beistand_cache",
    }
}

# --- Background tasks ------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if ENVIRONMENT == "test":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Accounts and authentication ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":
    # Tests log in hundreds of times; the slow hash is measured in `make bench`.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests derive passphrases hundreds of times; the real Argon2id cost is measured in `make bench`.
    PASSPHRASE_ARGON2_TEST_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "beistand.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Beistand] "
# Throttling keyed by the account, never by the client's IP address (design invariant 5).
ACCOUNT_RATE_LIMITS = {
    "login": False,
    "login_failed": "5/5m/key",
    "signup": False,
    "reset_password": "3/h/key",
    # The link's key is an unguessable token; allauth can limit this step only per
    # address, and we keep no addresses.
    "reset_password_from_key": False,
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "manage_email": False,
    "confirm_email": False,
}
# allauth limits passkey sign-in per address; our address is a constant, so this
# is one installation-wide cap.
MFA_RATE_LIMITS = {"webauthn_login": "60/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# TOTP secrets and recovery-code seeds encrypted under a key derived from the master keys.
MFA_ADAPTER = "beistand.keys.mfa.MFAAdapter"
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = env_str("BEISTAND_MFA_ISSUER", "Beistand") or "Beistand"
MFA_RECOVERY_CODE_COUNT = 10

# Idle timeout: the session ends after this many seconds without a request.
SESSION_COOKIE_AGE = env_int("BEISTAND_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "beistand_session"
# Messages ("signed in as Lena") stay on the server, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_NAME = "beistand_csrf"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = PRODUCTION
# Ends with the browser session: on a shared device the public leaves no year-long cookie.
CSRF_COOKIE_AGE = None

# --- Transport security (behind a TLS-terminating reverse proxy in production) ------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env_bool("BEISTAND_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("BEISTAND_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form
# posts, which Django's CSRF check rightly refuses. Other hosts still get nothing.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
USE_X_FORWARDED_HOST = False

# Strict Content Security Policy: nothing from other hosts, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
    }
}

# --- E-mail: carries links, never personal content ------------------------------------
EMAIL_BACKEND = env_str(
    "BEISTAND_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("BEISTAND_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("BEISTAND_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("BEISTAND_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env_secret("BEISTAND_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("BEISTAND_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("BEISTAND_EMAIL_FROM", "beistand@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS: list[tuple[str, str]] = []  # error mails could carry request data; errors go to the log

# --- Languages ----------------------------------------------------------------------
# German first; the public face serves every language of the network's clients.
# Leichte Sprache (Easy German) is a language of its own with the code de-ls.
LANG_INFO["de-ls"] = {
    "bidi": False,
    "code": "de-ls",
    "name": "German (Easy Language)",
    "name_local": "Leichte Sprache",
}
# Django knows Central Kurdish (Sorani, ckb) but not Kurmanji, the Kurdish most
# Kurdish speakers in Germany read, written in Latin script.
LANG_INFO["ku"] = {"bidi": False, "code": "ku", "name": "Kurdish (Kurmanji)", "name_local": "Kurmancî"}
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("de-ls", _("German (Easy Language)")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("ku", _("Kurdish (Kurmanji)")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("fr", _("French")),
]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

# --- Uploads stay in memory: Django would otherwise write larger files to /tmp
# in plaintext before they are encrypted. Five files of 10 MB plus the message.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves the collected files (collectstatic); development and tests
# serve straight from the apps' static folders, so they need no STATIC_ROOT.
_static_root = env_str("BEISTAND_STATIC_ROOT", str(PROJECT_DIR / "staticfiles") if PRODUCTION else None)
STATIC_ROOT = Path(_static_root) if _static_root else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Uploaded files: stored encrypted, only ever served through access-checked views ---
# No MEDIA_URL is routed: a file is read through its view, which checks access and audits.
MEDIA_ROOT = Path(env_str("BEISTAND_MEDIA_ROOT", str(DATA_DIR / "media")) or "")
if ENVIRONMENT == "test" and not env_str("BEISTAND_MEDIA_ROOT"):
    # One folder per test process, like the key store: runs never see each other's files.
    MEDIA_ROOT = Path(tempfile.gettempdir()) / f"beistand-test-media-{os.getpid()}"
CASE_DOCUMENT_MAX_BYTES = env_int("BEISTAND_CASE_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
CASE_DEADLINE_REMINDER_EMAILS = env_bool("BEISTAND_DEADLINE_REMINDER_EMAILS", False)

# --- Logging: no request bodies, form values, query strings or IP addresses ----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "beistand.lib.logging.RedactRequestFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("BEISTAND_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Pillow logs every EXIF tag it reads (GPS positions too) at DEBUG.
        "PIL": {"level": "INFO"},
    },
}

# --- Audit log --------------------------------------------------------------------------
# Days an audit event is kept before the daily purge removes it (beistand/audit/retention.py).
AUDIT_RETENTION_DAYS = env_int("BEISTAND_AUDIT_RETENTION_DAYS", 730, minimum=30)

# --- Retention (beistand/retention): what `manage.py run_daily_jobs` deletes when ----------
# Days per data category; each category's rule applies them (and may refuse less than its
# legal minimum). Centres may set their own period where the category allows it.
# None: the row carries its own expiry.
RETENTION_DEFAULTS: dict[str, int | None] = {
    # 3 years after the end of the year the case closed (whole years: 1095 days = 3 years).
    "closed_cases": 3 * 365,
    "inactive_conversations": 90,  # after the last activity
    "audit_events": AUDIT_RETENTION_DAYS,  # the purge reads AUDIT_RETENTION_DAYS itself
    "staff_sessions": None,  # Django's session expiry (SESSION_COOKIE_AGE)
    "task_results": 14,  # after the task finished
    "cache_entries": None,  # the cache entry's own expiry
}

# --- Public pages -----------------------------------------------------------------------
# Where "Leave this page quickly" takes a person: a neutral, widely used site that looks
# harmless in a browser's history. A navigation only; nothing is loaded from it.
QUICK_EXIT_URL = env_str("BEISTAND_QUICK_EXIT_URL", "https://de.wikipedia.org/wiki/Wikipedia:Hauptseite") or ""
if not QUICK_EXIT_URL.startswith("https://"):
    raise ConfigError("BEISTAND_QUICK_EXIT_URL must be an https:// address")

# --- Demo ---------------------------------------------------------------------------------
# The demo network and personas may only be loaded outside production.
DEMO_ALLOWED = not PRODUCTION
