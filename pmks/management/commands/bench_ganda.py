"""Figures of the duplicate scan: ``manage.py bench_ganda [--tanam 2000] [--kabkota 35.74 …] [--simpan]``.

Run it against a synthetic database (``buat_data_sintetis``), e.g.
``SIDAMPING_DB_NAME=sidamping_bench python manage.py bench_ganda --tanam 2000``. It scans every
kab/kota (or the ones named) with the production function (``pmks.ganda.pindai.pindai_kabkota``)
and prints, per kab/kota and in total, members scanned, pairs found and seconds, plus the process's
peak memory (ru_maxrss: the scan runs in the database, Python holds only counts).

``--tanam N`` first plants N duplicates of random members (half a one-letter typo of the name with
another NIK, half the same name with two date digits of the NIK swapped) and reports how many of
them the scan found (recall). Everything is rolled back unless ``--simpan``.
"""

from __future__ import annotations

import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from pmks.ganda import pindai
from pmks.models import Anggota

_TANAM = """
WITH sumber AS (
  SELECT a.*, row_number() OVER () AS n
    FROM (SELECT * FROM pmks_anggota WHERE status = 'aktif' AND substr(nik, 7, 1) <> substr(nik, 8, 1)
           ORDER BY md5(id::text) LIMIT %(n)s) a
),
baru AS (
  SELECT s.id AS asal, s.keluarga_id,
         CASE WHEN s.n %% 2 = 0
              THEN overlay(s.nik placing substr(s.nik, 8, 1) || substr(s.nik, 7, 1) from 7 for 2)
              ELSE substr(s.nik, 1, 12) || lpad(((9000 + s.n %% 1000))::text, 4, '0') END AS nik,
         CASE WHEN s.n %% 2 = 0 THEN s.nama
              ELSE overlay(s.nama placing CASE WHEN substr(s.nama, 2, 1) = 'a' THEN 'e' ELSE 'a' END from 2 for 1)
         END AS nama,
         s.tempat_lahir, s.tanggal_lahir, s.jenis_kelamin
    FROM sumber s
)
INSERT INTO pmks_anggota (keluarga_id, nik, nama, tempat_lahir, tanggal_lahir, jenis_kelamin, hubungan,
  status_perkawinan, pendidikan, pekerjaan, disabilitas, status_hidup, status, alasan_status,
  peringatan_nik_dikonfirmasi, alasan_konfirmasi_nik, dibuat_pada, diubah_pada)
SELECT keluarga_id, nik, nama, tempat_lahir, tanggal_lahir, jenis_kelamin, 'lainnya', '', '', '', 'tidak_ada',
       'hidup', 'aktif', 'bench_ganda:' || asal, '[]'::jsonb, '', now(), now()
  FROM baru
ON CONFLICT (nik) DO NOTHING
"""

_DITEMUKAN = """
SELECT count(*) FROM pmks_anggota t
 WHERE t.alasan_status LIKE 'bench_ganda:%%'
   AND EXISTS (SELECT 1 FROM pmks_pasanganduplikat p
                WHERE p.anggota_a_id = least(t.id, substr(t.alasan_status, 13)::bigint)
                  AND p.anggota_b_id = greatest(t.id, substr(t.alasan_status, 13)::bigint))
"""


class _Batal(Exception):
    pass


class Command(BaseCommand):
    help = "Mengukur pemindaian data ganda per kab/kota: pasangan ditemukan, waktu, memori."

    def add_arguments(self, parser):
        parser.add_argument("--kabkota", nargs="*", default=None, help="kode kab/kota (bawaan: semua)")
        parser.add_argument("--tanam", type=int, default=0, help="tanam N duplikat dulu dan ukur berapa yang ditemukan")
        parser.add_argument("--simpan", action="store_true", help="simpan pasangan (bawaan: digulung balik)")

    def handle(self, *args, kabkota, tanam, simpan, **options):
        anggota = Anggota.objects.count()
        if not anggota:
            raise CommandError("Basis data kosong: jalankan buat_data_sintetis dulu.")
        kode = kabkota or pindai.kode_kabkota_semua()
        try:
            with transaction.atomic():
                self._ukur(kode, anggota, tanam)
                if not simpan:
                    raise _Batal
        except _Batal:
            self.stdout.write("(digulung balik: tidak ada yang disimpan)")

    def _ukur(self, kode: list[str], anggota: int, tanam: int) -> None:
        with connection.cursor() as cur:
            ditanam = 0
            if tanam:
                cur.execute(_TANAM, {"n": tanam})
                ditanam = cur.rowcount
                self.stdout.write(f"ditanam {ditanam} duplikat")
            cur.execute("SELECT count(*) FROM pmks_pasanganduplikat")
            sebelum = cur.fetchone()[0]
            self.stdout.write(f"{anggota:,} anggota, {len(kode)} kab/kota")
            mulai = time.monotonic()
            total = 0
            terlama = (0.0, "")
            for k in kode:
                t = time.monotonic()
                baru = pindai.pindai_kabkota(k)
                detik = time.monotonic() - t
                total += baru
                terlama = max(terlama, (detik, k))
                if detik >= 1 or baru:
                    self.stdout.write(f"  {k}: {baru} pasangan baru, {detik:.1f} s")
            semua = time.monotonic() - mulai
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            self.stdout.write(
                f"TOTAL: {total} pasangan baru (sebelumnya {sebelum}) dalam {semua:.1f} s; kab/kota terlama "
                f"{terlama[1]} {terlama[0]:.1f} s; ru_maxrss {rss} MB"
            )
            if ditanam:
                cur.execute(_DITEMUKAN)
                ketemu = cur.fetchone()[0]
                self.stdout.write(f"duplikat tanaman ditemukan: {ketemu}/{ditanam} ({100 * ketemu / ditanam:.1f}%)")
            t = time.monotonic()
            ulang = sum(pindai.pindai_kabkota(k) for k in kode)
            self.stdout.write(f"pindai ulang: {ulang} pasangan baru dalam {time.monotonic() - t:.1f} s (harus 0)")
