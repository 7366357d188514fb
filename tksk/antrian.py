"""The task queue (procrastinate, same PostgreSQL database): recovery of jobs whose worker died.

A worker beats every 10 s in ``procrastinate_workers``. A job left ``doing`` by a worker that is
gone (killed, OOM, machine lost: no beat for ``DETIK_PEKERJA_MATI`` s) is put back in the queue,
at most ``MAKS_PEMULIHAN`` times; after that it is marked failed (a job that kills its worker
every time must not loop). Run every minute by the periodic job ``tksk.pulihkan_tugas_macet``
and, with ``semua_berjalan=True``, by ``manage.py impor_pulihkan_macet --pekerja-mati`` when the
single development worker is (re)started by ``bin/run`` (then every ``doing`` job is dead).
"""

from __future__ import annotations

import logging

from django.db import connection, transaction

log = logging.getLogger(__name__)

DETIK_PEKERJA_MATI = 60
MAKS_PEMULIHAN = 2  # re-queued at most twice by this rule, then failed

_JOB_MATI = """
    SELECT job.id, job.attempts, job.task_name FROM procrastinate_jobs job
    LEFT JOIN procrastinate_workers w ON w.id = job.worker_id
    WHERE job.status = 'doing'
      AND (%(semua)s OR job.worker_id IS NULL OR w.last_heartbeat < NOW() - make_interval(secs => %(detik)s))
    ORDER BY job.id
    FOR UPDATE OF job SKIP LOCKED
"""


@transaction.atomic
def tugas_pulihkan_macet(*, semua_berjalan: bool = False, detik: float = DETIK_PEKERJA_MATI) -> tuple[int, int]:
    """Re-queue (or fail) the jobs of dead workers. Returns (re-queued, failed)."""
    with connection.cursor() as cur:
        cur.execute(_JOB_MATI, {"semua": semua_berjalan, "detik": detik})
        mati = cur.fetchall()
        diulang = digagalkan = 0
        for job_id, percobaan, nama in mati:
            if percobaan >= MAKS_PEMULIHAN:
                log.warning("Tugas %s (%s): pekerjanya mati %s kali; ditandai gagal", job_id, nama, percobaan + 1)
                cur.execute("SELECT procrastinate_finish_job_v1(%s, 'failed', false)", [job_id])
                digagalkan += 1
            else:
                log.warning("Tugas %s (%s): pekerjanya mati; diantrekan ulang", job_id, nama)
                cur.execute("SELECT procrastinate_retry_job_v2(%s, NOW(), NULL, NULL, NULL)", [job_id])
                diulang += 1
        # Workers that stopped beating: forget them (their jobs were handled above).
        cur.execute(
            "DELETE FROM procrastinate_workers"
            " WHERE %(semua)s OR last_heartbeat < NOW() - make_interval(secs => %(detik)s)",
            {"semua": semua_berjalan, "detik": detik},
        )
    return diulang, digagalkan
