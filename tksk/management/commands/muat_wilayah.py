"""Load Kemendagri regions from the vendored idn-area-data list (idempotent).

    python manage.py muat_wilayah 35.74          # one kota, with its province
    python manage.py muat_wilayah 35 33.74       # a whole province and another kota
    python manage.py muat_wilayah semua          # all of Indonesia (91,599 regions, a few seconds)
    python manage.py muat_wilayah 35 --perbarui-nama   # also take the list's names for existing codes

Without arguments it loads the areas in ``SIDAMPING_WILAYAH`` (default ``35.74``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tksk.wilayah_indonesia import VERSI_DATA, wilayah_muat


class Command(BaseCommand):
    help = "Memuat wilayah Kemendagri (provinsi s.d. desa/kelurahan) dari data idn-area-data yang disertakan."

    def add_arguments(self, parser):
        parser.add_argument("kode", nargs="*", help="kode wilayah (mis. 35 atau 35.74) atau 'semua'")
        parser.add_argument(
            "--perbarui-nama", action="store_true", help="samakan nama wilayah yang sudah ada dengan daftar"
        )

    def handle(self, *args, kode: list[str], perbarui_nama: bool, **options):
        awalan = kode or settings.SIDAMPING_WILAYAH
        try:
            hasil = wilayah_muat(awalan=awalan, perbarui_nama=perbarui_nama)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        rinci = ", ".join(f"{n} {t}" for t, n in sorted(hasil.dibuat.items())) or "tidak ada yang baru"
        self.stdout.write(
            f"Wilayah {' '.join(awalan)} ({VERSI_DATA}): dibuat {hasil.jumlah_dibuat} ({rinci}); "
            f"sudah ada {hasil.sudah_ada}; nama diperbarui {hasil.diperbarui}."
        )
