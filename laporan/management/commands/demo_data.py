"""Create the DEMO data set: accounts, then each app's demo records (idempotent).

Each app keeps its demo records in a ``demo.py`` module with ``isi_demo(stdout)``; they run in
dependency order (tksk → pmks → pendampingan → bantuan → laporan). The command lives in laporan,
the top of that order, so it may import every app below it. Running it twice changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

import bantuan.aduan.demo
import bantuan.demo
import pmks.pendampingan.demo
import pmks.registri.demo
import tksk.demo
from laporan import demo as laporan_demo

# Dependency order; pendampingan needs the pmks demo households, bantuan and laporan need both.
URUTAN = [
    ("tksk", tksk.demo),
    ("pmks", pmks.registri.demo),
    ("pmks.pendampingan", pmks.pendampingan.demo),
    ("bantuan", bantuan.demo),
    ("bantuan.aduan", bantuan.aduan.demo),
    ("laporan", laporan_demo),
]


class Command(BaseCommand):
    help = "Membuat data DEMO (akun demo, keluarga, program, usulan, kunjungan). Hanya untuk uji coba."

    def handle(self, *args, **options):
        for nama, modul in URUTAN:
            modul.isi_demo(stdout=self.stdout)
            self.stdout.write(f"  data demo {nama}: siap")
        self.stdout.write(
            self.style.WARNING(
                "DATA DEMO — akun: admin, dinsos, pejabat.kota, pejabat.kanigaran, tksk.kanigaran, "
                "tksk.mayangan, tksk.kademangan, tksk.kedopok, tksk.wonoasih; "
                f"kata sandi semua akun demo: {settings.SIDAMPING_DEMO_PASSWORD}"
            )
        )
