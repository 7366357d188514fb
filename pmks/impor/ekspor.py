"""Streamed exports of the (filtered, scoped) household and member lists.

Rows come from ``values_list(...).iterator()`` so memory stays flat whatever the size; CSV is
written as it is produced, XLSX is built by openpyxl in write-only mode into a temporary file
that is then streamed. NIK / No. KK are always text; text a spreadsheet would run as a formula
is escaped (``berkas.aman``). Roles that do not need full numbers (Pejabat) get them masked,
as on screen. The member export uses the import template's columns, so it can be edited and
imported again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import OuterRef, QuerySet, Subquery

from pmks.registri import choices as c
from tksk.format import samarkan
from tksk.scoping import wilayah_tugas

from ..models import Anggota, Keluarga, KlasifikasiPMKS
from .berkas import aman
from .kolom import KOLOM
from .models import Ekspor
from .xlsx_aliran import xlsx_aliran

POTONGAN = 2000


def _label(pilihan) -> dict[str, str]:
    return {k: str(v) for k, v in pilihan.choices}


def _pmks_anggota() -> Subquery:
    return Subquery(
        KlasifikasiPMKS.objects.filter(aktif=True, anggota_id=OuterRef("pk"))
        .order_by()
        .values("anggota_id")
        .annotate(s=StringAgg("jenis__singkatan", ", ", order_by="jenis__kode"))
        .values("s")[:1]
    )


def _pmks_keluarga(ref: str) -> Subquery:
    return Subquery(
        KlasifikasiPMKS.objects.filter(aktif=True, anggota__isnull=True, keluarga_id=OuterRef(ref))
        .order_by()
        .values("keluarga_id")
        .annotate(s=StringAgg("jenis__singkatan", ", ", order_by="jenis__kode"))
        .values("s")[:1]
    )


# --- Member list (import template columns + status) ---------------------------------------

JUDUL_ANGGOTA = [k.judul for k in KOLOM] + ["Kecamatan", "Keberadaan", "Status hidup"]
_FIELD_ANGGOTA = {
    "no_kk": "keluarga__no_kk", "nik": "nik", "nama": "nama", "tempat_lahir": "tempat_lahir",
    "tanggal_lahir": "tanggal_lahir", "jenis_kelamin": "jenis_kelamin", "hubungan": "hubungan",
    "status_perkawinan": "status_perkawinan", "pendidikan": "pendidikan", "pekerjaan": "pekerjaan",
    "disabilitas": "disabilitas", "pmks_anggota": "pmks_a", "pmks_keluarga": "pmks_k",
    "alamat": "keluarga__alamat", "rt": "keluarga__rt", "rw": "keluarga__rw", "kelurahan": "keluarga__kelurahan__nama",
    "status_kepemilikan_rumah": "keluarga__status_kepemilikan_rumah", "luas_lantai": "keluarga__luas_lantai",
    "lantai": "keluarga__lantai", "dinding": "keluarga__dinding", "atap": "keluarga__atap",
    "sumber_air_minum": "keluarga__sumber_air_minum", "penerangan": "keluarga__penerangan",
    "fasilitas_bab": "keluarga__fasilitas_bab",
}


def baris_anggota(qs: QuerySet, *, lengkap: bool) -> Iterator[list]:
    """One list per member of ``qs`` (an Anggota queryset already scoped and filtered)."""
    field = [_FIELD_ANGGOTA[k.kode] for k in KOLOM] + [
        "keluarga__kelurahan__induk__nama", "status", "status_hidup",
    ]
    label = {i: _label(k.pilihan) for i, k in enumerate(KOLOM) if k.pilihan is not None}
    label[len(KOLOM) + 1] = _label(c.StatusAnggota)
    label[len(KOLOM) + 2] = _label(c.StatusHidup)
    nomor = {0, 1}
    qs = qs.annotate(pmks_a=_pmks_anggota(), pmks_k=_pmks_keluarga("keluarga_id")).order_by("keluarga_id", "id")
    for row in qs.values_list(*field).iterator(chunk_size=POTONGAN):
        hasil = list(row)
        for i, peta in label.items():
            hasil[i] = peta.get(hasil[i], hasil[i] or "")
        if not lengkap:
            for i in nomor:
                hasil[i] = samarkan(hasil[i])
        yield hasil


# --- Household list --------------------------------------------------------------------------

JUDUL_KELUARGA = [
    "No. KK", "Kepala keluarga", "NIK kepala", "Jumlah anggota aktif", "Alamat", "RT", "RW", "Kelurahan",
    "Kecamatan", "Status", "Jenis PMKS keluarga", "Status kepemilikan rumah", "Luas lantai (m2)", "Lantai",
    "Dinding", "Atap", "Sumber air minum", "Penerangan", "Fasilitas BAB", "Desil",
]


def baris_keluarga(qs: QuerySet, *, lengkap: bool) -> Iterator[list]:
    from django.db.models import Count, IntegerField

    kepala = Anggota.objects.filter(keluarga_id=OuterRef("pk"), hubungan=c.Hubungan.KEPALA,
                                    status=c.StatusAnggota.AKTIF)
    jumlah = (  # index-only on ``anggota_aktif_rentan``
        Anggota.objects.filter(keluarga_id=OuterRef("pk"), status=c.StatusAnggota.AKTIF)
        .order_by().values("keluarga_id").annotate(n=Count("keluarga_id")).values("n")
    )
    qs = qs.annotate(
        kepala_nama=Subquery(kepala.values("nama")[:1]),
        kepala_nik=Subquery(kepala.values("nik")[:1]),
        jumlah_aktif=Subquery(jumlah, output_field=IntegerField()),
        pmks_k=_pmks_keluarga("pk"),
    )
    field = [
        "no_kk", "kepala_nama", "kepala_nik", "jumlah_aktif", "alamat", "rt", "rw", "kelurahan__nama",
        "kelurahan__induk__nama", "status", "pmks_k", "status_kepemilikan_rumah", "luas_lantai", "lantai",
        "dinding", "atap", "sumber_air_minum", "penerangan", "fasilitas_bab", "desil",
    ]
    label = {
        9: _label(c.StatusKeluarga), 11: _label(c.StatusKepemilikanRumah), 13: _label(c.Lantai),
        14: _label(c.Dinding), 15: _label(c.Atap), 16: _label(c.SumberAirMinum), 17: _label(c.Penerangan),
        18: _label(c.FasilitasBAB),
    }
    for row in _per_kelurahan(qs, field):
        hasil = list(row)
        hasil[3] = hasil[3] or 0
        for i, peta in label.items():
            hasil[i] = peta.get(hasil[i], hasil[i] or "")
        if not lengkap:
            hasil[0], hasil[2] = samarkan(hasil[0]), samarkan(hasil[2] or "")
        yield hasil


def _per_kelurahan(qs: QuerySet, field: list[str]) -> Iterator[tuple]:
    """The rows of ``qs`` (households) in the export's order — kelurahan code, then id — read one
    kelurahan at a time: one query per kelurahan (index on ``kelurahan_id``, its rows sorted by id),
    so the first rows leave at once, no statement or transaction lasts the whole export, and memory
    is bounded by the largest kelurahan even where server-side cursors are off (PgBouncer in
    transaction mode). The kelurahan come from one semi-join over ``qs``. Rows are read kelurahan by
    kelurahan, so a household moved during a long export may appear twice or not at all."""
    from tksk.models import Wilayah

    kelurahan = Wilayah.objects.using(qs.db).filter(pk__in=qs.order_by().values("kelurahan_id")).order_by("kode")
    for kel_id in kelurahan.values_list("pk", flat=True):
        yield from qs.filter(kelurahan_id=kel_id).order_by("id").values_list(*field).iterator(chunk_size=POTONGAN)


JENIS = {"keluarga": (JUDUL_KELUARGA, baris_keluarga, {0, 2}), "anggota": (JUDUL_ANGGOTA, baris_anggota, {0, 1})}


def _nilai(v: object) -> object:
    if v is None:
        return ""
    return aman(v)


def csv_stream(judul: list[str], baris: Iterator[list]) -> Iterator[bytes]:
    """UTF-8 with BOM, ``;``-separated (as Indonesian Excel expects), dates dd-mm-yyyy."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    buf.write("\ufeff")
    w.writerow(judul)
    for n, row in enumerate(baris, start=1):
        w.writerow([f"{v:%d-%m-%Y}" if isinstance(v, date) else _nilai(v) for v in row])
        if n % 500 == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def xlsx_stream(judul: list[str], baris: Iterator[list], *, kolom_teks: set[int]) -> Iterator[bytes]:
    """XLSX streamed as it is produced (``xlsx_aliran``); NIK / No. KK columns are text cells."""
    return xlsx_aliran(judul, ([aman(v) if i not in kolom_teks else v for i, v in enumerate(r)] for r in baris),
                       kolom_teks=kolom_teks)


def ekspor_catat(*, user, jenis: str, format: str, filter: dict, jumlah_baris: int) -> Ekspor:
    return Ekspor.objects.create(oleh=user, wilayah=wilayah_tugas(user), jenis=jenis, format=format,
                                 filter=filter, jumlah_baris=jumlah_baris)


def filter_tersimpan(filterset, data) -> dict[str, str]:
    """The validated filter values the user set (ids of chosen objects), to log and repeat an export.

    Only names of the filter form, only values that passed its validation: raw query parameters
    (a null byte, a parameter the form does not know) never reach the JSON log.
    """
    hasil = {}
    for nama in filterset.filters:
        nilai = filterset.form.cleaned_data.get(nama)
        if not data.get(nama) or nilai in (None, ""):
            continue
        hasil[nama] = str(nilai.pk) if hasattr(nilai, "pk") else str(nilai)
    return hasil


def pesan_filter_tidak_sah(filterset) -> str:
    fields = filterset.form.fields
    return "; ".join(
        f"{(fields[k].label if k in fields else None) or k.capitalize()}: {' '.join(v)}"
        for k, v in filterset.form.errors.items()
    )


_DERET_ANGKA = re.compile(r"\d{8,}")


def samarkan_angka(teks: str) -> str:
    """Mask every NIK / No. KK-like run of digits in a free text (a search term in the export log)."""
    return _DERET_ANGKA.sub(lambda m: samarkan(m.group()), teks)


def anggota_dari_keluarga(keluarga_qs: QuerySet) -> QuerySet:
    """Members of the (filtered, scoped) households."""
    return Anggota.objects.filter(keluarga__in=keluarga_qs.order_by().values("pk"))


__all__ = ["Keluarga", "JENIS", "anggota_dari_keluarga", "csv_stream", "ekspor_catat", "xlsx_stream"]
