"""Rebuild the registry rollup from scratch: ``manage.py bangun_rollup [--periksa KODE ...]``.

The rollup (``pmks.models.rollup``) is kept current by database triggers; this rebuilds it from the
households, members and classifications (after a bulk writer that switched triggers off, e.g.
``buat_data_sintetis``, or to repair). ``--periksa`` compares, for the given kecamatan / kab/kota
codes and the current and previous month, the rollup with the figures counted from scratch.
"""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from pmks import ekstensi
from pmks.registri.angka import angka_registri, angka_registri_dari_awal
from tksk.models import Wilayah


def bangun_rollup() -> int:
    """Rebuild both tables in one transaction, then the derived tables of higher apps registered in
    ``pmks.ekstensi.daftarkan_pembangun_rollup`` (e.g. bantuan's aid-receipt facts); returns the number
    of registry rollup rows."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT sidamping_rollup_bangun()")
        n = cur.fetchone()[0]
        cur.execute("ANALYZE pmks_faktaregistri")
        cur.execute("ANALYZE pmks_rollupregistri")
    for fn in ekstensi.pembangun_rollup().values():
        fn()
    return n


class Command(BaseCommand):
    help = "Membangun ulang rollup registri (per kelurahan, per bulan, per jenis PMKS) dari data registri."

    def add_arguments(self, parser):
        parser.add_argument("--periksa", nargs="*", metavar="KODE", help="bandingkan rollup dengan hitungan ulang")
        parser.add_argument("--tanpa-bangun", action="store_true", help="hanya periksa")

    def handle(self, *args, periksa, tanpa_bangun, **options):
        if not tanpa_bangun:
            mulai = time.perf_counter()
            n = bangun_rollup()
            self.stdout.write(f"Rollup registri dibangun ulang: {n:,} baris dalam {time.perf_counter() - mulai:.1f} s.")
        beda = 0
        for kode in periksa or []:
            wilayah = Wilayah.objects.filter(kode=kode).first()
            if wilayah is None:
                raise CommandError(f"Wilayah {kode} tidak ada.")
            ids = list(Wilayah.objects.kelurahan().di_dalam(wilayah).values_list("id", flat=True))
            ini = timezone.localdate().replace(day=1)
            for bulan in ((ini - timedelta(days=1)).replace(day=1), ini):  # previous and current month
                sama = angka_registri(bulan=bulan, kelurahan_ids=ids) == angka_registri_dari_awal(
                    bulan=bulan, kelurahan_ids=ids)
                beda += not sama
                self.stdout.write(f"{wilayah} {bulan:%m-%Y}: {'sama' if sama else 'BERBEDA'}")
        if beda:
            raise CommandError(f"{beda} perbandingan berbeda: jalankan bangun_rollup.")
