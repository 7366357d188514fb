"""Rebuild every rollup from scratch: ``manage.py bangun_rollup [--periksa KODE ...] [--tanpa-bangun]``.

The rollups are kept current by database triggers: the registry (``pmks.models.rollup``), pendampingan
(``pmks.models.rollup_pendampingan``) and those of higher apps registered with
``pmks.ekstensi.daftarkan_rollup`` (the aid rollup, ``bantuan.models.rollup``). This rebuilds them from
the rows (after a bulk writer that switched triggers off, e.g. ``buat_data_sintetis``, or to repair).
``--periksa`` compares, for the given kecamatan / kab/kota codes and the current and previous month,
every rollup's figures with the same figures counted from scratch.
"""

import time
from collections.abc import Callable
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pmks import ekstensi
from pmks.models import Keluarga
from pmks.models.rollup import TABEL as TABEL_REGISTRI
from pmks.models.rollup import TABEL_JENIS_AKTIF, jenis_aktif_berbeda
from pmks.models.rollup_kunjungan_terakhir import bangun_kunjungan_terakhir, periksa_kunjungan_terakhir
from pmks.models.rollup_pendampingan import bangun_rollup_pendampingan, periksa_rollup_pendampingan
from pmks.registri.angka import angka_registri, angka_registri_dari_awal
from tksk.models import Wilayah
from tksk.pemicu import bangun_ulang


def bangun_rollup_registri() -> int:
    """Rebuild the registry rollup's two tables in one transaction, then the households' active types
    read from the new facts; returns the number of rollup rows."""
    n = bangun_ulang("sidamping_rollup_bangun", TABEL_REGISTRI)
    bangun_ulang("sidamping_jenis_aktif_bangun", TABEL_JENIS_AKTIF)
    return n


def _periksa_registri(*, kelurahan_ids: list[int], bulan) -> list[str]:
    beda = []
    if angka_registri(bulan=bulan, kelurahan_ids=kelurahan_ids) != angka_registri_dari_awal(
            bulan=bulan, kelurahan_ids=kelurahan_ids):
        beda.append("angka_registri")
    if jenis_aktif_berbeda(list(Keluarga.objects.filter(kelurahan_id__in=kelurahan_ids).values_list("pk", flat=True))):
        beda.append("jenis_aktif_keluarga")
    return beda


def semua_rollup() -> list[ekstensi.Rollup]:
    """Every rollup: the registry's, pendampingan's, then those registered by higher apps."""
    return [
        ekstensi.Rollup(kode="registri", bangun=bangun_rollup_registri, periksa=_periksa_registri),
        ekstensi.Rollup(kode="pendampingan", bangun=bangun_rollup_pendampingan, periksa=periksa_rollup_pendampingan),
        ekstensi.Rollup(kode="kunjungan_terakhir", bangun=bangun_kunjungan_terakhir,
                        periksa=periksa_kunjungan_terakhir),
        *ekstensi.rollup_terdaftar(),
    ]


def bangun_rollup(laporkan: Callable[[str, int, float], None] | None = None, *, hanya=None) -> int:
    """Rebuild EVERY rollup from scratch (what a bulk writer that switched triggers off calls afterwards),
    or only those whose ``kode`` is in ``hanya`` (a writer that left the others' tables untouched);
    returns the total number of rollup rows. ``laporkan(kode, rows, seconds)`` hears of each one."""
    total = 0
    for rollup in semua_rollup():
        if hanya is not None and rollup.kode not in hanya:
            continue
        mulai = time.perf_counter()
        n = rollup.bangun()
        total += n
        if laporkan:
            laporkan(rollup.kode, n, time.perf_counter() - mulai)
    return total


class Command(BaseCommand):
    help = "Membangun ulang semua rollup (registri, pendampingan, bantuan; per kelurahan, per bulan) dari data."

    def add_arguments(self, parser):
        parser.add_argument("--periksa", nargs="*", metavar="KODE", help="bandingkan rollup dengan hitungan ulang")
        parser.add_argument("--tanpa-bangun", action="store_true", help="hanya periksa")

    def handle(self, *args, periksa, tanpa_bangun, **options):
        if not tanpa_bangun:
            mulai = time.perf_counter()
            n = bangun_rollup(lambda kode, n, detik: self.stdout.write(
                f"  rollup {kode}: {n:,} baris dalam {detik:.1f} s"))
            self.stdout.write(f"Rollup dibangun ulang: {n:,} baris dalam {time.perf_counter() - mulai:.1f} s.")
        beda = 0
        for kode in periksa or []:
            wilayah = Wilayah.objects.filter(kode=kode).first()
            if wilayah is None:
                raise CommandError(f"Wilayah {kode} tidak ada.")
            ids = list(Wilayah.objects.kelurahan().di_dalam(wilayah).values_list("id", flat=True))
            ini = timezone.localdate().replace(day=1)
            for bulan in ((ini - timedelta(days=1)).replace(day=1), ini):  # previous and current month
                berbeda = [nama for r in semua_rollup() for nama in r.periksa(kelurahan_ids=ids, bulan=bulan)]
                beda += len(berbeda)
                hasil = "sama" if not berbeda else "BERBEDA: " + ", ".join(berbeda)
                self.stdout.write(f"{wilayah} {bulan:%m-%Y}: {hasil}")
        if beda:
            raise CommandError(f"{beda} perbandingan berbeda: jalankan bangun_rollup.")
