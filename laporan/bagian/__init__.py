"""Report sections: each section is built by one function from aggregation queries.

A builder has the signature ``bangun(lingkup: Lingkup) -> dict`` and returns a JSON-ready dict
(so it can be frozen in a snapshot) made of generic *tables* and *charts* (see ``tabel`` and
``laporan.grafik``). Templates (HTML, PDF) and the XLSX writer render those generically, so the
three formats always show the same figures.

Queries group by kelurahan (the finest area); ``Lingkup`` maps each kelurahan to the *unit* a
report shows as a row or column: the kelurahan itself in a kecamatan report, its kecamatan in
the city recap. Every builder runs a fixed number of queries whatever the data size.

Sections count nothing themselves: each figure comes from the one selector that defines it
(``pmks.registri.angka``, ``bantuan.selectors``, ``pmks.pendampingan.selectors.rekap``), called unscoped
with the report's kelurahan — the report's views already decided who may see the area.

A new section: a module with ``bangun(lingkup) -> dict`` (built with ``bagian``/``tabel`` below),
added to ``daftar_bagian``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from tksk.models import Tingkat, Wilayah

from ..periode import Periode


@dataclass
class Lingkup:
    """The area and month a report covers, and how kelurahan roll up into report units."""

    wilayah: Wilayah  # a kecamatan (monthly report) or a kota/kabupaten (recap)
    periode: Periode
    unit: list[dict] = field(default_factory=list)  # [{"kode", "nama"}] in display order
    unit_kelurahan: dict[int, str] = field(default_factory=dict)  # kelurahan id → unit kode
    label_unit: str = "Kelurahan"

    @classmethod
    def untuk(cls, *, wilayah: Wilayah, periode: Periode) -> Lingkup:
        """One query: every kelurahan/desa inside ``wilayah`` with its kecamatan."""
        kelurahan = list(
            Wilayah.objects.kelurahan()
            .di_dalam(wilayah)
            .select_related("induk")
            .order_by("kode")
        )
        lingkup = cls(wilayah=wilayah, periode=periode)
        if wilayah.tingkat == Tingkat.KECAMATAN:
            lingkup.label_unit = "Kelurahan"
            lingkup.unit = [{"kode": k.kode, "nama": k.nama} for k in kelurahan]
            lingkup.unit_kelurahan = {k.id: k.kode for k in kelurahan}
        else:
            lingkup.label_unit = "Kecamatan"
            kecamatan: dict[str, str] = {}
            for k in kelurahan:
                kecamatan.setdefault(k.induk.kode, k.induk.nama)
            lingkup.unit = [{"kode": kode, "nama": nama} for kode, nama in sorted(kecamatan.items())]
            lingkup.unit_kelurahan = {k.id: k.induk.kode for k in kelurahan}
        return lingkup

    @property
    def kelurahan_ids(self) -> list[int]:
        return list(self.unit_kelurahan)


# --- values ------------------------------------------------------------------------------
def bersih(nilai) -> int | float:
    """Database numbers → JSON-safe numbers (Rupiah are whole numbers)."""
    if nilai is None:
        return 0
    if isinstance(nilai, Decimal):
        return int(nilai) if nilai == nilai.to_integral_value() else float(nilai)
    return nilai


def per_unit(lingkup: Lingkup, baris: Iterable[dict], *, kunci_kelurahan: str, nilai: list[str]) -> dict:
    """Sum aggregated rows (grouped by kelurahan) into ``{unit_kode: {nilai: n}}``."""
    hasil: dict[str, dict] = defaultdict(lambda: dict.fromkeys(nilai, 0))
    for row in baris:
        unit = lingkup.unit_kelurahan.get(row[kunci_kelurahan])
        if unit is None:
            continue
        for n in nilai:
            hasil[unit][n] += bersih(row.get(n))
    return hasil


# A4 portrait holds a label column plus this many number columns at 8 pt; wider tables
# (kabupaten with many desa per kecamatan) go on a landscape page.
BATAS_KOLOM_POTRET = 9


# --- tables ------------------------------------------------------------------------------
def kolom(kode: str, judul: str, format: str = "angka") -> dict:
    """A table column; ``format`` is "angka", "rupiah" or "teks"."""
    return {"kode": kode, "judul": judul, "format": format}


def tabel(
    *,
    kode: str,
    judul: str,
    label: str,
    kolom_nilai: list[dict],
    baris: list[dict],
    total: bool = True,
    catatan: str = "",
    lanskap: bool | None = None,
) -> dict:
    """A generic table. ``baris`` items are ``{"label": str, "nilai": {kolom kode: number}}``.

    With ``total`` a "Jumlah" row sums every numeric column. Tables with many columns are
    printed on a landscape page.
    """
    hasil = {
        "kode": kode,
        "judul": judul,
        "label": label,
        "kolom": kolom_nilai,
        "baris": [
            {"label": b["label"], "nilai": {k["kode"]: bersih(b["nilai"].get(k["kode"], 0)) for k in kolom_nilai}}
            for b in baris
        ],
        "total": None,
        "catatan": catatan,
        "lanskap": len(kolom_nilai) > BATAS_KOLOM_POTRET if lanskap is None else lanskap,
        "rapat": len(kolom_nilai) > 6,
    }
    if total:
        hasil["total"] = {
            k["kode"]: sum(b["nilai"][k["kode"]] for b in hasil["baris"])
            for k in kolom_nilai
            if k["format"] != "teks"
        }
    return hasil


def tabel_per_unit(
    lingkup: Lingkup, *, kode: str, judul: str, kolom_nilai: list[dict], data: dict, catatan: str = ""
) -> dict:
    """One row per report unit (kelurahan, or kecamatan in the recap), zero rows included."""
    baris = [{"label": u["nama"], "nilai": data.get(u["kode"], {})} for u in lingkup.unit]
    return tabel(
        kode=kode, judul=judul, label=lingkup.label_unit, kolom_nilai=kolom_nilai, baris=baris, catatan=catatan
    )


def tabel_matriks(
    lingkup: Lingkup,
    *,
    kode: str,
    judul: str,
    label: str,
    kategori: list[tuple[str, str]],
    data: dict[tuple[str, str], int | float],
    format: str = "angka",
    catatan: str = "",
    sembunyikan_kosong: bool = True,
) -> dict:
    """Category (rows) × report unit (columns) with a "Jumlah" column and row.

    ``data`` maps (kategori kode, unit kode) → value. Empty category rows are left out.
    """
    kolom_nilai = [kolom(u["kode"], u["nama"], format) for u in lingkup.unit] + [kolom("jumlah", "Jumlah", format)]
    baris = []
    for kat_kode, kat_nama in kategori:
        nilai = {u["kode"]: data.get((kat_kode, u["kode"]), 0) for u in lingkup.unit}
        nilai["jumlah"] = sum(nilai.values())
        if sembunyikan_kosong and not nilai["jumlah"]:
            continue
        baris.append({"label": kat_nama, "nilai": nilai})
    return tabel(
        kode=kode, judul=judul, label=label, kolom_nilai=kolom_nilai, baris=baris, catatan=catatan,
    )


# --- sections ----------------------------------------------------------------------------
def bagian(
    *, kode: str, judul: str, tabel_list: list[dict], grafik: list[dict] | None = None, catatan: str = ""
) -> dict:
    return {
        "kode": kode,
        "judul": judul,
        "tersedia": True,
        "tabel": tabel_list,
        "grafik": grafik or [],
        "catatan": catatan,
    }


def per_unit_dari(lingkup: Lingkup, per_kelurahan: dict[int, dict]) -> dict[str, dict]:
    """``{kelurahan id: {nilai: n}}`` (a selector's figures) summed into ``{unit kode: {nilai: n}}``."""
    hasil: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for kelurahan_id, nilai in per_kelurahan.items():
        unit = lingkup.unit_kelurahan.get(kelurahan_id)
        if unit is None:
            continue
        for kode, n in nilai.items():
            hasil[unit][kode] += bersih(n)
    return hasil


def daftar_bagian() -> list[tuple[str, Callable[[Lingkup], dict]]]:
    """The report's sections in order (imported here, not at the top: they import this module)."""
    from . import aduan, cakupan, desil, pendampingan, penyaluran, registri, usulan

    return [
        ("registri", registri.bangun),
        ("usulan", usulan.bangun),
        ("penyaluran", penyaluran.bangun),
        ("pendampingan", pendampingan.bangun),
        ("cakupan", cakupan.bangun),
        ("aduan", aduan.bangun),
        ("desil", desil.bangun),
    ]
