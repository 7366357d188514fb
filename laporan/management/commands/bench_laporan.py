"""Benchmark the monthly report: time to gather figures vs. render the PDF (and XLSX), and the
number of queries, for one kecamatan and for the city recap. Read-only.

    SIDAMPING_DB_NAME=sidamping_bench python manage.py bench_laporan --periode 2026-10

Targets: kecamatan report < 3 s, city recap < 10 s at 100,000 households.

The registry generator (``buat_data_sintetis``) creates households only. ``--dengan-bantuan``
adds synthetic proposals, distributions, external receipts, visits and referrals for the month
inside a transaction that is ROLLED BACK at the end, so the shared benchmark database is left
unchanged.
"""

from __future__ import annotations

import io
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from bantuan import sintetis as bantuan_sintetis
from laporan.cetak import render_pdf_laporan, render_pdf_rekap
from laporan.periode import Periode
from laporan.selectors import angka_laporan, angka_rekap
from laporan.xlsx import buat_xlsx
from pmks.models import Keluarga
from tksk.models import Tingkat, Wilayah

TARGET = {"bulanan": 3.0, "rekap": 10.0}


class Command(BaseCommand):
    help = "Mengukur waktu pengumpulan angka vs. pembuatan PDF laporan bulanan dan rekap kota."

    def add_arguments(self, parser):
        parser.add_argument("--kecamatan", default="35.74.04", help="kode kecamatan (bawaan: Kanigaran)")
        parser.add_argument("--kota", default="35.74")
        parser.add_argument("--periode", default="", help="TTTT-BB (bawaan: bulan lalu)")
        parser.add_argument("--ulang", type=int, default=3, help="jumlah pengulangan; dilaporkan yang tercepat")
        parser.add_argument(
            "--dengan-bantuan", type=float, default=0, metavar="PORSI",
            help="porsi keluarga (mis. 0.3) yang diberi usulan/penyaluran/kunjungan sintetis (di-rollback)",
        )

    def handle(self, *args, kecamatan, kota, periode, ulang, dengan_bantuan, **options):
        try:
            p = Periode.dari_teks(periode) if periode else Periode.bulan_ini().sebelumnya
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        kec = Wilayah.objects.filter(kode=kecamatan, tingkat=Tingkat.KECAMATAN).first()
        kt = Wilayah.objects.filter(kode=kota).first()
        if kec is None or kt is None:
            raise CommandError("Kecamatan/kota tidak ditemukan.")
        with transaction.atomic():
            if dengan_bantuan:
                jumlah = isi_bantuan_sintetis(porsi=dengan_bantuan, periode=p)
                self.stdout.write(f"Data bantuan/pendampingan sintetis (di-rollback): {jumlah}")
            self._jalankan(kec, kt, p, ulang)
            transaction.set_rollback(True)

    def _jalankan(self, kec, kt, p, ulang):
        self.stdout.write(
            f"Basis data {connection.settings_dict['NAME']}: {Keluarga.objects.count():,} keluarga "
            f"({Keluarga.objects.filter(kelurahan__induk=kec).count():,} di {kec.nama}); periode {p.teks}"
        )
        self._ukur("bulanan", f"Laporan bulanan {kec.nama}",
                   lambda: angka_laporan(kecamatan=kec, periode=p), render_pdf_laporan, ulang)
        self._ukur("rekap", f"Rekap {kt.nama}", lambda: angka_rekap(kota=kt, periode=p), render_pdf_rekap, ulang)

    def _ukur(self, jenis, judul, kumpulkan, render, ulang):
        hasil = []
        for _ in range(max(ulang, 1)):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                dokumen = kumpulkan()
                t1 = time.perf_counter()
            pdf = render(dokumen)
            t2 = time.perf_counter()
            buat_xlsx(dokumen)
            t3 = time.perf_counter()
            hasil.append((t1 - t0, t2 - t1, t3 - t2, len(ctx.captured_queries), pdf))
        angka, pdf_s, xlsx_s, query, pdf = min(hasil, key=lambda h: h[0] + h[1])
        total = angka + pdf_s
        halaman = len(PdfReader(io.BytesIO(pdf)).pages)
        status = "OK" if total < TARGET[jenis] else "LAMBAT"
        self.stdout.write(
            f"{judul}: angka {angka:.2f} s ({query} query) + PDF {pdf_s:.2f} s "
            f"({halaman} halaman, {len(pdf) / 1024:.0f} KB) = {total:.2f} s "
            f"[target < {TARGET[jenis]:.0f} s: {status}]; XLSX {xlsx_s:.2f} s"
        )


def isi_bantuan_sintetis(*, porsi: float, periode: Periode, seed: int = 7) -> dict:
    """``bantuan.sintetis.isi_bantuan_sintetis`` for one report month (rows dated inside it; the filler
    rebuilds the rollups it feeds)."""
    return bantuan_sintetis.isi_bantuan_sintetis(porsi=porsi, awal=periode.awal, akhir=periode.tanggal_akhir,
                                                 seed=seed)
