"""Background jobs of tksk (procrastinate; worker: ``manage.py procrastinate worker``, see bin/run).

- ``kirim_notifikasi``: deliver one notification on one extra channel (e-mail …), retried.
- ``pindai_harian``: 07:00 Asia/Jakarta every day, runs the scans registered in ``tksk.jadwal``.
- ``terapkan_retensi``: 02:30 Asia/Jakarta every day, removes what is past retention (``tksk.retensi``).
- ``pulihkan_tugas_macet``: every minute, jobs left "doing" by a dead worker go back to the queue
  (``tksk.antrian``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import antrian, jadwal, notifikasi, retensi

# Procrastinate reads cron expressions in UTC; Asia/Jakarta is UTC+7 all year (no daylight saving).
CRON_PINDAI_HARIAN = "0 0 * * *"  # 00:00 UTC = 07:00 WIB
CRON_RETENSI = "30 19 * * *"  # 19:30 UTC = 02:30 WIB, when nobody works (a partition drop locks briefly)

COBA_ULANG_KIRIM = RetryStrategy(max_attempts=6, exponential_wait=5)  # waits 5 s, 25 s, 2 min, …


@app.task(name="tksk.kirim_notifikasi", retry=COBA_ULANG_KIRIM)
def kirim_notifikasi(notifikasi_id: int, kanal: str) -> bool:
    return notifikasi.notifikasi_kirim(notifikasi_id=notifikasi_id, kanal=kanal)


@app.periodic(cron=CRON_PINDAI_HARIAN, periodic_id="pindai_harian")
@app.task(name="tksk.pindai_harian", queueing_lock="pindai_harian", retry=RetryStrategy(max_attempts=3, wait=300))
def pindai_harian(timestamp: int) -> dict[str, int]:
    return jadwal.jalankan_pindaian(datetime.fromtimestamp(timestamp, tz=UTC))


@app.periodic(cron="* * * * *", periodic_id="pulihkan_tugas_macet")
@app.task(name="tksk.pulihkan_tugas_macet", queueing_lock="pulihkan_tugas_macet")
def pulihkan_tugas_macet(timestamp: int) -> list[int]:
    return list(antrian.tugas_pulihkan_macet())


@app.periodic(cron=CRON_RETENSI, periodic_id="terapkan_retensi")
@app.task(name="tksk.terapkan_retensi", queueing_lock="terapkan_retensi", retry=RetryStrategy(max_attempts=3, wait=600))
def terapkan_retensi(timestamp: int) -> dict[str, int]:
    """Drop/anonymise what is past retention (``tksk.retensi``); idempotent, so a retry is harmless."""
    return {h.kode: h.baris for h in retensi.terapkan_retensi()}
