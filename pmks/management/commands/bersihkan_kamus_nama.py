"""Remove the name dictionary's spellings nobody carries any more, now (what the daily job queues):
``python manage.py bersihkan_kamus_nama``. Idempotent; safe while the application runs."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from pmks.models.cari import BATCH_BERSIHKAN, kamus_nama_bersihkan


class Command(BaseCommand):
    help = (
        "Hapus ejaan di kamus nama yang tidak dipakai lagi oleh anggota mana pun "
        "(per batch, aman saat aplikasi berjalan)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BATCH_BERSIHKAN,
                            help=f"Baris kamus yang diperiksa per batch (bawaan {BATCH_BERSIHKAN}).")

    def handle(self, *args, batch: int, **opts):
        jumlah = kamus_nama_bersihkan(batch=batch)
        self.stdout.write(f"Kamus nama: {jumlah} ejaan yang tidak dipakai lagi dihapus.")
