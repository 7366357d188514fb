"""Take imports whose process died out of their running status (run before starting the worker).

    python manage.py impor_pulihkan_macet                 # heartbeat rule only (safe any time)
    python manage.py impor_pulihkan_macet --pekerja-mati  # also: tasks a dead worker was running

``bin/run`` calls it with ``--pekerja-mati`` each time it (re)starts its single ``db_worker``:
at that moment no worker is alive, so a task still marked as running belongs to a dead one. With
several workers (production), run it without the flag (e.g. from a timer); the status page
applies the same rule whenever an import is read.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from pmks.impor.services import impor_tandai_macet


class Command(BaseCommand):
    help = "Tandai impor yang prosesnya mati (tidak lagi 'memeriksa'/'menyimpan' selamanya)."

    def add_arguments(self, parser):
        parser.add_argument("--pekerja-mati", action="store_true",
                            help="tidak ada worker lain yang hidup: tugas berstatus RUNNING dianggap mati")

    def handle(self, *args, pekerja_mati: bool = False, **opts):
        n = impor_tandai_macet(pekerja_mati=pekerja_mati)
        self.stdout.write(f"{n} impor macet dihentikan.")
