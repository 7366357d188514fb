"""Generate a large synthetic registry for benchmarks: ``manage.py buat_data_sintetis --keluarga 100000``.

Use a separate database (e.g. ``SIDAMPING_DB_NAME=sidamping_bench``), never the working one.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pmks.sintetis import tulis_massal
from tksk.models import Pengguna, Peran, Wilayah


class Command(BaseCommand):
    help = "Membuat registri SINTETIS dalam jumlah besar (untuk uji kinerja) memakai COPY."

    def add_arguments(self, parser):
        parser.add_argument("--keluarga", type=int, required=True, help="jumlah keluarga yang dibuat")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--izinkan-db-utama", action="store_true",
            help="izinkan menulis ke basis data bernama 'sidamping' (biasanya JANGAN)",
        )

    def handle(self, *args, keluarga, seed, batch, izinkan_db_utama, **options):
        nama_db = settings.DATABASES["default"]["NAME"]
        if nama_db == "sidamping" and not izinkan_db_utama:
            raise CommandError(
                "Menolak menulis data sintetis ke basis data kerja 'sidamping'. Pakai basis data terpisah, "
                "mis. SIDAMPING_DB_NAME=sidamping_bench (lihat README), atau --izinkan-db-utama."
            )
        if keluarga <= 0:
            raise CommandError("--keluarga harus lebih dari 0.")
        pengguna, _ = Pengguna.objects.get_or_create(
            username="data.sintetis",
            defaults={"peran": Peran.DINSOS, "wilayah": Wilayah.objects.filter(kode="35.74").first(),
                      "first_name": "Generator data sintetis", "is_active": False},
        )
        mulai = time.perf_counter()

        def progres(total):
            self.stdout.write(
                f"  {total['keluarga']:>8} keluarga, {total['anggota']:>8} anggota, "
                f"{total['klasifikasi']:>8} klasifikasi  ({time.perf_counter() - mulai:.1f} s)"
            )

        total = tulis_massal(jumlah=keluarga, pengguna_id=pengguna.pk, seed=seed, batch=batch,
                             catatan="DATA SINTETIS", progres=progres)
        self.stdout.write(self.style.SUCCESS(
            f"Selesai: {total['keluarga']} keluarga, {total['anggota']} anggota, {total['klasifikasi']} klasifikasi "
            f"dalam {time.perf_counter() - mulai:.1f} s (basis data {nama_db})."
        ))
