"""Run the real procrastinate worker in tests (no fake queue): in-process until the queue is empty,
or as a separate process (``manage.py procrastinate worker``) against the test database.

The in-process worker runs its sync tasks in other threads, with their own database connections:
tests that use it must commit (``@pytest.mark.django_db(transaction=True)``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connections

AKAR = Path(__file__).resolve().parent.parent


def jalankan_pekerja(**opsi) -> None:
    """Run a worker until no job is ready (``wait=False``), like ``procrastinate worker --one-shot``.

    In a thread of its own: ``run_worker`` starts an event loop with ``asyncio.run()``, which refuses to run in
    a thread that already has one (Playwright's sync API leaves its loop in the test thread).
    """
    from procrastinate.contrib.django import app

    galat: list[BaseException] = []

    def kerja() -> None:
        try:
            # The same connector as ``manage.py procrastinate worker`` (its own psycopg pool).
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False, **opsi)
        except BaseException as e:  # re-raised in the test's thread
            galat.append(e)
        finally:
            connections.close_all()

    utas = threading.Thread(target=kerja, name="pekerja-uji")
    utas.start()
    utas.join()
    connections.close_all()
    if galat:
        raise galat[0]


def jalankan_async(fungsi):
    """``asyncio.run(fungsi())`` in a thread of its own (see ``jalankan_pekerja``); returns its result."""
    import asyncio

    hasil: list = []
    galat: list[BaseException] = []

    def kerja() -> None:
        try:
            hasil.append(asyncio.run(fungsi()))
        except BaseException as e:
            galat.append(e)
        finally:
            connections.close_all()

    utas = threading.Thread(target=kerja, name="async-uji")
    utas.start()
    utas.join()
    if galat:
        raise galat[0]
    return hasil[0]


def pekerja_proses(*argumen: str) -> subprocess.Popen:
    """``manage.py procrastinate worker`` in its own process group, on the test database."""
    env = {
        **os.environ,
        "SIDAMPING_DB_NAME": settings.DATABASES["default"]["NAME"],
        "SIDAMPING_TESTING": "1",
        "PYTHONUNBUFFERED": "1",
        # the test's own folders (pytest's settings fixture changes them only in this process)
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SIDAMPING_BERKAS_PRIVAT": str(settings.SIDAMPING_BERKAS_PRIVAT),
    }
    if env.get("DATABASE_URL"):  # never the configured database: the test database on the same server
        url = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path="/" + settings.DATABASES["default"]["NAME"]))
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", *argumen], cwd=AKAR, env=env,
        start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def tunggu(syarat, detik: float = 60.0, jeda: float = 0.05) -> bool:
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        if syarat():
            return True
        time.sleep(jeda)
    return False
