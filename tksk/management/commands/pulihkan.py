"""Restore a backup made by ``cadangkan`` (see tksk/cadangan.py): checksums first, then the database
(into an empty one unless --paksa), then the files, then the row counts are compared.

    python manage.py pulihkan /srv/cadangan/sidamping-20261201-020000.tar
    SIDAMPING_CADANGAN_IDENTITAS='AGE-SECRET-KEY-1…' python manage.py pulihkan …tar.age
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tksk.cadangan import GagalCadangan, cadangan_pulihkan


class Command(BaseCommand):
    help = "Memulihkan cadangan Sidamping (basis data + berkas) setelah semua checksum diperiksa."

    def add_arguments(self, parser):
        parser.add_argument("arsip", type=Path)
        parser.add_argument(
            "--paksa", action="store_true", help="ganti isi basis data yang tidak kosong dan berkas yang berbeda"
        )

    def handle(self, *args, arsip: Path, paksa: bool, **options):
        try:
            identitas = os.environ.get("SIDAMPING_CADANGAN_IDENTITAS")
            hasil = cadangan_pulihkan(arsip=arsip, identitas=identitas, paksa=paksa)
        except GagalCadangan as exc:
            raise CommandError(str(exc)) from exc
        m = hasil.manifest
        self.stdout.write(
            f"Dipulihkan: cadangan {m['dibuat_pada']}, {len(m['jumlah_baris'])} tabel "
            f"({sum(m['jumlah_baris'].values())} baris, jumlah sama dengan manifest), {hasil.jumlah_berkas} berkas."
        )
