"""Where a query runs: the primary, or the read replica for heavy read-only pages.

Configured by ``DATABASE_REPLICA_URL`` (``DATABASES["replica"]``). Without it every query runs
on the primary and nothing here has any effect.

The rule, in one place:

- writes always go to the primary (``db_for_write``);
- a read goes to the replica only inside a view marked :func:`baca_replika` (dashboards, reports,
  the recap, exports), only while no transaction is open on the primary, only until the request
  writes anything, and only when the user's own last write is older than
  ``SIDAMPING_REPLIKA_JEDA`` seconds (the session is pinned to the primary right after a write,
  so a TKSK who just saved a household never sees a replica that lags behind).

``TulisPinMiddleware`` records that last write in the session for every unsafe request.
"""

from __future__ import annotations

import contextvars
import functools
import time

from django.conf import settings
from django.db import connections

REPLIKA = "replica"

# Session defaults every connection needs, set on the database (not as libpq ``options``, which
# PgBouncer refuses). pgtrigger.ignore: django-pghistory's triggers read it on every row and
# PostgreSQL raises and catches an error per row when it is unset (about 12x slower bulk writes).
# jit=off: compiling cost more than it saved for this app's short aggregate queries. Applied by
# migration tksk 0007 and again after ``manage.py pulihkan`` (a restore does not carry it).
SQL_PENGATURAN = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET "pgtrigger.ignore" = %L', current_database(), '{}');
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'Sidamping: jalankan sebagai pemilik basis data: ALTER DATABASE % SET "pgtrigger.ignore" = ''{}''; '
        'ALTER DATABASE % SET jit = off;', current_database(), current_database();
END
$$;
SET "pgtrigger.ignore" = '{}';
SET jit = off;
"""
SQL_PENGATURAN_BALIK = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET "pgtrigger.ignore"', current_database());
    EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
END
$$;
"""


def terapkan_pengaturan_basis_data(using: str = "default") -> None:
    with connections[using].cursor() as c:
        c.execute(SQL_PENGATURAN)
KUNCI_SESI = "sidamping_primer_sampai"

# True while a view marked baca_replika runs and may read from the replica.
_boleh_replika: contextvars.ContextVar[bool] = contextvars.ContextVar("sidamping_boleh_replika", default=False)


def replika_ada() -> bool:
    return REPLIKA in settings.DATABASES


def _jeda() -> int:
    return getattr(settings, "SIDAMPING_REPLIKA_JEDA", 30)


def sesi_terpin(request) -> bool:
    """True when this session wrote recently and must read its own writes from the primary."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    return float(session.get(KUNCI_SESI, 0)) > time.time()


def alias_baca_kini() -> str:
    """Alias for raw SQL and explicit transactions of a read that the router would send (see rule)."""
    if _boleh_replika.get() and replika_ada() and not connections["default"].in_atomic_block:
        return REPLIKA
    return "default"


def alias_baca(request) -> str:
    """Database alias for a long read that runs outside the view (a streamed export)."""
    if replika_ada() and not sesi_terpin(request):
        return REPLIKA
    return "default"


def baca_replika(view):
    """Mark a read-only view whose reads may be served by the replica (see module docstring)."""

    @functools.wraps(view)
    def _view(request, *args, **kwargs):
        if not replika_ada() or request.method not in ("GET", "HEAD") or sesi_terpin(request):
            return view(request, *args, **kwargs)
        token = _boleh_replika.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _boleh_replika.reset(token)

    return _view


class RouterReplika:
    """Django database router implementing the rule above."""

    def db_for_read(self, model, **hints):
        alias = alias_baca_kini()
        return None if alias == "default" else alias

    def db_for_write(self, model, **hints):
        # From the first write on, this request reads its own writes from the primary.
        if _boleh_replika.get():
            _boleh_replika.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class TulisPinMiddleware:
    """After an unsafe request (POST, …) the session reads from the primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            replika_ada()
            and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
            and getattr(request, "session", None) is not None
            and getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            request.session[KUNCI_SESI] = time.time() + _jeda()
        return response
