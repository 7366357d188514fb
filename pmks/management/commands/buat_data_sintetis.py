"""Generate a province-shaped synthetic data set for benchmarks, with COPY.

    manage.py buat_data_sintetis --keluarga 100000          # add 100,000 households
    manage.py buat_data_sintetis --hingga 1000000           # make it 1,000,000 (adds only what is missing)
    manage.py buat_data_sintetis --hingga 250000 --wilayah 35.74   # one kota instead of Jawa Timur

Households are spread over every desa/kelurahan of ``--wilayah`` (default 35 = Jawa Timur, loaded
from the vendored region list when missing) with unequal, realistic sizes; every registered
generator of the higher apps adds its rows per batch (``pmks.ekstensi.pengisi_sintetis``:
proposals in every status, distributions, BNBA receipts, visits, follow-ups, referrals) unless
``--tanpa-bantuan``. History triggers are off for synthetic rows; the registry rollup is rebuilt
afterwards (``manage.py bangun_rollup``). Use a separate database (e.g.
``SIDAMPING_DB_NAME=sidamping_bench``), never the working one.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pmks import ekstensi
from pmks.management.commands.bangun_rollup import bangun_rollup
from pmks.models import Keluarga
from pmks.registri.sintetis_massal import tulis_massal
from tksk.models import Pengguna, Peran
from tksk.wilayah_indonesia import wilayah_muat

USERNAME = "data.sintetis"


def pengguna_sintetis() -> Pengguna:
    pengguna, _ = Pengguna.objects.get_or_create(
        username=USERNAME,
        defaults={"peran": Peran.ADMIN, "first_name": "Generator data sintetis", "is_active": False},
    )
    return pengguna


def jumlah_sintetis() -> int:
    return Keluarga.objects.filter(didaftarkan_oleh__username=USERNAME).count()


class Command(BaseCommand):
    help = "Membuat data SINTETIS sebesar satu provinsi (registri, bantuan, pendampingan) memakai COPY."

    def add_arguments(self, parser):
        jumlah = parser.add_mutually_exclusive_group(required=True)
        jumlah.add_argument("--keluarga", type=int, help="jumlah keluarga yang ditambahkan")
        jumlah.add_argument("--hingga", type=int, help="jumlah keluarga sintetis yang diinginkan (idempoten)")
        parser.add_argument("--wilayah", default="35", help="kode provinsi/kab/kota (bawaan 35 = Jawa Timur)")
        parser.add_argument("--tanpa-bantuan", action="store_true", help="registri saja")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=20000)
        parser.add_argument(
            "--izinkan-db-utama", action="store_true",
            help="izinkan menulis ke basis data bernama 'sidamping' (biasanya JANGAN)",
        )

    def handle(self, *args, keluarga, hingga, wilayah, tanpa_bantuan, seed, batch, izinkan_db_utama, **options):
        nama_db = settings.DATABASES["default"]["NAME"]
        if nama_db == "sidamping" and not izinkan_db_utama:
            raise CommandError(
                "Menolak menulis data sintetis ke basis data kerja 'sidamping'. Pakai basis data terpisah, "
                "mis. SIDAMPING_DB_NAME=sidamping_bench (lihat README), atau --izinkan-db-utama."
            )
        ada = jumlah_sintetis()
        tambah = keluarga if keluarga is not None else (hingga or 0) - ada
        if keluarga is not None and keluarga <= 0 or hingga is not None and hingga <= 0:
            raise CommandError("Jumlah keluarga harus lebih dari 0.")
        if tambah <= 0:
            self.stdout.write(f"Sudah ada {ada:,} keluarga sintetis (≥ {hingga:,}): tidak ada yang ditambahkan.")
            return
        try:  # the whole area's regions (adds only what is missing)
            wilayah_muat(awalan=[wilayah])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        pengguna = pengguna_sintetis()
        pengisi = [] if tanpa_bantuan else ekstensi.pengisi_sintetis()
        mulai = time.perf_counter()

        def progres(total):
            rinci = ", ".join(f"{v:,} {k}" for k, v in total.items())
            self.stdout.write(f"  {rinci}  ({time.perf_counter() - mulai:.1f} s)")

        # a re-run continues the random stream elsewhere: new households, not copies of the first run's
        total = tulis_massal(jumlah=tambah, pengguna_id=pengguna.pk, seed=seed + ada, seed_sebaran=seed, batch=batch,
                             catatan="DATA SINTETIS", progres=progres, awalan=wilayah, pengisi=pengisi,
                             catat=lambda teks: self.stdout.write(f"  {teks}  ({time.perf_counter() - mulai:.1f} s)"))
        # COPY ran with triggers off: the registry rollup is rebuilt from scratch (pmks.models.rollup)
        t_rollup = time.perf_counter()
        n_rollup = bangun_rollup()
        self.stdout.write(f"  rollup registri: {n_rollup:,} baris ({time.perf_counter() - t_rollup:.1f} s)")
        rinci = ", ".join(f"{v:,} {k}" for k, v in total.items())
        self.stdout.write(self.style.SUCCESS(
            f"Selesai: {rinci} dalam {time.perf_counter() - mulai:.1f} s (wilayah {wilayah}, basis data {nama_db})."
        ))
