"""Recover background work whose worker died, then imports stuck in their running status.

    python manage.py impor_pulihkan_macet                 # jobs of workers silent > 60 s; heartbeat rule
    python manage.py impor_pulihkan_macet --pekerja-mati  # no worker is alive: every running job is dead

First, jobs the queue (procrastinate) still has as "doing" under a dead worker are put back in
the queue (``tksk.antrian.tugas_pulihkan_macet``; a job that lost its worker twice is failed), so a
killed import is retried. Then the imports' own rule (``impor_tandai_macet``) marks what is left:
a check whose job is gone becomes *gagal*, a save goes back to *siap*. ``bin/run`` runs it with
``--pekerja-mati`` each time it (re)starts its single worker. With several workers (production)
nothing needs to run it: the worker's periodic jobs do the same every minute.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from pmks.impor.services import impor_tandai_macet
from tksk.antrian import tugas_pulihkan_macet


class Command(BaseCommand):
    help = "Antrekan ulang tugas latar yang pekerjanya mati, lalu tandai impor yang macet."

    def add_arguments(self, parser):
        parser.add_argument("--pekerja-mati", action="store_true",
                            help="tidak ada worker lain yang hidup: tugas yang berstatus 'doing' dianggap mati")

    def handle(self, *args, pekerja_mati: bool = False, **opts):
        diulang, digagalkan = tugas_pulihkan_macet(semua_berjalan=pekerja_mati)
        n = impor_tandai_macet(pekerja_mati=pekerja_mati)
        self.stdout.write(
            f"{diulang} tugas diantrekan ulang, {digagalkan} tugas ditandai gagal; {n} impor macet dihentikan."
        )
