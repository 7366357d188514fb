"""How long the import pages take after one large junk upload. Prints figures.

Run it on its own database, never on real data (it empties the import history):

    runuser -u postgres -- createdb -h .data/pg-run -U postgres sidamping_bench_impor
    SIDAMPING_DB_NAME=sidamping_bench_impor python manage.py migrate
    SIDAMPING_DB_NAME=sidamping_bench_impor python manage.py bench_impor_sampah

A TKSK uploads a junk CSV (``tests.masukan_jahat.csv_sampah``: every row wrong), checked as the
worker would; then the import list, the detail page, the htmx status poll and the error report
are timed. ``--mb`` sets the junk file size (default 20 MB); ``--baris`` uploads a junk file of
that many rows instead (e.g. just below the row limit).
"""

from __future__ import annotations

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from pmks.impor import services
from pmks.impor.models import Impor
from tksk.bench import ukur_halaman
from tksk.models import Pengguna, Peran, Wilayah


class Command(BaseCommand):
    help = "Ukur halaman impor setelah satu unggahan CSV sampah besar. Mengosongkan riwayat impor: pakai DB khusus."

    def add_arguments(self, parser):
        parser.add_argument("--mb", type=float, default=20.0, help="ukuran berkas sampah (MB)")
        parser.add_argument("--baris", type=int, default=0, help="jumlah baris sampah (menggantikan --mb)")
        parser.add_argument("--ulang", type=int, default=3)

    def handle(self, *args, **opts):
        from tests.masukan_jahat import csv_sampah  # dev-only tool: the shared hostile-input generators

        nama_db = connection.settings_dict["NAME"]
        if "bench" not in nama_db:
            raise CommandError(f"Database {nama_db!r} bukan database benchmark "
                               "(SIDAMPING_DB_NAME=sidamping_bench_impor).")
        with connection.cursor() as cur:
            cur.execute("TRUNCATE pmks_impor RESTART IDENTITY CASCADE")
        kec = Wilayah.objects.get(kode="35.74.04")
        user, _ = Pengguna.objects.get_or_create(username="bench.tksk", defaults={"peran": Peran.TKSK, "wilayah": kec})
        ukuran = int(opts["mb"] * 1024 * 1024)
        if opts["baris"]:
            ukuran = 56 + opts["baris"] * 25  # header + rows of csv_sampah
        berkas = csv_sampah(ukuran)
        self.stdout.write(f"Berkas sampah: {berkas.size / 1e6:.1f} MB")

        t = time.perf_counter()
        impor = services.impor_buat(user=user, berkas=berkas)
        impor = services.impor_periksa(impor_id=impor.pk)
        self.stdout.write(f"Pemeriksaan (seperti di worker): {time.perf_counter() - t:.1f} s → status {impor.status}")
        with connection.cursor() as cur:
            cur.execute("SELECT pg_column_size(galat), jsonb_array_length(galat) FROM pmks_impor WHERE id = %s",
                        [impor.pk])
            besar, jumlah = cur.fetchone()
        self.stdout.write(f"Galat tersimpan: {jumlah} butir, {besar / 1e6:.1f} MB di kolom galat "
                          f"(jumlah galat: {getattr(impor, 'jumlah_galat', jumlah)}); pesan: {impor.pesan}")

        ulang = opts["ulang"]
        for label, url in (
            ("GET /pmks/impor/ (daftar)", "/pmks/impor/"),
            ("GET detail impor", f"/pmks/impor/{impor.pk}/"),
            ("GET status (polling htmx)", f"/pmks/impor/{impor.pk}/status/"),
        ):
            waktu, kueri, _ = ukur_halaman(user, url, ulang=ulang)
            self.stdout.write(f"  {label:32} median {statistics.median(waktu):8.0f} ms "
                              f"(maks {max(waktu):.0f} ms, {len(kueri)} kueri)")
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        t = time.perf_counter()
        resp = client.get(f"/pmks/impor/{impor.pk}/laporan-galat.xlsx")
        isi = b"".join(resp.streaming_content) if resp.streaming else resp.content
        self.stdout.write(f"  {'GET laporan galat':32} {1000 * (time.perf_counter() - t):8.0f} ms "
                          f"(HTTP {resp.status_code}, {len(isi) / 1e6:.1f} MB)")
        Impor.objects.filter(pk=impor.pk).delete()
