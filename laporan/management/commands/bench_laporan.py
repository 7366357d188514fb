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
    """Synthetic aid and pendampingan rows for ``porsi`` of the households (caller rolls back)."""
    import random
    from datetime import timedelta

    from bantuan.models import PenerimaanEksternal, Penyaluran, ProgramBantuan, RiwayatStatusUsulan, Usulan
    from pmks.pendampingan.models import Kunjungan, Rujukan
    from tksk.models import Pengguna

    rnd = random.Random(seed)
    oleh = Pengguna.objects.order_by("id").first()
    awal, akhir = periode.awal, periode.tanggal_akhir
    tahun = awal.year

    def program(kode, jenis, nilai, **kw):
        return ProgramBantuan.objects.create(
            kode=f"bench-{kode}", nama=f"{kode.title()} (bench)", jenis=jenis, sumber_dana="apbd_kota",
            tahun_anggaran=tahun, periode_mulai=awal.replace(month=1), periode_selesai=awal.replace(month=12, day=31),
            bentuk="tunai", nilai_per_penerima=nilai, **kw,
        )

    progs = [
        program("sembako", "sembako", 200_000, frekuensi="bulanan"),
        program("rtlh", "rtlh", 20_000_000),
        program("ternak", "ternak", 3_000_000),
        program("modal", "modal_usaha", 1_500_000),
    ]
    pkh = program("pkh", "pkh", 750_000, dikelola_dinas=False)
    keluarga = list(Keluarga.objects.values_list("id", "kelurahan_id"))
    rnd.shuffle(keluarga)
    dipilih = keluarga[: int(len(keluarga) * porsi)]
    status_pilihan = ["disetujui"] * 4 + ["disalurkan"] * 2 + ["diajukan"] * 2 + ["ditolak", "draft"]
    usulan = Usulan.objects.bulk_create(
        Usulan(program=rnd.choice(progs), keluarga_id=k, status=rnd.choice(status_pilihan), justifikasi="bench",
               diusulkan_oleh=oleh)
        for k, _ in dipilih
    )
    RiwayatStatusUsulan.objects.bulk_create(
        RiwayatStatusUsulan(usulan=u, dari="diajukan", ke=u.status, oleh=oleh) for u in usulan
    )
    hari = (akhir - awal).days + 1
    penyaluran = Penyaluran.objects.bulk_create(
        Penyaluran(usulan=u, tanggal=awal + timedelta(days=rnd.randrange(hari)), bulan=awal,
                   nilai=u.program.nilai_per_penerima, diterima_oleh="bench", dicatat_oleh=oleh)
        for u in usulan if u.status in ("disetujui", "disalurkan")
    )
    eksternal = PenerimaanEksternal.objects.bulk_create(
        PenerimaanEksternal(program=pkh, keluarga_id=k, periode_mulai=pkh.periode_mulai,
                            periode_selesai=pkh.periode_selesai, sumber="bench")
        for k, _ in keluarga[: len(dipilih) // 2]
    )
    kunjungan = Kunjungan.objects.bulk_create(
        Kunjungan(kelurahan_id=kel, tanggal=awal + timedelta(days=rnd.randrange(hari)),
                  jenis=rnd.choice(["asesmen", "bimbingan_perorangan", "monitoring_bantuan", "pendataan"]),
                  dicatat_oleh=oleh)
        for _, kel in dipilih[: len(dipilih) // 3]
    )
    Kunjungan.keluarga.through.objects.bulk_create(
        Kunjungan.keluarga.through(kunjungan_id=kj.id, keluarga_id=k)
        for kj, (k, _) in zip(kunjungan, dipilih, strict=False)
    )
    rujukan = Rujukan.objects.bulk_create(
        Rujukan(keluarga_id=k, kategori="kesehatan", tujuan_lain="Puskesmas", alasan="bench",
                tanggal=awal + timedelta(days=rnd.randrange(hari)), dibuat_oleh=oleh)
        for k, _ in dipilih[: len(dipilih) // 10]
    )
    # Status history timestamps inside the month (auto_now_add set them to now).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {RiwayatStatusUsulan._meta.db_table} SET pada = %s + random() * interval '27 days' "
            f"WHERE usulan_id = ANY(%s)",
            [periode.mulai, [u.id for u in usulan]],
        )
        cursor.execute(
            f"UPDATE {Usulan._meta.db_table} SET dibuat_pada = %s + random() * interval '27 days' WHERE id = ANY(%s)",
            [periode.mulai, [u.id for u in usulan]],
        )
        # Fresh rows in an open transaction are invisible to autovacuum: give the planner statistics.
        for model in (Usulan, RiwayatStatusUsulan, Penyaluran, PenerimaanEksternal, ProgramBantuan, Kunjungan,
                      Kunjungan.keluarga.through, Rujukan):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {
        "usulan": len(usulan), "penyaluran": len(penyaluran), "eksternal": len(eksternal),
        "kunjungan": len(kunjungan), "rujukan": len(rujukan),
    }
