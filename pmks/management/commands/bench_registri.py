"""Print performance figures of the household registry: ``manage.py bench_registri``.

Run it against a large synthetic database (``buat_data_sintetis``), e.g.
``SIDAMPING_DB_NAME=sidamping_bench python manage.py bench_registri``. It renders real pages
through Django's test Client (full middleware, templates) as a TKSK and as Dinas Sosial and
reports wall-clock times (median of several runs) and SQL query counts.
"""

from __future__ import annotations

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment

from pmks.models import Anggota, Keluarga
from pmks.registri.selectors import cari_keluarga
from tksk.bench import ukur_halaman
from tksk.models import Pengguna, Peran, Wilayah


def _pengguna(username: str, peran: str, kode: str) -> Pengguna:
    user, _ = Pengguna.objects.get_or_create(
        username=username, defaults={"peran": peran, "wilayah": Wilayah.objects.get(kode=kode),
                                     "first_name": username},
    )
    return user


class Command(BaseCommand):
    help = "Mengukur waktu halaman daftar keluarga, pencarian NIK dan nama, serta jumlah kueri SQL."

    def add_arguments(self, parser):
        parser.add_argument("--ulang", type=int, default=7, help="berapa kali tiap pengukuran diulang")

    def handle(self, *args, ulang, **options):
        n_keluarga = Keluarga.objects.count()
        if n_keluarga == 0:
            raise CommandError("Registri kosong: jalankan buat_data_sintetis dulu (di basis data terpisah).")
        setup_test_environment()  # lets the test Client expose the response context (result counts)
        tksk = _pengguna("bench.tksk.kanigaran", Peran.TKSK, "35.74.04")
        dinsos = _pengguna("bench.dinsos", Peran.DINSOS, "35.74")
        contoh_kanigaran = Anggota.objects.filter(keluarga__kelurahan__kode__startswith="35.74.04.").order_by("id")
        nik = contoh_kanigaran.values_list("nik", flat=True)[n_keluarga // 7]
        kk = Keluarga.objects.filter(kelurahan__kode__startswith="35.74.04.").values_list("no_kk", flat=True)[50]
        nama = contoh_kanigaran.values_list("nama", flat=True)[n_keluarga // 5]
        self.stdout.write(
            f"Registri: {n_keluarga:,} keluarga, {Anggota.objects.count():,} anggota "
            f"(basis data {connection.settings_dict['NAME']}); median dari {ulang} kali, setelah 1 pemanasan.\n"
        )
        self.stdout.write(f"{'pengukuran':<58} {'median':>9} {'min':>9} {'kueri':>6} {'hasil':>8}")

        def ukur(label: str, user, url: str) -> None:
            waktu, kueri, resp = ukur_halaman(user, url, ulang=ulang)
            hasil = resp.context["page_obj"].paginator.count if resp.context and "page_obj" in resp.context else "-"
            self.stdout.write(
                f"{label:<58} {statistics.median(waktu):>7.1f}ms {min(waktu):>7.1f}ms "
                f"{len(kueri):>6} {hasil:>8}"
            )

        def ukur_kueri(label: str, fn) -> None:
            fn()
            waktu = []
            for _ in range(ulang):
                t0 = time.perf_counter()
                hasil = fn()
                waktu.append((time.perf_counter() - t0) * 1000)
            median = statistics.median(waktu)
            self.stdout.write(f"{label:<58} {median:>7.1f}ms {min(waktu):>7.1f}ms {'1':>6} {hasil:>8}")

        for per in (25, 50, 100):
            ukur(f"daftar keluarga, TKSK Kanigaran, {per}/halaman", tksk, f"/pmks/?per={per}")
        for per in (25, 100):
            ukur(f"daftar keluarga, Dinsos (seluruh kota), {per}/halaman", dinsos, f"/pmks/?per={per}")
        ukur("daftar, Dinsos, halaman 200 (25/halaman)", dinsos, "/pmks/?per=25&page=200")
        ukur("daftar, TKSK, filter jenis FM + kelurahan", tksk,
                     f"/pmks/?jenis=24&kelurahan={Wilayah.objects.get(kode='35.74.04.1003').pk}")
        ukur("cari NIK (16 digit), TKSK, halaman", tksk, f"/pmks/?q={nik}")
        ukur("cari NIK (16 digit), Dinsos, halaman", dinsos, f"/pmks/?q={nik}")
        ukur("cari No. KK (16 digit), TKSK, halaman", tksk, f"/pmks/?q={kk}")
        ukur("cari awalan NIK (8 digit), TKSK, halaman", tksk, f"/pmks/?q={nik[:8]}")
        ukur(f"cari nama \u201c{nama}\u201d, TKSK, halaman", tksk, f"/pmks/?q={nama}")
        ukur(f"cari nama \u201c{nama}\u201d, Dinsos, halaman", dinsos, f"/pmks/?q={nama}")
        ukur("cari nama salah ketik \u201cSulastry\u201d, Dinsos, halaman", dinsos, "/pmks/?q=Sulastry")
        qs = Keluarga.objects.for_user(tksk)
        ukur_kueri("selector saja: cari NIK (count)", lambda: cari_keluarga(qs, nik).count())
        ukur_kueri(f"selector saja: cari nama \u201c{nama}\u201d (25 pertama)",
                   lambda: len(list(cari_keluarga(qs, nama)[:25])))
        kel = Keluarga.objects.filter(kelurahan__kode__startswith="35.74.04.").order_by("id").first()
        ukur("halaman detail keluarga, TKSK", tksk, f"/pmks/keluarga/{kel.pk}/")
