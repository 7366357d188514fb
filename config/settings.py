"""Sidamping settings.

Every setting that differs between machines comes from an environment variable, declared
once below with its default. Defaults are for local development; production sets
DEBUG=0, SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS (see README).
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Without DATABASE_URL we run on the embedded private cluster: a development machine.
DEBUG = env_bool("DEBUG", not env_str("DATABASE_URL"))
TESTING = env_bool("SIDAMPING_TESTING", False) or "pytest" in sys.modules

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY wajib diset bila DEBUG mati (lihat README).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "django_ratelimit",
    "pgtrigger",
    "pghistory",
    "import_export",
    "procrastinate.contrib.django",
    "tksk",
    "pmks",
    "bantuan",
    "laporan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tksk.middleware.KebijakanKontenMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tksk.basisdata.TulisPinMiddleware",
    "tksk.middleware.TanpaCacheMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "tksk.context_processors.sidamping",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL wins; without it we use the private cluster started by bin/run / bin/test
# (a unix socket in .data/pg-run, see bin/_lib.sh).
if env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(
        env_str("DATABASE_URL"), conn_max_age=env_int("SIDAMPING_CONN_MAX_AGE", 60), conn_health_checks=True
    )}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("SIDAMPING_DB_NAME", "sidamping"),
            "USER": "postgres",
            "HOST": env_str("SIDAMPING_PGHOST", str(BASE_DIR / ".data" / "pg-run")),
            # one connection per worker kept between requests (as with DATABASE_URL below):
            # connecting, with the database's per-connection settings, cost every request 3–5 ms
            "CONN_MAX_AGE": env_int("SIDAMPING_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
# Per-connection settings (pgtrigger.ignore for django-pghistory's triggers, jit=off) are set on
# the database itself by migration tksk 0007 (ALTER DATABASE … SET), not as libpq ``options``:
# a pooler such as PgBouncer in transaction mode refuses ``options`` at connect time.
DATABASES["default"].setdefault("TEST", {})
DATABASES["default"]["TEST"]["NAME"] = env_str("SIDAMPING_TEST_DB", "test_sidamping")
# Behind PgBouncer in transaction mode (DATABASE_POOLER=transaksi) a cursor declared WITH HOLD
# may be fetched on another server connection: Django's server-side cursors are then off.
if env_str("DATABASE_POOLER") == "transaksi":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Read replica (streaming replica of the primary) for dashboards, reports, the recap and exports:
# tksk.basisdata decides which reads go there (never writes, never right after a user's write).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(env_str("DATABASE_REPLICA_URL"), conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tksk.basisdata.RouterReplika"]
SIDAMPING_REPLIKA_JEDA = env_int("SIDAMPING_REPLIKA_JEDA", 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "tksk.Pengguna"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Client IP: behind N reverse proxies (each appending to X-Forwarded-For) set this to N; with 0
# (default) REMOTE_ADDR is the client and X-Forwarded-For is ignored (a client can forge it).
SIDAMPING_PROXY_TERPERCAYA = env_int("SIDAMPING_PROXY_TERPERCAYA", 0)

# Lock-out after repeated failed logins (django-axes, tksk.keamanan.KunciBertingkat), three
# independent counters over the cool-off window: username + IP (AXES_FAILURE_LIMIT), IP alone
# (password spraying), username alone (many IPs on one account; not applied to an IP the account
# logged in from recently, so strangers cannot lock the owner out). Trade-offs: README "Keamanan".
AXES_HANDLER = "tksk.keamanan.KunciBertingkat"
AXES_CLIENT_IP_CALLABLE = "tksk.keamanan.ip_klien"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # what a successful login resets
SIDAMPING_GAGAL_PER_IP = env_int("SIDAMPING_GAGAL_PER_IP", 20)
SIDAMPING_GAGAL_PER_PENGGUNA = env_int("SIDAMPING_GAGAL_PER_PENGGUNA", 30)
SIDAMPING_IP_DIKENAL_HARI = env_int("SIDAMPING_IP_DIKENAL_HARI", 30)
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
AXES_RESET_ON_SUCCESS = True

# --- i18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Numbers are formatted explicitly with the |angka / |rupiah filters; automatic separators
# would also turn ids in URLs and attributes into '1.110'.
USE_THOUSAND_SEPARATOR = False

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Background tasks (procrastinate on the same database; worker: manage.py procrastinate worker) --
# Tasks live in each app's tasks.py (autodiscovered). bin/run starts and supervises the worker;
# README "Production" has the service unit. Periodic jobs (cron in UTC) are deferred by the worker.
PROCRASTINATE_WORKER_DEFAULTS = {
    "fetch_job_polling_interval": 2.0,  # besides LISTEN/NOTIFY (new jobs start at once)
    "delete_jobs": "successful",  # finished jobs are not kept; failed ones stay for the admin
}

# --- E-mail (second notification channel, sent by the worker) ----------------------------------
# Development prints mails on the worker's console (.data/worker.log); production sets SMTP.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sidamping <sidamping@localhost>")
# Links in e-mails point here (scheme + host, no trailing slash).
SIDAMPING_ALAMAT_SITUS = env_str("SIDAMPING_ALAMAT_SITUS", "http://127.0.0.1:8000")

# Spreadsheet imports: uploaded files hold NIKs, so they live outside MEDIA_ROOT (never served).
SIDAMPING_BERKAS_PRIVAT = env_str("SIDAMPING_BERKAS_PRIVAT", str(MEDIA_ROOT.parent / "privat"))
SIDAMPING_IMPOR_BATAS_LANGSUNG = env_int("SIDAMPING_IMPOR_BATAS_LANGSUNG", 256 * 1024)  # bytes; larger → worker
SIDAMPING_IMPOR_MAKS_BYTE = env_int("SIDAMPING_IMPOR_MAKS_BYTE", 40 * 1024 * 1024)
# Untrusted spreadsheets are parsed in a child process (pmks/impor/baca_anak.py) within these limits.
SIDAMPING_IMPOR_MAKS_BARIS = env_int("SIDAMPING_IMPOR_MAKS_BARIS", 200_000)  # rows of the sheet
SIDAMPING_IMPOR_MAKS_KOLOM = env_int("SIDAMPING_IMPOR_MAKS_KOLOM", 60)
SIDAMPING_IMPOR_MEMORI_MB = env_int("SIDAMPING_IMPOR_MEMORI_MB", 2048)  # address space of the reader child
SIDAMPING_IMPOR_WAKTU_BACA = env_int("SIDAMPING_IMPOR_WAKTU_BACA", 300)  # CPU seconds (wall: +30 s)
SIDAMPING_IMPOR_MAKS_GALAT = env_int("SIDAMPING_IMPOR_MAKS_GALAT", 1000)  # stored; more = file refused
SIDAMPING_IMPOR_MAKS_PERINGATAN = env_int("SIDAMPING_IMPOR_MAKS_PERINGATAN", 10_000)
SIDAMPING_IMPOR_MENIT_MACET = env_int("SIDAMPING_IMPOR_MENIT_MACET", 5)  # no heartbeat this long = dead

# Admin exports (django-import-export): never let a cell become a spreadsheet formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Cache and rate limits ----------------------------------------------------------------
# Rate-limit counters must be shared by every gunicorn worker: a database table
# (`manage.py createcachetable`, run by bin/run; test databases get it automatically) with an
# atomic incr (tksk/cache.py). The default cache stays per-process and holds nothing shared.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "batas_laju": {
        "BACKEND": "tksk.cache.DatabaseCacheAtomik",
        "LOCATION": "sidamping_cache",
        # Django counts the table on every add and culls past MAX_ENTRIES (expired rows first): live
        # counters are one per user × group × window, far below this.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}
RATELIMIT_USE_CACHE = "batas_laju"
RATELIMIT_IP_META_KEY = "tksk.keamanan.ip_klien"
RATELIMIT_VIEW = "tksk.views.terlalu_banyak_permintaan"
# Requests per user (see tksk/batas_laju.py for what each group covers); "60/h" = 60 per hour.
SIDAMPING_BATAS_LAJU = {
    "cek-nomor": env_str("SIDAMPING_BATAS_CEK_NOMOR", "120/h"),
    "cari-nomor": env_str("SIDAMPING_BATAS_CARI_NOMOR", "300/h"),
    "unggah": env_str("SIDAMPING_BATAS_UNGGAH", "30/h"),
    "ekspor": env_str("SIDAMPING_BATAS_EKSPOR", "30/h"),
    "cek-aduan": env_str("SIDAMPING_BATAS_CEK_ADUAN", "20/h"),
}
# django-ratelimit warns about any cache it does not know; ours is DatabaseCache with an atomic
# incr (tests/tksk/test_batas_laju.py counts concurrent increments).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- UI -------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {40: "danger"}

# --- Security (production) ------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp, tksk.middleware.KebijakanKontenMiddleware): only this site's
# own files; no inline script, no inline style, no eval (static/js/sidamping.js does what inline
# handlers did). data: images are Bootstrap's CSS icons. The admin also gets inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Sidamping ------------------------------------------------------------------------
# Kop surat / institution shown on reports and letters (configurable per deployment).
SIDAMPING_INSTANSI = env_str(
    "SIDAMPING_INSTANSI",
    "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kota Probolinggo",
)
SIDAMPING_DEMO_PASSWORD = "demo-sidamping-2026"
# Caseload dashboard: a household not visited for this many months is flagged.
SIDAMPING_BULAN_TANPA_KUNJUNGAN = env_int("SIDAMPING_BULAN_TANPA_KUNJUNGAN", 6)
# The home dashboard's area figures are kept this many seconds per (role, area, day) in each worker
# (pmks.pendampingan.selectors.dasbor.angka_dasbor_tersimpan); 0 = always recomputed (tests).
SIDAMPING_DASBOR_CACHE_DETIK = env_int("SIDAMPING_DASBOR_CACHE_DETIK", 0 if TESTING else 120)
# Backups (manage.py cadangkan / pulihkan, tksk/cadangan.py): the archive folder, and the age public
# key (age1…) that encrypts them; the secret key is only needed to restore and stays off the server.
SIDAMPING_CADANGAN_FOLDER = env_str("SIDAMPING_CADANGAN_FOLDER", str(MEDIA_ROOT.parent / "cadangan"))
SIDAMPING_CADANGAN_PENERIMA = env_str("SIDAMPING_CADANGAN_PENERIMA")
# Retention (tksk/retensi.py, README "Retensi data"): months per log kind overriding the defaults,
# e.g. SIDAMPING_RETENSI="akses=36,notifikasi=6" (0 = keep forever).
# Offline download (pmks/luring): households per page (keyset-paged; ~2.3 KB each with 4 members).
SIDAMPING_LURING_PER_HALAMAN = env_int("SIDAMPING_LURING_PER_HALAMAN", 200)
SIDAMPING_RETENSI_BULAN = {
    k.strip(): int(v) for k, _, v in (x.partition("=") for x in env_list("SIDAMPING_RETENSI", ""))
    if k.strip() and v.strip().lstrip("-").isdigit()
}
# Regions this deployment serves, loaded by `manage.py muat_wilayah` (bin/run runs it): Kemendagri
# codes of kota/kabupaten or provinces, or "semua" for all of Indonesia.
SIDAMPING_WILAYAH = env_list("SIDAMPING_WILAYAH", "35.74")
