"""Shared fixtures: wilayah, the personas every test story uses, and the browser harness.

Personas (STYLE.md §14): TKSK Kanigaran, TKSK Mayangan, Staf Dinsos (Kota Probolinggo),
Pejabat Kota, Pejabat Kanigaran, Administrator.
"""

from __future__ import annotations

import os

import pytest

from tests.factories import PenggunaFactory, wilayah

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# there unless told this is fine (the live server runs in its own thread anyway).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

KODE = {
    "kota": "35.74",
    "kanigaran": "35.74.04",
    "mayangan": "35.74.03",
    "kel_kanigaran": "35.74.04.1003",  # Kelurahan Kanigaran
    "kel_sukoharjo": "35.74.04.1002",
    "kel_mayangan": "35.74.03.1001",  # Kelurahan Mayangan
}


def muat_data_referensi() -> None:
    """Re-load the reference data of the data migrations (idempotent).

    Transactional tests (browser tests) flush the database afterwards, which also removes
    data-migration rows; the next transactional test calls this to get them back.
    """
    from importlib import import_module

    from django.apps import apps

    for modul in ("tksk.migrations.0002_muat_wilayah_probolinggo", "pmks.migrations.0002_muat_jenis_pmks"):
        import_module(modul).muat(apps, None)


@pytest.fixture(autouse=True)
def _data_referensi(request):
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        muat_data_referensi()


@pytest.fixture
def kota(db):
    return wilayah(KODE["kota"])


@pytest.fixture
def kec_kanigaran(db):
    return wilayah(KODE["kanigaran"])


@pytest.fixture
def kec_mayangan(db):
    return wilayah(KODE["mayangan"])


@pytest.fixture
def kel_kanigaran(db):
    return wilayah(KODE["kel_kanigaran"])


@pytest.fixture
def kel_sukoharjo(db):
    return wilayah(KODE["kel_sukoharjo"])


@pytest.fixture
def kel_mayangan(db):
    return wilayah(KODE["kel_mayangan"])


PERSONA = {  # username, role, region code (None: the administrator, no region)
    "tksk_kanigaran": ("tksk.kanigaran", "tksk", KODE["kanigaran"]),
    "tksk_mayangan": ("tksk.mayangan", "tksk", KODE["mayangan"]),
    "dinsos": ("dinsos", "dinsos", KODE["kota"]),
    "pejabat_kota": ("pejabat.kota", "pejabat", KODE["kota"]),
    "pejabat_kanigaran": ("pejabat.kanigaran", "pejabat", KODE["kanigaran"]),
    "admin_user": ("admin", "admin", None),
}


def persona(nama: str):
    """The persona ``nama`` (a key of PERSONA); the same row the function fixture of that name gives."""
    username, peran, kode = PERSONA[nama]
    if kode is None:
        return PenggunaFactory(username=username, peran=peran, wilayah=None, is_staff=True, is_superuser=True)
    return PenggunaFactory(username=username, peran=peran, wilayah=wilayah(kode))


@pytest.fixture
def tksk_kanigaran(db):
    return persona("tksk_kanigaran")


@pytest.fixture
def tksk_mayangan(db):
    return persona("tksk_mayangan")


@pytest.fixture
def dinsos(db):
    return persona("dinsos")


@pytest.fixture
def pejabat_kota(db):
    return persona("pejabat_kota")


@pytest.fixture
def pejabat_kanigaran(db):
    return persona("pejabat_kanigaran")


@pytest.fixture
def admin_user(db):
    return persona("admin_user")


def data_modul(request, django_db_blocker, bangun):
    """A module-scoped fixture's body: ``yield from data_modul(request, django_db_blocker, bangun)``.

    Generated data sets take 15–45 s to build; built per test they were a third of the suite's time.
    ``bangun()`` runs once per module inside a transaction that stays open while the module's tests
    run (each test's own transaction is a savepoint inside it, rolled back after the test as usual)
    and is rolled back after the module's last test, so nothing leaks into other modules.

    Only for modules whose tests are all plain ``django_db`` tests: a transactional test would run
    inside that open transaction. Mark such a module ``xdist_group`` so one worker builds its data once.
    """
    from django.db import transaction

    for item in request.session.items:
        if item.module is request.module and _transaksional(item):
            raise pytest.UsageError(f"{item.nodeid}: transactional test in a module with module-scoped data")
    with django_db_blocker.unblock():
        atomik = transaction.atomic()
        atomik.__enter__()
        try:
            hasil = bangun()
        except BaseException as exc:
            atomik.__exit__(type(exc), exc, exc.__traceback__)
            raise
    try:
        yield hasil
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomik.__exit__(None, None, None)


def _transaksional(item) -> bool:
    penanda = item.get_closest_marker("django_db")
    if penanda and (penanda.kwargs.get("transaction") or penanda.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture
def personas(
    tksk_kanigaran, tksk_mayangan, dinsos, pejabat_kota, pejabat_kanigaran, admin_user
) -> dict:
    """All personas by name, for URL × role matrix tests (see tests/akses.py)."""
    return {
        "tksk_kanigaran": tksk_kanigaran,
        "tksk_mayangan": tksk_mayangan,
        "dinsos": dinsos,
        "pejabat_kota": pejabat_kota,
        "pejabat_kanigaran": pejabat_kanigaran,
        "admin": admin_user,
    }


def pytest_collection_modifyitems(config, items):
    """Browser tests need /usr/bin/chromium; skip them LOUDLY when it is missing."""
    if os.path.exists("/usr/bin/chromium"):
        return
    skip = pytest.mark.skip(reason="!!! /usr/bin/chromium tidak ada: uji browser DILEWATI (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# --- Browser harness ---------------------------------------------------------------------
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh desktop-sized page; ``page.base_url`` is the live server's address."""
    context = _browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def phone_page(_browser, live_server):
    """A fresh page at phone size (360 × 800, touch), as a TKSK in the field uses it."""
    context = _browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 360, "height": 800},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


def login_browser(page, username: str, password: str | None = None) -> None:
    """Log in through the real login form."""
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password or PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")
