"""Section: complaints (aduan — usul, sanggah, pengaduan layanan, perbaikan data) in the month.

Definitions (WIB dates and month boundaries):
- *Diterima*: complaints whose receipt date (``tanggal_terima``) falls in the month.
- *Diputuskan* (*dikabulkan* / *ditolak*): complaints decided in the month (``diputuskan_pada``).
- *Terlambat*: at the month's end (today for the running month), received by then, past the
  deadline (``tenggat``) and not decided by then — the same rule as
  ``bantuan.aduan.selectors.keadaan_tenggat``.
- *Exclusion-error indicator*: ``bantuan.aduan.selectors.indikator_eksklusi`` (the one definition),
  for the report's area and its kab/kota (the recap: the kab/kota), flagged above 30 %.
Rows by kelurahan (kecamatan in the city recap) and by kind. Five aggregation queries at most; no names,
no reporter, no NIK: only counts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from bantuan.aduan.choices import JenisAduan
from bantuan.aduan.selectors import BATAS_EKSKLUSI_PERSEN, indikator_eksklusi
from bantuan.models import Aduan
from tksk.models import Tingkat, Wilayah

from . import Lingkup, bagian, kolom, tabel

JUDUL = "Aduan (usul, sanggah, pengaduan, perbaikan data)"
KOLOM = [
    ("diterima", "Diterima"), ("diputuskan", "Diputuskan"), ("dikabulkan", "Dikabulkan"), ("ditolak", "Ditolak"),
    ("terlambat", "Terlambat (akhir bulan)"),
]


def bangun(lingkup: Lingkup) -> dict:
    p = lingkup.periode
    ids = lingkup.kelurahan_ids
    akhir = min(p.tanggal_akhir, timezone.localdate())  # the month's last day, or today while it runs
    batas_putus = timezone.make_aware(datetime.combine(akhir + timedelta(days=1), time.min))
    dasar = Aduan.objects.filter(kelurahan_id__in=ids)
    diterima = (
        dasar.filter(tanggal_terima__gte=p.awal, tanggal_terima__lt=p.awal_berikut)
        .values("kelurahan_id", "jenis").annotate(n=Count("id")).order_by()
    )
    diputuskan = (
        dasar.filter(diputuskan_pada__gte=p.mulai, diputuskan_pada__lt=p.selesai)
        .values("kelurahan_id", "jenis", "keputusan").annotate(n=Count("id")).order_by()
    )
    terlambat = (
        dasar.filter(tanggal_terima__lte=akhir, tenggat__lt=akhir)
        .filter(Q(diputuskan_pada__isnull=True) | Q(diputuskan_pada__gte=batas_putus))
        .values("kelurahan_id", "jenis").annotate(n=Count("id")).order_by()
    )
    per_unit: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    per_jenis: dict[str, dict] = defaultdict(lambda: defaultdict(int))

    def tambah(row, kunci: str) -> None:
        unit = lingkup.unit_kelurahan.get(row["kelurahan_id"])
        if unit is None:
            return
        per_unit[unit][kunci] += row["n"]
        per_jenis[row["jenis"]][kunci] += row["n"]

    for row in diterima:
        tambah(row, "diterima")
    for row in diputuskan:
        tambah(row, "diputuskan")
        tambah(row, row["keputusan"])
    for row in terlambat:
        tambah(row, "terlambat")

    kolom_nilai = [kolom(k, label) for k, label in KOLOM]
    catatan = "Terlambat = belum diputuskan dan melewati tenggat pada akhir bulan (sanggah: 14 hari sejak diterima)."
    tabel_unit = tabel(
        kode="aduan_per_unit", judul=f"Aduan per {lingkup.label_unit.lower()}", label=lingkup.label_unit,
        kolom_nilai=kolom_nilai,
        baris=[{"label": u["nama"], "nilai": per_unit.get(u["kode"], {})} for u in lingkup.unit],
        catatan=catatan,
    )
    tabel_jenis = tabel(
        kode="aduan_per_jenis", judul="Aduan per jenis", label="Jenis aduan", kolom_nilai=kolom_nilai,
        baris=[{"label": label, "nilai": per_jenis.get(kode, {})} for kode, label in JenisAduan.choices],
    )
    return bagian(kode="aduan", judul=JUDUL, tabel_list=[tabel_unit, tabel_jenis, tabel_eksklusi(lingkup)])


def _baris_eksklusi(nama: str, kelurahan_ids, p) -> dict:
    ind = indikator_eksklusi(kelurahan_ids=kelurahan_ids, mulai=p.mulai, selesai=p.selesai)
    if not ind.diputuskan:
        keterangan = "Belum ada sanggah eksklusi yang diputuskan"
    elif ind.ditandai:
        keterangan = f"DI ATAS {BATAS_EKSKLUSI_PERSEN} % — perlu dilaporkan"
    else:
        keterangan = f"Tidak melebihi {BATAS_EKSKLUSI_PERSEN} %"
    persen = "-" if ind.persen is None else f"{ind.persen:.1f} %".replace(".", ",")
    return {"label": nama, "nilai": {"diputuskan": ind.diputuskan, "dikabulkan": ind.dikabulkan, "persen": persen,
                                     "keterangan": keterangan}}


def tabel_eksklusi(lingkup: Lingkup) -> dict:
    """The exclusion-error indicator of the report's area and (monthly report) of its kab/kota."""
    p = lingkup.periode
    baris = [_baris_eksklusi(lingkup.wilayah.nama, lingkup.kelurahan_ids, p)]
    kota = lingkup.wilayah.induk if lingkup.wilayah.tingkat == Tingkat.KECAMATAN else None
    if kota is not None:
        baris.append(_baris_eksklusi(kota.nama, Wilayah.objects.kelurahan().di_dalam(kota).values("pk"), p))
    return tabel(
        kode="aduan_eksklusi", judul="Indikator exclusion error (sanggah eksklusi yang dikabulkan)", label="Wilayah",
        kolom_nilai=[kolom("diputuskan", "Sanggah eksklusi diputuskan"), kolom("dikabulkan", "Dikabulkan"),
                     kolom("persen", "Persentase", "teks"), kolom("keterangan", "Keterangan", "teks")],
        baris=baris, total=False,
        catatan=f"Sanggah 'keluarga layak belum menerima' yang diputuskan pada bulan ini; ditandai bila lebih dari "
                f"{BATAS_EKSKLUSI_PERSEN} % dikabulkan (ketentuan Cek Bansos).",
    )
