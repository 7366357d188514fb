"""Section III: distributions (penyaluran) in the month by program × area: recipients and Rupiah.

Definitions:
- A distribution belongs to the month of its ``tanggal`` (``Penyaluran.bulan``).
- *Penerima*: distinct households with a distribution of that program in the month.
- *Nilai (Rp)*: the recorded ``nilai``; when empty (in-kind aid) the program's
  ``nilai_per_penerima`` (its estimated value) is used, as stated in the note.
- *Penerima program pusat (data eksternal)*: households on an imported list (PKH/BPNT BNBA)
  whose period covers part of the month — counted, not valued (their amounts are not recorded).
The figures are ``bantuan.selectors.angka_penyaluran`` / ``angka_penerima_eksternal`` (the aid
rollup, kept by triggers): 2 queries over the area's kelurahan × programs, whatever the data size.
"""

from __future__ import annotations

from collections import defaultdict

from bantuan.models import ProgramBantuan
from bantuan.selectors import angka_penerima_eksternal, angka_penyaluran

from .. import grafik
from . import Lingkup, bagian, kolom, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Penyaluran bantuan"


def _salur(lingkup: Lingkup) -> dict:
    """Distributions of the month per program, per unit and program × unit
    (``bantuan.selectors.angka_penyaluran``: the aid rollup, 1 query)."""
    hasil = {
        "per_program": defaultdict(lambda: defaultdict(int)),
        "per_unit": defaultdict(lambda: defaultdict(int)),
        "matriks_penerima": defaultdict(int),
        "matriks_nilai": defaultdict(int),
    }
    salur = angka_penyaluran(bulan=lingkup.periode.awal, kelurahan_ids=lingkup.kelurahan_ids)
    for (kel, program_id), row in salur.items():
        unit = lingkup.unit_kelurahan.get(kel)
        for kunci in ("kali", "penerima", "nilai"):
            hasil["per_program"][program_id][kunci] += row[kunci]
            if unit:
                hasil["per_unit"][unit][kunci] += row[kunci]
        if unit:
            hasil["matriks_penerima"][(str(program_id), unit)] += row["penerima"]
            hasil["matriks_nilai"][(str(program_id), unit)] += row["nilai"]
    return hasil


def _eksternal(lingkup: Lingkup) -> tuple[dict[int, int], dict[tuple[str, str], int]]:
    """Households on external lists (PKH/BPNT) covering part of the month, per program (× unit)
    (``bantuan.selectors.angka_penerima_eksternal``: the aid rollup, 1 query)."""
    per_program: dict[int, int] = defaultdict(int)
    matriks: dict[tuple[str, str], int] = defaultdict(int)
    eksternal = angka_penerima_eksternal(bulan=lingkup.periode.awal, kelurahan_ids=lingkup.kelurahan_ids)
    for (kel, program_id), n in eksternal.items():
        per_program[program_id] += n
        unit = lingkup.unit_kelurahan.get(kel)
        if unit:
            matriks[(str(program_id), unit)] += n
    return per_program, matriks


def _tabel_salur(lingkup: Lingkup, s: dict, kategori: list[tuple[str, str]]) -> list[dict]:
    """The four distribution tables: per program, per unit, recipients and Rupiah per program × unit."""
    kolom_nilai = [
        kolom("penerima", "Keluarga penerima"),
        kolom("kali", "Penyaluran"),
        kolom("nilai", "Nilai (Rp)", "rupiah"),
    ]
    unit_label = lingkup.label_unit.lower()
    return [
        tabel(
            kode="penyaluran_per_program",
            judul="Penyaluran bulan ini per program",
            label="Program",
            kolom_nilai=kolom_nilai,
            baris=[{"label": nama, "nilai": s["per_program"][int(kode)]} for kode, nama in kategori],
            catatan="Nilai bantuan barang yang tidak dicatat memakai perkiraan nilai per penerima dari program.",
        ),
        tabel_per_unit(
            lingkup,
            kode="penyaluran_per_unit",
            judul=f"Penyaluran bulan ini per {unit_label}",
            kolom_nilai=kolom_nilai,
            data=s["per_unit"],
            catatan="Satu keluarga yang menerima dua program dihitung pada tiap program.",
        ),
        tabel_matriks(
            lingkup,
            kode="penyaluran_matriks_penerima",
            judul=f"Keluarga penerima per program × {unit_label}",
            label="Program",
            kategori=kategori,
            data=s["matriks_penerima"],
        ),
        tabel_matriks(
            lingkup,
            kode="penyaluran_matriks_nilai",
            judul=f"Nilai penyaluran (Rp) per program × {unit_label}",
            label="Program",
            kategori=kategori,
            data=s["matriks_nilai"],
            format="rupiah",
        ),
    ]


def bangun(lingkup: Lingkup) -> dict:
    s = _salur(lingkup)
    per_program = s["per_program"]
    eksternal_per_program, matriks_eksternal = _eksternal(lingkup)
    program = dict(
        ProgramBantuan.objects.filter(pk__in=[*per_program, *eksternal_per_program]).values_list("id", "nama")
    )
    urut = sorted(per_program, key=lambda i: program.get(i, ""))
    kategori = [(str(i), program.get(i, f"Program #{i}")) for i in urut]
    urut_eks = sorted(eksternal_per_program, key=lambda i: program.get(i, ""))
    tabel_eksternal = tabel_matriks(
        lingkup,
        kode="penyaluran_matriks_eksternal",
        judul=f"Penerima program pusat menurut data eksternal (BNBA) per {lingkup.label_unit.lower()}",
        label="Program",
        kategori=[(str(i), program.get(i, f"Program #{i}")) for i in urut_eks],
        data=matriks_eksternal,
        catatan="Keluarga dalam daftar impor yang periodenya mencakup bulan laporan.",
    )
    grafik_nilai = grafik.batang(
        kode="grafik_penyaluran_nilai",
        judul="Nilai penyaluran bulan ini per program",
        data=[(nama, per_program[int(kode)]["nilai"]) for kode, nama in kategori],
        format="rupiah",
        warna=2,
    )
    return bagian(
        kode="penyaluran",
        judul=JUDUL,
        tabel_list=[*_tabel_salur(lingkup, s, kategori), tabel_eksternal],
        grafik=[grafik_nilai],
    )
