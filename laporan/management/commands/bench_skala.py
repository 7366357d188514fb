"""Province-scale benchmark: ``manage.py bench_skala --keluarga 250000 1000000 [--pakai-ulang]``.

For every size (ascending) it builds the province data set (``buat_data_sintetis --hingga``;
with ``--pakai-ulang`` a database that already holds at least that many synthetic households is
measured as it is), then prints every page and figure of issue #16 with its median time and
query count, as a TKSK of the largest kecamatan, Dinas Sosial of its kab/kota and Dinas Sosial
of the province, and again (labels `` [tetap]``) as a TKSK and a Dinsos of the kecamatan and the
kab/kota whose sizes are closest to ``--ukuran-tetap`` (the same size at every data size:
``laporan.bench.subjek``); the growth factor between sizes, the subjects' sizes and the two
subjects' growth side by side; and a bounded load test against gunicorn on 127.0.0.1 (random
port, ``DEBUG=0``): ``--pengguna-beban`` concurrent users mixing list, name search, detail and
dashboard pages for a TKSK and a Dinsos user, for ``--beban-detik`` seconds.
``--hasil FILE`` keeps the figures as JSON so that sizes measured in separate databases are
compared too; ``--basis-data`` names one database per size (same server, e.g. ``sidamping_g250k
sidamping_g1m sidamping_g5m``, each generated with ``buat_data_sintetis``) and measures them in
one run. Figures, not a timed test: run it on its own database (``SIDAMPING_DB_NAME=sidamping_bench``).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment

from bantuan.models import Usulan
from laporan.bench.beban import uji_beban
from laporan.bench.halaman import LEBAR, Pengukur, ukur_subjek
from laporan.bench.pertumbuhan import tulis_pertumbuhan
from laporan.bench.subjek import TARGET_KECAMATAN, TARGET_KOTA, pilih_subjek, ringkas
from pmks.management.commands.buat_data_sintetis import jumlah_sintetis
from pmks.models import Anggota, Keluarga


def _pakai_basis_data(nama: str) -> None:
    """Measure the next size in database ``nama`` (same server): the default connection is reopened there."""
    connection.close()
    connection.settings_dict["NAME"] = nama


class Command(BaseCommand):
    help = "Mengukur setiap halaman dan angka laporan pada data sintetis sebesar provinsi, plus uji beban gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--keluarga", type=int, nargs="+", required=True, help="ukuran (jumlah keluarga)")
        parser.add_argument("--pakai-ulang", action="store_true", help="pakai data sintetis yang sudah ada")
        parser.add_argument("--wilayah", default="35", help="kode provinsi (bawaan 35 = Jawa Timur)")
        parser.add_argument("--ulang", type=int, default=3, help="pengulangan tiap halaman (median)")
        parser.add_argument("--beban-detik", type=float, default=30)
        parser.add_argument("--pengguna-beban", type=int, default=50)
        parser.add_argument("--pekerja", type=int, default=4, help="jumlah worker gunicorn")
        parser.add_argument("--benang", type=int, default=1, help="thread per worker gunicorn (gthread bila > 1)")
        parser.add_argument("--jeda-pikir", default="2-5",
                            help="jeda pikir antar klik tiap pengguna, detik 'min-maks' (0: hanya loop tertutup)")
        parser.add_argument("--tanpa-beban", action="store_true")
        parser.add_argument("--tanpa-pdf", action="store_true")
        parser.add_argument("--hasil", type=Path, help="berkas JSON hasil (digabung dengan isinya)")
        parser.add_argument("--hanya", nargs="+", default=[], help="ukur hanya label yang memuat teks ini")
        parser.add_argument(
            "--basis-data", nargs="+", default=[], metavar="NAMA",
            help="satu basis data per ukuran, urut seperti --keluarga (mis. sidamping_g250k sidamping_g1m)",
        )
        parser.add_argument(
            "--ukuran-tetap", type=int, nargs=2, default=[TARGET_KECAMATAN, TARGET_KOTA], metavar=("KEC", "KOTA"),
            help="subjek ukuran tetap: kecamatan dan kab/kota yang jumlah keluarganya terdekat dengan angka ini",
        )

    def handle(self, *args, keluarga, pakai_ulang, wilayah, basis_data, hasil, **opsi):
        if basis_data and len(basis_data) != len(keluarga):
            raise CommandError("--basis-data harus satu nama per ukuran --keluarga.")
        db_ukuran = dict(zip(keluarga, basis_data, strict=True)) if basis_data else {}
        try:
            setup_test_environment()  # the test Client exposes the response context
        except RuntimeError:
            pass  # already set up (the command's own test)
        semua = json.loads(hasil.read_text()) if hasil and hasil.exists() else {}
        for ukuran in sorted(keluarga):
            if ukuran in db_ukuran:
                _pakai_basis_data(db_ukuran[ukuran])
            call_command("createcachetable")  # the rate-limit cache table (bin/run makes it; a bench db may not)
            if not (pakai_ulang and jumlah_sintetis() >= ukuran):
                call_command("buat_data_sintetis", hingga=ukuran, wilayah=wilayah, stdout=self.stdout,
                             izinkan_db_utama=settings.DATABASES["default"]["NAME"] != "sidamping")
            n = Keluarga.objects.count()
            self.stdout.write(self.style.MIGRATE_HEADING(
                f"\n== {n:,} keluarga, {Anggota.objects.count():,} anggota, {Usulan.objects.count():,} usulan "
                f"(basis data {connection.settings_dict['NAME']}) =="
            ))
            angka = self._ukur_ukuran(wilayah, opsi)
            semua[str(n)] = {**semua.get(str(n), {}), **angka}
            if hasil:
                hasil.write_text(json.dumps(semua, indent=1, ensure_ascii=False))
        tulis_pertumbuhan(semua, self.stdout.write, self.style.MIGRATE_HEADING)

    def _ukur_ukuran(self, wilayah: str, opsi: dict) -> dict:
        """Every figure of one size: both subjects' pages, then the load test."""
        target_kec, target_kota = opsi["ukuran_tetap"]
        subjek = pilih_subjek(wilayah, target_kec=target_kec, target_kota=target_kota)
        besar, tetap = subjek["terbesar"], subjek["tetap"]
        self.stdout.write(
            f"TKSK: Kecamatan {besar['kec'].nama} ({besar['n_kec']:,} keluarga); Dinsos: {besar['kota']} "
            f"({besar['n_kota']:,} keluarga); provinsi: {besar['provinsi']}. "
            f"Median dari {opsi['ulang']} kali setelah 1 pemanasan."
        )
        self.stdout.write(
            f"Ukuran tetap [tetap]: TKSK Kecamatan {tetap['kec'].nama} ({tetap['kec'].kode}, {tetap['n_kec']:,} "
            f"keluarga, target {target_kec:,}); Dinsos {tetap['kota']} ({tetap['n_kota']:,} keluarga, "
            f"target {target_kota:,})."
        )
        self.stdout.write(f"{'halaman / angka':<{LEBAR}} {'median':>10} {'kueri':>6} {'hasil':>8}")
        p = Pengukur(self.stdout.write, ulang=opsi["ulang"], hanya=opsi["hanya"])
        ukur_subjek(p, besar, tetap=False, tanpa_pdf=opsi["tanpa_pdf"])
        ukur_subjek(p, tetap, tetap=True, tanpa_pdf=opsi["tanpa_pdf"],
                    pembanding={"kec": besar["kec"].nama, "kota": besar["kota"].nama})
        angka = {"subjek": ringkas(subjek), **p.hasil}
        if not opsi["tanpa_beban"] and (not p.hanya or any(h in "uji beban" for h in p.hanya)):
            angka.update(uji_beban(besar, self.stdout.write, detik=opsi["beban_detik"],
                                   pengguna=opsi["pengguna_beban"], pekerja=opsi["pekerja"],
                                   benang=opsi["benang"] or 1, jeda_pikir=opsi["jeda_pikir"] or "2-5"))
        return angka
