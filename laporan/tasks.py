"""Background jobs of reports (procrastinate; worker: ``manage.py procrastinate worker``).

``laporan.susun_rekap`` composes a recap too large for a request (a province): figures, PDF,
stored on its ``DokumenRekap`` row, then a notification. Queued by ``services.rekap_minta`` with a
queueing lock per row; a job whose worker died is re-queued by ``tksk.pulihkan_tugas_macet`` and
composes the recap again (the service is idempotent: a finished row is left alone).
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from . import services


@app.task(name="laporan.susun_rekap")
def susun_rekap(rekap_id: int) -> str:
    rekap = services.rekap_susun(rekap_id=rekap_id)
    return rekap.status if rekap else "dilewati"
