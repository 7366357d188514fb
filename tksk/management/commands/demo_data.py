"""Create the DEMO data set: accounts, then each app's demo records (idempotent).

Apps contribute through a ``demo.py`` module with ``isi_demo(stdout)``; they run in
dependency order (tksk → pmks → bantuan → laporan). Running the command twice changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand

# Demo modules in dependency order; "pmks.pendampingan" needs the pmks demo households.
URUTAN_APP = ["tksk", "pmks", "pmks.pendampingan", "bantuan", "bantuan.aduan", "laporan"]


class Command(BaseCommand):
    help = "Membuat data DEMO (akun demo, keluarga, program, usulan, kunjungan). Hanya untuk uji coba."

    def handle(self, *args, **options):
        for app in URUTAN_APP:
            if find_spec(f"{app}.demo") is None:
                continue
            import_module(f"{app}.demo").isi_demo(stdout=self.stdout)
            self.stdout.write(f"  data demo {app}: siap")
        self.stdout.write(
            self.style.WARNING(
                "DATA DEMO — akun: admin, dinsos, pejabat.kota, pejabat.kanigaran, tksk.kanigaran, "
                "tksk.mayangan, tksk.kademangan, tksk.kedopok, tksk.wonoasih; "
                f"kata sandi semua akun demo: {settings.SIDAMPING_DEMO_PASSWORD}"
            )
        )
