"""Benchmark of the DTSEN desil import (``pmks.impor.desil``) with its eligibility drift flags (bantuan).
Prints figures; changes data.

Run it on its own database, never on real data:

    runuser -u postgres -- createdb -h .data/pg-run -U postgres sidamping_bench_desil
    SIDAMPING_DB_NAME=sidamping_bench_desil python manage.py migrate
    SIDAMPING_DB_NAME=sidamping_bench_desil python manage.py bench_impor_desil --jumlah 10000

Steps: when the registry holds fewer than ``--jumlah`` households, a registry file brings it there
(through the registry import); a quarter of the households become active recipients of a programme
for desil ≤ 4. Then a desil file with one row per household (No. KK, Nama, Desil, Posisi data) is
checked and committed through the real services (preview + one-transaction save), the same file is
imported again (nothing changes), and a newer position with 10 % of the values changed follows.
"""

from __future__ import annotations

import random
import resource
import time
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from pmks.impor import contoh, services
from pmks.impor.models import JenisImpor, StatusImpor
from pmks.models import Anggota, Keluarga, RiwayatDesil
from tksk.models import Pengguna, Peran, Wilayah


def _puncak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Ukur kecepatan impor desil DTSEN (mis. 10.000 keluarga). Mengubah data: pakai DB khusus."

    def add_arguments(self, parser):
        parser.add_argument("--jumlah", type=int, default=10_000)
        parser.add_argument("--izinkan-db-apa-saja", action="store_true",
                            help="jalankan walau nama database tidak memuat 'bench'")

    def handle(self, *args, **opts):
        nama_db = connection.settings_dict["NAME"]
        if "bench" not in nama_db and not opts["izinkan_db_apa_saja"]:
            raise CommandError(f"Database '{nama_db}' bukan database benchmark (SIDAMPING_DB_NAME=sidamping_bench_…).")
        n = opts["jumlah"]
        kota = Wilayah.objects.get(kode="35.74")
        user, _ = Pengguna.objects.get_or_create(username="bench.dinsos",
                                                 defaults={"peran": Peran.DINSOS, "wilayah": kota})
        self._registri(user, n)
        with connection.cursor() as cur:  # start from households without desil (bench database only)
            cur.execute("TRUNCATE bantuan_tandadesil, bantuan_tandadesilevent, pmks_riwayatdesil RESTART IDENTITY")
            cur.execute("UPDATE pmks_keluarga SET desil = NULL, sumber_desil = '', tanggal_desil = NULL")
        keluarga = list(Keluarga.objects.filter(kelurahan__kode__startswith="35.74.").order_by("id")
                        .values_list("id", "no_kk")[:n])
        kepala = dict(Anggota.objects.filter(keluarga_id__in=[k for k, _ in keluarga], hubungan="kepala")
                      .values_list("keluarga_id", "nama"))
        self._penerima(user, [k for k, _ in keluarga][: n // 4])
        rnd = random.Random(7)
        desil = {k: rnd.randint(1, 4) for k, _ in keluarga}
        baris = [{"No. KK": kk, "Nama": kepala.get(k, ""), "Desil": desil[k], "Posisi data": date(2025, 10, 1)}
                 for k, kk in keluarga]
        judul = ["No. KK", "Nama", "Desil", "Posisi data"]
        data = contoh.tulis_xlsx(baris, judul)
        self.stdout.write(f"Berkas desil: {len(baris)} baris, {len(data) / 1e6:.2f} MB XLSX")
        self._impor(user, data, "Impor pertama (riwayat baru)")
        self._impor(user, data, "Impor ulang berkas yang sama (tidak berubah)")
        for b in baris:
            if rnd.random() < 0.1:
                b["Desil"] = rnd.randint(5, 10)
            b["Posisi data"] = date(2026, 1, 1)
        self._impor(user, contoh.tulis_xlsx(baris, judul), "Posisi baru, 10% desil naik (tanda syarat desil)")

    def _registri(self, user, n: int) -> None:
        ada = Keluarga.objects.filter(kelurahan__kode__startswith="35.74.").count()
        if ada >= n:
            return
        kelurahan = list(Wilayah.objects.kelurahan().filter(kode__startswith="35.74.").values_list("nama", flat=True))
        t = time.perf_counter()
        orang = contoh.keluarga_contoh(int((n - ada) * 3.6), kelurahan=kelurahan, seed=ada + 1,
                                       nomor=contoh.PembuatNomor("357404"))
        impor = services.impor_buat(user=user, berkas=SimpleUploadedFile("registri.xlsx", contoh.tulis_xlsx(orang)))
        impor = services.impor_periksa(impor_id=impor.pk)
        if impor.status != StatusImpor.SIAP:
            raise CommandError(f"Registri gagal: {impor.status} {impor.pesan} {impor.galat[:3]}")
        services.impor_konfirmasi(user=user, impor=impor, alasan_peringatan="bench")
        services.impor_simpan(impor_id=impor.pk)
        self.stdout.write(f"Registri disiapkan: {Keluarga.objects.count()} keluarga ({time.perf_counter() - t:.0f} s)")

    def _penerima(self, user, ids: list[int]) -> None:
        from bantuan import choices as bc
        from bantuan.models import ProgramBantuan, Usulan

        tahun = timezone.localdate().year
        program, _ = ProgramBantuan.objects.get_or_create(kode="bench-desil-d4", defaults=dict(
            nama="Bench desil ≤ 4", jenis=bc.JenisProgram.SEMBAKO, sumber_dana=bc.SumberDana.APBD_KOTA,
            tahun_anggaran=tahun, periode_mulai=date(tahun, 1, 1), periode_selesai=date(tahun, 12, 31),
            bentuk=bc.BentukBantuan.TUNAI, nilai_per_penerima=200_000, desil_maksimum=4))
        sudah = set(Usulan.objects.filter(program=program).values_list("keluarga_id", flat=True))
        Usulan.objects.bulk_create([
            Usulan(program=program, keluarga_id=k, status=bc.StatusUsulan.DISETUJUI, justifikasi="bench",
                   diusulkan_oleh=user) for k in ids if k not in sudah], batch_size=2000)
        self.stdout.write(f"Penerima aktif program desil ≤ 4: {Usulan.objects.filter(program=program).count()}")

    def _impor(self, user, data: bytes, judul: str) -> None:
        from bantuan.models import TandaDesil

        riwayat, tanda = RiwayatDesil.objects.count(), TandaDesil.objects.count()
        t0 = time.perf_counter()
        impor = services.impor_buat(user=user, berkas=SimpleUploadedFile("desil.xlsx", data), jenis=JenisImpor.DESIL)
        impor = services.impor_periksa(impor_id=impor.pk)
        t1 = time.perf_counter()
        if impor.status != StatusImpor.SIAP:
            raise CommandError(f"Pemeriksaan gagal: {impor.status} {impor.pesan} {impor.galat[:5]}")
        services.impor_konfirmasi(user=user, impor=impor)
        impor = services.impor_simpan(impor_id=impor.pk)
        t2 = time.perf_counter()
        if impor.status != StatusImpor.SELESAI:
            raise CommandError(f"Penyimpanan gagal: {impor.status} {impor.pesan}")
        self.stdout.write(f"\n== {judul}")
        self.stdout.write(f"  baca + periksa (pratinjau): {t1 - t0:6.2f} s")
        self.stdout.write(f"  periksa ulang + tulis     : {t2 - t1:6.2f} s")
        self.stdout.write(f"  total                     : {t2 - t0:6.2f} s")
        self.stdout.write(f"  riwayat desil ditulis: {RiwayatDesil.objects.count() - riwayat}, "
                          f"tanda syarat desil baru: {TandaDesil.objects.count() - tanda}")
        self.stdout.write(f"  ringkasan: {impor.ringkasan}")
        self.stdout.write(f"  memori puncak proses: {_puncak_mb():.0f} MB")
