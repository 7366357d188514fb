"""Benchmark of the registry import and export. Prints figures; changes data.

Run it on its own database, never on real data:

    runuser -u postgres -- createdb -h .data/pg-run -U postgres sidamping_bench_impor
    SIDAMPING_DB_NAME=sidamping_bench_impor python manage.py migrate
    SIDAMPING_DB_NAME=sidamping_bench_impor python manage.py bench_impor

Steps: a 50,000-person XLSX of new households (generated in a child process, so its memory is
not counted) is checked and committed through the real services; the same file is imported
again (everything unchanged); then the member list is exported (CSV and XLSX) after a second
file brings the registry to 100,000 people.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pmks.impor import contoh, ekspor, services
from pmks.impor.baca import baca_baris
from pmks.impor.models import StatusImpor
from pmks.models import Anggota
from tksk.models import Pengguna, Peran, Wilayah


def _buat_berkas(path: str, jumlah: int, kelurahan: list[str], wilayah: str, seed: int) -> None:
    baris = contoh.keluarga_contoh(jumlah, kelurahan=kelurahan, seed=seed, nomor=contoh.PembuatNomor(wilayah))
    with open(path, "wb") as f:
        f.write(contoh.tulis_xlsx(baris))


def _puncak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Ukur kecepatan impor 50.000 orang (XLSX) dan ekspor 100.000 baris. Mengubah data: pakai DB khusus."

    def add_arguments(self, parser):
        parser.add_argument("--jumlah", type=int, default=50_000)
        parser.add_argument("--izinkan-db-apa-saja", action="store_true",
                            help="jalankan walau nama database tidak memuat 'bench'")

    def handle(self, *args, **opts):
        nama_db = connection.settings_dict["NAME"]
        if "bench" not in nama_db and not opts["izinkan_db_apa_saja"]:
            raise CommandError(
                f"Database '{nama_db}' bukan database benchmark (SIDAMPING_DB_NAME=sidamping_bench_impor)."
            )
        with connection.cursor() as cur:
            cur.execute("TRUNCATE pmks_klasifikasipmks, pmks_anggota, pmks_keluarga, pmks_impor, pmks_ekspor "
                        "RESTART IDENTITY CASCADE")
        kota = Wilayah.objects.get(kode="35.74")
        user, _ = Pengguna.objects.get_or_create(username="bench.dinsos", defaults={"peran": Peran.DINSOS,
                                                                                   "wilayah": kota})
        kelurahan = list(Wilayah.objects.kelurahan().filter(kode__startswith="35.74.").values_list("nama", flat=True))
        n = opts["jumlah"]
        with tempfile.TemporaryDirectory() as tmp:
            berkas1, berkas2 = os.path.join(tmp, "a.xlsx"), os.path.join(tmp, "b.xlsx")
            t = time.perf_counter()
            ctx = multiprocessing.get_context("fork")
            procs = [ctx.Process(target=_buat_berkas, args=(berkas1, n, kelurahan, "357404", 1)),
                     ctx.Process(target=_buat_berkas, args=(berkas2, n, kelurahan, "357403", 2))]
            for p in procs:
                p.start()
            for p in procs:
                p.join()
            data = open(berkas1, "rb").read()
            self.stdout.write(f"Berkas: {n} orang, {len(contoh.JUDUL)} kolom, {len(data) / 1e6:.1f} MB "
                              f"(dibuat dalam {time.perf_counter() - t:.1f} s, proses terpisah)")
            t = time.perf_counter()
            baca_baris(data, "a.xlsx")
            baca = time.perf_counter() - t
            self.stdout.write(f"Baca polos (python-calamine): {baca:.2f} s")
            self._impor(user, data, "Impor pertama (semua keluarga baru)", baca, harap_anggota=n)
            self._impor(user, data, "Impor ulang berkas yang sama (semua tidak berubah)", baca, harap_anggota=n)
            self._impor(user, open(berkas2, "rb").read(), "Impor kedua (50.000 orang lain, untuk ekspor)", baca,
                        harap_anggota=2 * n, singkat=True)
        self._ekspor(user)

    def _impor(self, user, data: bytes, judul: str, baca: float, *, harap_anggota: int, singkat: bool = False):
        t0 = time.perf_counter()
        impor = services.impor_buat(user=user, berkas=SimpleUploadedFile("bench.xlsx", data))
        impor = services.impor_periksa(impor_id=impor.pk)
        t1 = time.perf_counter()
        if impor.status != StatusImpor.SIAP:
            raise CommandError(f"Pemeriksaan gagal: {impor.status} {impor.pesan} {impor.galat[:5]}")
        services.impor_konfirmasi(user=user, impor=impor)
        impor = services.impor_simpan(impor_id=impor.pk)
        t2 = time.perf_counter()
        if impor.status != StatusImpor.SELESAI:
            raise CommandError(f"Penyimpanan gagal: {impor.status} {impor.pesan}")
        total = t2 - t0
        jumlah = Anggota.objects.count()
        assert jumlah == harap_anggota, (jumlah, harap_anggota)
        self.stdout.write(f"\n== {judul}")
        if not singkat:
            self.stdout.write(f"  baca + periksa (pratinjau): {t1 - t0:6.2f} s   (termasuk baca ~{baca:.2f} s)")
            self.stdout.write(f"  periksa ulang + tulis     : {t2 - t1:6.2f} s")
        self.stdout.write(f"  total                     : {total:6.2f} s   rasio total/baca = {total / baca:.1f}x")
        self.stdout.write(f"  ringkasan: {impor.ringkasan}")
        self.stdout.write(f"  memori puncak proses: {_puncak_mb():.0f} MB")

    def _ekspor(self, user):
        from pmks.models import Keluarga

        qs = ekspor.anggota_dari_keluarga(Keluarga.objects.for_user(user))
        jumlah = qs.count()
        self.stdout.write(f"\n== Ekspor daftar anggota ({jumlah} baris)")
        for fmt in ("csv", "xlsx"):
            t = time.perf_counter()
            judul, fungsi, teks = ekspor.JENIS["anggota"]
            baris = fungsi(qs, lengkap=True)
            if fmt == "csv":
                aliran = ekspor.csv_stream(judul, baris)
            else:
                aliran = ekspor.xlsx_stream(judul, baris, kolom_teks=teks)
            ukuran = sum(len(b) for b in aliran)
            self.stdout.write(f"  {fmt.upper():4}: {time.perf_counter() - t:6.2f} s, {ukuran / 1e6:.1f} MB, "
                              f"memori puncak proses {_puncak_mb():.0f} MB")
