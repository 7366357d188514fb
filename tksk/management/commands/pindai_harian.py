"""Run the daily scan now (what the worker's 07:00 WIB job does): ``python manage.py pindai_harian``.

Every registered scan is idempotent, so running it again (or after the periodic job) creates nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from tksk.jadwal import jalankan_pindaian


class Command(BaseCommand):
    help = "Jalankan pindaian harian (pengingat tindak lanjut, tenggat aduan, …) sekarang."

    def handle(self, *args, **opts):
        for nama, jumlah in jalankan_pindaian(timezone.now()).items():
            self.stdout.write(f"{nama}: {jumlah}")
