"""Background jobs of pmks itself (procrastinate, autodiscovered; the duplicate scan's are in
``pmks.ganda.tasks``).

- ``pmks.kamus_nama_bersihkan``: queued by the daily scan (``tksk.jadwal``, 07:00 WIB), removes the
  name dictionary's spellings nobody carries any more (``pmks.models.cari.kamus_nama_bersihkan``). In
  the worker, not in the scan's transaction: each batch commits on its own, so name writes wait for
  one batch at most.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from pmks.models.cari import kamus_nama_bersihkan


@app.task(name="pmks.kamus_nama_bersihkan", queueing_lock="kamus_nama_bersihkan",
          retry=RetryStrategy(max_attempts=3, wait=600))
def kamus_nama_bersihkan_tugas() -> int:
    return kamus_nama_bersihkan()


def kamus_nama_antrekan(sekarang: datetime) -> int:
    """``tksk.jadwal`` entry: queue the clean-up (1), or nothing when one is already waiting (0)."""
    try:
        with transaction.atomic():  # a refused insert must not break the caller's transaction
            kamus_nama_bersihkan_tugas.defer()
    except AlreadyEnqueued:
        return 0
    return 1
