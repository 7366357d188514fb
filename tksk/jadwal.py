"""The daily scan's registry: apps register functions that the 07:00 (Asia/Jakarta) job calls.

An app registers in its ``AppConfig.ready()``::

    from tksk import jadwal
    jadwal.daftarkan_pindaian("aduan_tenggat", aduan_pindai_tenggat)   # fungsi(sekarang: datetime) -> int

Each function gets the scan's time (aware, the scheduled 07:00 when run by the periodic job) and
must be idempotent: the job may run twice (a retry, an operator running ``manage.py pindai_harian``)
and must then create nothing new. Notifications through ``tksk.notifikasi.beri_tahu`` with a
``kunci`` naming the event are idempotent by construction. It returns how many things it did
(for the log). One function failing does not stop the others; the job then fails and is retried.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import transaction

log = logging.getLogger(__name__)

Pindaian = Callable[[datetime], int | None]
_pindaian: dict[str, Pindaian] = {}


def daftarkan_pindaian(nama: str, fungsi: Pindaian) -> None:
    _pindaian[nama] = fungsi


def pindaian_terdaftar() -> dict[str, Pindaian]:
    return dict(_pindaian)


class PindaiGagal(Exception):
    """At least one registered scan raised; the others ran (and committed)."""


def jalankan_pindaian(sekarang: datetime) -> dict[str, int]:
    """Run every registered scan, each in its own transaction. Returns name → count."""
    hasil: dict[str, int] = {}
    gagal: list[str] = []
    for nama, fungsi in _pindaian.items():
        try:
            with transaction.atomic():
                hasil[nama] = int(fungsi(sekarang) or 0)
        except Exception:
            log.exception("Pindaian harian %s gagal", nama)
            gagal.append(nama)
    log.info("Pindaian harian %s: %s", sekarang.isoformat(), hasil)
    if gagal:
        raise PindaiGagal(f"Pindaian gagal: {', '.join(gagal)} (yang lain sudah berjalan).")
    return hasil
