"""Settings for the Libya news archive, read from the environment.

Development needs no configuration at all; production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL (see .env.example). Bad values fail loudly at start-up.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "libya_archive.archive",
    "libya_archive.api",
]

MIDDLEWARE = [
    # First, so that its header reaches every response: static files and the 503 page included.
    "libya_archive.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "libya_archive.middleware.DatabaseUnavailableMiddleware",
    "libya_archive.middleware.StatementTimeoutMiddleware",
    "libya_archive.middleware.StripNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "libya_archive.db_routing.PrimaryForWritersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "libya_archive.archive.login_throttling.KnownLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "libya_archive.middleware.ApiInEnglishMiddleware",
]

ROOT_URLCONF = "libya_archive.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "libya_archive.wsgi.application"

# Parameters are bound client-side (Django's default, no "server_side_binding" option):
# postgres.values_up_to sends several statements with parameters in one round trip, which
# server-side binding refuses.
if os.environ.get("DATABASE_URL"):
    # Health checks: a connection kept from before a database restart is replaced, not used.
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
else:
    from libya_archive.embedded_db import embedded_database_settings

    DATABASES = {"default": embedded_database_settings(BASE_DIR / ".data" / "postgres")}

# Read replicas (see libya_archive/db_routing.py): DATABASE_REPLICA_URLS=url1,url2
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", [])):
    DATABASES[f"replica_{number}"] = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # A replica that does not answer is given up on soon (its reads go elsewhere), not after TCP's minutes.
    DATABASES[f"replica_{number}"].setdefault("OPTIONS", {})["connect_timeout"] = 2
# A browser that wrote reads from the primary this long after (longer than a replica trails);
# a replica that could not be reached is tried again after REPLICA_RETRY_SECONDS.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", 15))
REPLICA_RETRY_SECONDS = int(os.environ.get("REPLICA_RETRY_SECONDS", 5))
# Each sort and bitmap of a statement may take 16 MB, in place of PostgreSQL's 4 MB: the
# articles holding a common pair of words make a bitmap larger than that, which PostgreSQL
# then keeps a page at a time and rechecks row by row, reading every row's shingles.
# Set when connecting, so no search pays a statement for it. It overrides the server's own
# setting: DATABASE_WORK_MEM= (empty) leaves that in force.
DATABASE_WORK_MEM = os.environ.get("DATABASE_WORK_MEM", "16MB")
if DATABASE_WORK_MEM:
    for database in DATABASES.values():
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c work_mem={DATABASE_WORK_MEM}".strip()
DATABASE_ROUTERS = ["libya_archive.db_routing.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site speaks Arabic only, so there is no LocaleMiddleware to choose another language.
# Django's own catalogs translate the admin; locale/ holds the site's counted phrases, each
# in Arabic's six plural forms (zero, one, two, 3–10, 11–99, 100 and up), msgids in Arabic.
LANGUAGE_CODE = "ar"
TIME_ZONE = "Africa/Tripoli"
FORMAT_MODULE_PATH = ["libya_archive.formats"]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Files browsers ask for at the site root (favicon.ico), served there by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "public"

# The API (libya_archive/api/) is public and read-only: JSON only (DRF's browsable pages
# carry inline scripts), no login, the schema by drf-spectacular, whose Swagger UI is
# served from drf-spectacular-sidecar's static files rather than a CDN.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "libya_archive.api.errors.api_exception_handler",
    # The one version there is: the schema view names its download after ?version=, and
    # an unlisted one (a line break in it would break the header) is ignored.
    "ALLOWED_VERSIONS": ["1"],
}
SPECTACULAR_SETTINGS = {
    # ASCII: the schema download is named after the title.
    "TITLE": "Libya news archive API",
    "DESCRIPTION": (
        "أرشيف أخبار ليبيا. "
        "Read-only JSON over the archive's articles, the actors and places they name, and its search. "
        "Articles are paged newest first by cursor (follow `next`); actors and places with `page` and "
        "`page_size` (at most 100). Feeds: `/feeds/articles/` and `/feeds/search/?q=…`; exports: "
        # In backticks: Swagger UI reads this as Markdown, where a bare <slug> is a tag it drops.
        "`/search/export.csv?q=…`, `/search/export.jsonl?q=…` and `/actors/<slug>/mentions.csv`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # drf-spectacular's own hook, the responses every operation may give (414, 503) and the
    # bound on a repeated filter.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "libya_archive.api.schema.responses_of_every_operation",
        "libya_archive.api.schema.repeats_of_every_filter",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "libya_archive.archive.models.Actor.Kind",
        "PlaceKindEnum": "libya_archive.archive.models.Place.Kind",
    },
}

# Bounds that keep a search fast however many articles match (docs/search.md): the count
# is exact up to SEARCH_COUNT_LIMIT (as Elasticsearch's track_total_hits), relevance ranks the
# newest SEARCH_RANK_LIMIT matches (and as many whose title holds the query; each is one
# search vector read), facets count the matches up to SEARCH_FACET_LIMIT (the newest, when
# there are more), and a whole search stops after SEARCH_TIMEOUT_MS.
SEARCH_COUNT_LIMIT = int(os.environ.get("SEARCH_COUNT_LIMIT", 10_000))
SEARCH_RANK_LIMIT = int(os.environ.get("SEARCH_RANK_LIMIT", 500))
SEARCH_FACET_LIMIT = int(os.environ.get("SEARCH_FACET_LIMIT", 10_000))
# The undated matches a date filter leaves out (or date order puts last) are counted up to this.
SEARCH_UNDATED_COUNT_LIMIT = 1_000
SEARCH_FACET_CACHE_SECONDS = 300
SEARCH_TIMEOUT_MS = int(os.environ.get("SEARCH_TIMEOUT_MS", 3000))
# Two articles whose bodies share this much of their runs of three words (Jaccard) are
# near-duplicates, shown once in search results (archive/near_duplicates.py; the measurement
# that chose it: docs/importing.md). After changing it: manage.py group_near_duplicates.
NEAR_DUPLICATE_RESEMBLANCE = 0.9
# The same under one headline in two papers within some days: a paper's copy of a story with
# a paragraph added or cut (one paper's headline on other days is a recurring report's).
NEAR_DUPLICATE_TITLE_RESEMBLANCE = 0.5
NEAR_DUPLICATE_TITLE_DAYS = 3
# Any statement of a web request (middleware.StatementTimeoutMiddleware) stops after this.
REQUEST_TIMEOUT_MS = int(os.environ.get("REQUEST_TIMEOUT_MS", 5000))
# The map of places (/places/map/) draws the places most named, this many at most.
PLACES_MAP_LIMIT = 500
# A filter may be repeated (actor=a&actor=b) this many times: each repeat is a condition to plan.
SEARCH_MAX_REPEATS = 10
# An editor's edit that may change more articles than this is re-linked by
# `manage.py relink_pending` rather than in the request (docs/decisions/relinking.md).
RELINK_AT_ONCE = 250

# "pages" keeps whole pages for readers who are not signed in (archive/page_cache.py), in
# each worker's memory: a page is served again until the archive changes, for at most
# PAGE_CACHE_SECONDS (0 turns the page cache off). PAGE_CACHE_MB bounds a worker's memory
# (an article page is 20–60 KB), PAGE_CACHE_ENTRIES how many pages it keeps.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
PAGE_CACHE_MB = int(os.environ.get("PAGE_CACHE_MB", 64))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "libya_archive.archive.page_cache.PageStore",
        "LOCATION": "pages",
        "OPTIONS": {
            "MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", 1000)),
            "MAX_BYTES": PAGE_CACHE_MB * 1024 * 1024,
        },
    },
}

# The addresses of the proxies in front (the TLS proxy): from them, and only them, the client's
# own address is read from X-Forwarded-For (login throttling counts failures by address).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# A browser that logged in to an account within this many days is not locked out of it by
# others' wrong passwords (login_throttling.known_login).
KNOWN_LOGIN_DAYS = int(os.environ.get("KNOWN_LOGIN_DAYS", 90))

LOGIN_REDIRECT_URL = "/saved/"
LOGOUT_REDIRECT_URL = "/"

# The folder `import_articles` reads when given no path, and the gazetteer editors start from.
SEEDS_DIR = BASE_DIR / "seeds"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The web page readers log each page they cannot parse ("lxml parsing failed"), which the
    # import already reports by file, with its reason.
    "loggers": {name: {"level": "CRITICAL"} for name in ("trafilatura", "htmldate")},
}
