"""Background jobs of the duplicate scan (procrastinate; worker: ``manage.py procrastinate worker``).

The daily scan (``tksk.jadwal``, 07:00 WIB) and Dinas Sosial's "Pindai sekarang" both queue one
job per kab/kota (``pmks.ganda_pindai_kabkota``); a queueing lock per kab/kota keeps a second
request from queueing the same scan twice while one waits. The scan itself is idempotent.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from . import pindai

log = logging.getLogger(__name__)


@app.task(name="pmks.ganda_pindai_kabkota", retry=RetryStrategy(max_attempts=3, wait=60))
def ganda_pindai_kabkota(kode: str) -> int:
    mulai = time.monotonic()
    baru = pindai.pindai_kabkota(kode)
    log.info("Pindai duplikat %s: %s pasangan baru dalam %.1f s", kode, baru, time.monotonic() - mulai)
    return baru


def antrekan_pindai(kode_kabkota: list[str]) -> int:
    """Queue the scan of each kab/kota (not yet queued); returns how many jobs were queued."""
    jumlah = 0
    for kode in kode_kabkota:
        try:
            with transaction.atomic():  # a refused insert must not break the caller's transaction
                ganda_pindai_kabkota.configure(queueing_lock=f"ganda_pindai:{kode}").defer(kode=kode)
            jumlah += 1
        except AlreadyEnqueued:
            pass
    return jumlah


def pindai_harian(sekarang: datetime) -> int:
    """``tksk.jadwal`` entry: queue the scan of every kab/kota (the work runs in the worker)."""
    return antrekan_pindai(pindai.kode_kabkota_semua())
