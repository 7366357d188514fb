"""Back up the database, uploads and import files into one dated archive (see tksk/cadangan.py).

    python manage.py cadangkan                      # into SIDAMPING_CADANGAN_FOLDER (default .data/cadangan)
    python manage.py cadangkan --tujuan /srv/cadangan --simpan 14   # keep the 14 newest archives

Encrypted with age when SIDAMPING_CADANGAN_PENERIMA (a public key age1…) is set.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tksk.cadangan import GagalCadangan, cadangan_buat, cadangan_pangkas


class Command(BaseCommand):
    help = "Membuat cadangan basis data, berkas unggahan dan berkas impor dalam satu arsip bertanggal."

    def add_arguments(self, parser):
        parser.add_argument("--tujuan", type=Path, default=None, help="folder arsip cadangan")
        parser.add_argument("--simpan", type=int, default=0, help="simpan N arsip terbaru, hapus yang lebih lama")

    def handle(self, *args, tujuan: Path | None, simpan: int, **options):
        tujuan = tujuan or Path(settings.SIDAMPING_CADANGAN_FOLDER)
        try:
            arsip = cadangan_buat(tujuan=tujuan, penerima=settings.SIDAMPING_CADANGAN_PENERIMA or None)
        except GagalCadangan as exc:
            raise CommandError(str(exc)) from exc
        dihapus = cadangan_pangkas(tujuan=tujuan, simpan=simpan) if simpan > 0 else []
        self.stdout.write(f"Cadangan dibuat: {arsip} ({arsip.stat().st_size:,} byte)".replace(",", "."))
        for lama in dihapus:
            self.stdout.write(f"  dihapus (lebih lama dari {simpan} terbaru): {lama.name}")
