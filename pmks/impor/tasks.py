"""Background tasks of imports (procrastinate; worker: ``manage.py procrastinate worker``).

An import task that raised is retried (``COBA_ULANG``); the stage functions themselves mark an
import failed on any error in the file, so what is retried is a crash outside them (the database
gone for a moment). A task whose worker died is re-queued by ``tksk.tasks.pulihkan_tugas_macet``
and runs again only while its import is still in the stage it was queued for. Every minute,
``impor_tandai_macet`` applies the imports' own stale rule (heartbeat) as well.
"""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import services
from .notifikasi import beri_tahu_impor

COBA_ULANG = RetryStrategy(max_attempts=3, wait=10)


# ``latar=False``: called in the request (a small file): the user sees the outcome, no notification.
@app.task(name="pmks.periksa_impor", retry=COBA_ULANG)
def periksa_impor(impor_id: int, latar: bool = True) -> str:
    impor = services.impor_periksa(impor_id=impor_id)
    if latar:
        beri_tahu_impor(impor)
    return impor.status


@app.task(name="pmks.simpan_impor", retry=COBA_ULANG)
def simpan_impor(impor_id: int, latar: bool = True) -> str:
    impor = services.impor_simpan(impor_id=impor_id)
    if latar:
        beri_tahu_impor(impor)
    return impor.status


@app.periodic(cron="* * * * *", periodic_id="impor_tandai_macet")
@app.task(name="pmks.impor_tandai_macet", queueing_lock="impor_tandai_macet")
def impor_tandai_macet(timestamp: int) -> int:
    return services.impor_tandai_macet()
