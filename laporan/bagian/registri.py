"""Section I: the PMKS registry — households and persons, by jenis PMKS and area.

Definitions (stated in the report's notes too):
- *Stok akhir bulan*: active households (status aktif) registered before the end of the month,
  and their active members. Status changes are not dated in the registry, so a household that
  moved away later is no longer counted when a draft is recomputed; the submitted snapshot
  keeps the figures as they were at submission.
- *Keluarga PMKS* of a jenis: households in the stock (above) with an active classification of
  that jenis (for the household or for one of its members) assessed on or before the month's last
  day — so PMKS households never exceed the registered households of the same month.
  *Jiwa PMKS*: persons classified themselves, plus the active members of households classified
  as a whole; each person counted once per jenis.
- *Baru*: first assessment of that jenis for the household / person falls in the month. (A person
  classified individually *and* through the household for the same jenis counts with the
  household's assessment date.)
"""

from __future__ import annotations

from pmks.models import JenisPMKS
from pmks.registri.angka import SEMUA_JENIS, angka_registri

from .. import grafik
from . import Lingkup, bagian, kolom, per_unit_dari, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Registri PMKS"

def _rollup(lingkup: Lingkup) -> dict[int, dict[int, dict[str, int]]]:
    """The month's registry figures per kelurahan and jenis (``pmks.registri.angka.angka_registri``: the
    rollup, one query whatever the number of households)."""
    return angka_registri(bulan=lingkup.periode.awal, kelurahan_ids=lingkup.kelurahan_ids)


def _per_jenis(angka: dict[int, dict[int, dict[str, int]]]) -> list[tuple]:
    """Rows ``(kk|jiwa, jenis id, kelurahan id, stok, baru)``."""
    baris = []
    for kelurahan_id, per_jenis in angka.items():
        for jenis_id, n in per_jenis.items():
            if jenis_id == SEMUA_JENIS:
                continue
            baris.append(("kk", jenis_id, kelurahan_id, n["kk"], n["kk_baru"]))
            if n["jiwa"]:
                baris.append(("jiwa", jenis_id, kelurahan_id, n["jiwa"], n["jiwa_baru"]))
    return baris


def _ringkasan(lingkup: Lingkup, angka: dict[int, dict[int, dict[str, int]]]) -> dict[str, dict]:
    """Households and persons in the stock (and new), PMKS households (and new), per unit."""
    per_kelurahan = {
        kel: {
            "kk": n["kk"], "kk_baru": n["kk_baru"], "jiwa": n["jiwa"], "jiwa_baru": n["jiwa_baru"],
            "pmks_kk": n["pmks"], "pmks_kk_baru": n["pmks_baru"],
        }
        for kel, per_jenis in angka.items()
        if (n := per_jenis.get(SEMUA_JENIS))
    }
    return per_unit_dari(lingkup, per_kelurahan)


def _tabel_jenis(lingkup: Lingkup, kategori: list[tuple[str, str]], angka: dict) -> list[dict]:
    """The per-jenis table and the jenis × unit matrices of households and persons."""
    per_jenis: dict[int, dict] = {}
    matriks_kk: dict[tuple[str, str], int] = {}
    matriks_jiwa: dict[tuple[str, str], int] = {}
    for jenis_baris, jenis_id, kelurahan_id, stok, baru in _per_jenis(angka):
        unit = lingkup.unit_kelurahan.get(kelurahan_id)
        if unit is None:
            continue
        tujuan = per_jenis.setdefault(jenis_id, {"kk": 0, "kk_baru": 0, "jiwa": 0, "jiwa_baru": 0})
        tujuan[jenis_baris] += stok
        tujuan[f"{jenis_baris}_baru"] += baru
        matriks = matriks_kk if jenis_baris == "kk" else matriks_jiwa
        matriks[(str(jenis_id), unit)] = matriks.get((str(jenis_id), unit), 0) + stok
    unit_label = lingkup.label_unit.lower()
    return [
        tabel(
            kode="registri_per_jenis",
            judul="PMKS per jenis",
            label="Jenis PMKS",
            kolom_nilai=[
                kolom("kk", "Keluarga (stok)"),
                kolom("kk_baru", "Keluarga baru"),
                kolom("jiwa", "Jiwa (stok)"),
                kolom("jiwa_baru", "Jiwa baru"),
            ],
            baris=[
                {"label": nama, "nilai": per_jenis[int(kode)]} for kode, nama in kategori if int(kode) in per_jenis
            ],
            total=False,
            catatan="Satu keluarga/jiwa dapat tercatat pada lebih dari satu jenis PMKS, sehingga tidak dijumlahkan.",
        ),
        tabel_matriks(
            lingkup,
            kode="registri_matriks_kk",
            judul=f"Keluarga PMKS per jenis × {unit_label} (stok akhir bulan)",
            label="Jenis PMKS",
            kategori=kategori,
            data=matriks_kk,
        ),
        tabel_matriks(
            lingkup,
            kode="registri_matriks_jiwa",
            judul=f"Jiwa PMKS per jenis × {unit_label} (stok akhir bulan)",
            label="Jenis PMKS",
            kategori=kategori,
            data=matriks_jiwa,
        ),
    ]


def bangun(lingkup: Lingkup) -> dict:
    angka = _rollup(lingkup)
    data = _ringkasan(lingkup, angka)
    jenis_list = list(JenisPMKS.objects.order_by("kode").values_list("id", "singkatan", "nama"))
    kategori = [(str(i), f"{singkatan} — {nama}") for i, singkatan, nama in jenis_list]
    ringkasan = tabel_per_unit(
        lingkup,
        kode="registri_ringkasan",
        judul=f"Keluarga dan jiwa terdaftar per {lingkup.label_unit.lower()}",
        kolom_nilai=[
            kolom("kk", "Keluarga (stok akhir bulan)"),
            kolom("kk_baru", "Keluarga baru bulan ini"),
            kolom("jiwa", "Jiwa (stok)"),
            kolom("jiwa_baru", "Jiwa baru"),
            kolom("pmks_kk", "Keluarga PMKS"),
            kolom("pmks_kk_baru", "Keluarga PMKS baru"),
        ],
        data=data,
        catatan="Keluarga PMKS: keluarga aktif dengan sedikitnya satu klasifikasi PMKS aktif.",
    )
    grafik_unit = grafik.batang(
        kode="grafik_pmks_unit",
        judul=f"Keluarga PMKS per {lingkup.label_unit.lower()}",
        data=[(u["nama"], data.get(u["kode"], {}).get("pmks_kk", 0)) for u in lingkup.unit],
    )
    return bagian(
        kode="registri",
        judul=JUDUL,
        tabel_list=[ringkasan, *_tabel_jenis(lingkup, kategori, angka)],
        grafik=[grafik_unit],
        catatan=(
            "Stok akhir bulan menghitung keluarga/anggota berstatus aktif yang terdaftar sebelum akhir bulan; "
            "baru = terdaftar atau pertama kali dinilai pada bulan laporan (batas bulan menurut WIB)."
        ),
    )
