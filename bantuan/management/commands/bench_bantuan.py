"""Benchmark the aid pages at registry scale: ``manage.py bench_bantuan``.

Run it against the large synthetic database, e.g.
``SIDAMPING_DB_NAME=sidamping_bench python manage.py bench_bantuan``. The registry generator
creates households only, so synthetic programs, proposals, distributions and external receipts
are added first (``bantuan.sintetis.isi_bantuan_sintetis``, with COPY) inside a transaction that is ROLLED BACK at
the end: the shared benchmark database is left unchanged. Pages are rendered through Django's
test Client (full middleware and templates); times are the median of several runs after one
warm-up, with the SQL query count of the last run.

Target: every page well under 1 s at 100,000 households.
"""

from __future__ import annotations

import statistics

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import setup_test_environment
from django.utils import timezone

from bantuan.sintetis import isi_bantuan_sintetis
from pmks.models import Keluarga
from tksk.bench import jumlah_hasil, ukur_halaman
from tksk.models import Pengguna, Peran, Tingkat, Wilayah

TARGET_DETIK = 1.0


def _pengguna(username: str, peran: str, wilayah: Wilayah) -> Pengguna:
    user, _ = Pengguna.objects.get_or_create(
        username=username, defaults={"peran": peran, "wilayah": wilayah, "first_name": username}
    )
    return user


class Command(BaseCommand):
    help = "Mengukur waktu dan jumlah kueri halaman bantuan (tumpang tindih, belum terjangkau, antrean usulan)."

    def add_arguments(self, parser):
        parser.add_argument("--kecamatan", default="35.74.04", help="kode kecamatan TKSK (bawaan: Kanigaran)")
        parser.add_argument("--ulang", type=int, default=5, help="berapa kali tiap pengukuran diulang")
        parser.add_argument(
            "--porsi", type=float, default=0.3,
            help="porsi keluarga yang diberi usulan/penerimaan sintetis (di-rollback); 0 = pakai data yang ada",
        )
        parser.add_argument("--rinci", action="store_true", help="tampilkan tiga kueri terlama tiap pengukuran")

    def handle(self, *args, kecamatan, ulang, porsi, rinci, **options):
        kec = Wilayah.objects.filter(kode=kecamatan, tingkat=Tingkat.KECAMATAN).select_related("induk").first()
        if kec is None:
            raise CommandError("Kecamatan tidak ditemukan.")
        n_keluarga = Keluarga.objects.count()
        if n_keluarga == 0:
            raise CommandError("Registri kosong: jalankan buat_data_sintetis dulu (di basis data terpisah).")
        try:
            setup_test_environment()  # lets the test Client expose the response context (result counts)
        except RuntimeError:
            pass  # already set up (the command's own test)
        hari_ini = timezone.localdate()
        awal = hari_ini.replace(day=1)
        with transaction.atomic():
            if porsi:
                jumlah = isi_bantuan_sintetis(porsi=porsi, awal=awal, akhir=hari_ini)  # rebuilds its rollups
                self.stdout.write(f"Data bantuan sintetis (di-rollback): {jumlah}")
            self._jalankan(kec, ulang, n_keluarga, rinci)
            transaction.set_rollback(True)

    def _jalankan(self, kec, ulang, n_keluarga, rinci):
        dinsos = _pengguna("bench.dinsos", Peran.DINSOS, kec.induk)
        tksk = _pengguna(f"bench.tksk.{kec.nama.lower()}", Peran.TKSK, kec)
        kel = Wilayah.objects.kelurahan().di_dalam(kec).order_by("kode").first()
        self.stdout.write(
            f"Basis data {connection.settings_dict['NAME']}: {n_keluarga:,} keluarga; "
            f"median dari {ulang} kali setelah 1 pemanasan; target < {TARGET_DETIK:.0f} s.\n"
        )
        self.stdout.write(f"{'pengukuran':<62} {'median':>9} {'min':>9} {'kueri':>6} {'hasil':>8}")

        def tulis(label, waktu, kueri, hasil):
            median = statistics.median(waktu)
            status = "OK" if median / 1000 < TARGET_DETIK else "LAMBAT"
            self.stdout.write(
                f"{label:<62} {median:>7.1f}ms {min(waktu):>7.1f}ms {len(kueri):>6} {hasil!s:>8}  {status}"
            )
            if rinci:
                for q in sorted(kueri, key=lambda q: -float(q["time"]))[:3]:
                    self.stdout.write(f"    {float(q['time']) * 1000:7.1f}ms  {q['sql'][:110]}")

        def halaman(label: str, user, url: str) -> None:
            waktu, kueri, resp = ukur_halaman(user, url, ulang=ulang)
            tulis(label, waktu, kueri, jumlah_hasil(resp.context))

        halaman("tumpang tindih, Dinsos (seluruh kota, tahun ini)", dinsos, "/bantuan/tumpang-tindih/")
        halaman(f"tumpang tindih, TKSK {kec.nama}", tksk, "/bantuan/tumpang-tindih/")
        halaman(f"tumpang tindih, TKSK, kelurahan {kel.nama}", tksk, f"/bantuan/tumpang-tindih/?kelurahan={kel.pk}")
        halaman("belum terjangkau, Dinsos (seluruh kota)", dinsos, "/bantuan/belum-terjangkau/")
        halaman(f"belum terjangkau, TKSK {kec.nama}", tksk, "/bantuan/belum-terjangkau/")
        halaman("antrean usulan, Dinsos", dinsos, "/bantuan/")
        halaman("antrean usulan, Dinsos, status diajukan", dinsos, "/bantuan/?status=diajukan")
        halaman(f"antrean usulan, TKSK {kec.nama}", tksk, "/bantuan/")
        halaman("beranda (angka dasbor), Dinsos", dinsos, "/")

