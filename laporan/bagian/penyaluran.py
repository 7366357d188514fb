"""Section III: distributions (penyaluran) in the month by program × area: recipients and Rupiah.

Definitions:
- A distribution belongs to the month of its ``tanggal`` (``Penyaluran.bulan``).
- *Penerima*: distinct households with a distribution of that program in the month.
- *Nilai (Rp)*: the recorded ``nilai``; when empty (in-kind aid) the program's
  ``nilai_per_penerima`` (its estimated value) is used, as stated in the note.
- *Penerima program pusat (data eksternal)*: households on an imported list (PKH/BPNT BNBA)
  whose period covers part of the month — counted, not valued (their amounts are not recorded).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from .. import grafik
from . import Lingkup, bagian, belum_tersedia, bersih, kolom, model_ada, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Penyaluran bantuan"


def bangun(lingkup: Lingkup) -> dict:
    Penyaluran = model_ada("bantuan", "Penyaluran")
    Program = model_ada("bantuan", "ProgramBantuan")
    Eksternal = model_ada("bantuan", "PenerimaanEksternal")
    if Penyaluran is None or Program is None:
        return belum_tersedia(kode="penyaluran", judul=JUDUL, catatan="Modul penyaluran bantuan belum tersedia.")
    p = lingkup.periode
    ids = lingkup.kelurahan_ids

    salur = (
        Penyaluran.objects.filter(usulan__keluarga__kelurahan_id__in=ids, bulan=p.awal)
        .values("usulan__program_id", "usulan__keluarga__kelurahan_id")
        .annotate(
            kali=Count("id"),
            penerima=Count("usulan__keluarga_id", distinct=True),
            nilai=Sum(Coalesce("nilai", "usulan__program__nilai_per_penerima")),
        )
        .order_by()
    )
    per_program: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    per_unit: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    matriks_penerima: dict[tuple[str, str], int] = defaultdict(int)
    matriks_nilai: dict[tuple[str, str], int] = defaultdict(int)
    for row in salur:
        program_id = row["usulan__program_id"]
        unit = lingkup.unit_kelurahan.get(row["usulan__keluarga__kelurahan_id"])
        for kunci in ("kali", "penerima", "nilai"):
            per_program[program_id][kunci] += bersih(row[kunci])
            if unit:
                per_unit[unit][kunci] += bersih(row[kunci])
        if unit:
            matriks_penerima[(str(program_id), unit)] += row["penerima"]
            matriks_nilai[(str(program_id), unit)] += bersih(row["nilai"])

    eksternal_per_program: dict[int, int] = defaultdict(int)
    matriks_eksternal: dict[tuple[str, str], int] = defaultdict(int)
    if Eksternal is not None:
        eksternal = (
            Eksternal.objects.filter(
                keluarga__kelurahan_id__in=ids,
                aktif=True,
                periode_mulai__lte=p.tanggal_akhir,
                periode_selesai__gte=p.awal,
            )
            .values("program_id", "keluarga__kelurahan_id")
            .annotate(n=Count("keluarga_id", distinct=True))
            .order_by()
        )
        for row in eksternal:
            eksternal_per_program[row["program_id"]] += row["n"]
            unit = lingkup.unit_kelurahan.get(row["keluarga__kelurahan_id"])
            if unit:
                matriks_eksternal[(str(row["program_id"]), unit)] += row["n"]

    program = dict(
        Program.objects.filter(pk__in=[*per_program, *eksternal_per_program]).values_list("id", "nama")
    )
    urut = sorted(per_program, key=lambda i: program.get(i, ""))
    kategori = [(str(i), program.get(i, f"Program #{i}")) for i in urut]
    kolom_nilai = [
        kolom("penerima", "Keluarga penerima"),
        kolom("kali", "Penyaluran"),
        kolom("nilai", "Nilai (Rp)", "rupiah"),
    ]
    tabel_list = [
        tabel(
            kode="penyaluran_per_program",
            judul="Penyaluran bulan ini per program",
            label="Program",
            kolom_nilai=kolom_nilai,
            baris=[{"label": nama, "nilai": per_program[int(kode)]} for kode, nama in kategori],
            catatan="Nilai bantuan barang yang tidak dicatat memakai perkiraan nilai per penerima dari program.",
        ),
        tabel_per_unit(
            lingkup,
            kode="penyaluran_per_unit",
            judul=f"Penyaluran bulan ini per {lingkup.label_unit.lower()}",
            kolom_nilai=kolom_nilai,
            data=per_unit,
            catatan="Satu keluarga yang menerima dua program dihitung pada tiap program.",
        ),
        tabel_matriks(
            lingkup,
            kode="penyaluran_matriks_penerima",
            judul=f"Keluarga penerima per program × {lingkup.label_unit.lower()}",
            label="Program",
            kategori=kategori,
            data=matriks_penerima,
        ),
        tabel_matriks(
            lingkup,
            kode="penyaluran_matriks_nilai",
            judul=f"Nilai penyaluran (Rp) per program × {lingkup.label_unit.lower()}",
            label="Program",
            kategori=kategori,
            data=matriks_nilai,
            format="rupiah",
        ),
    ]
    if Eksternal is not None:
        urut_eks = sorted(eksternal_per_program, key=lambda i: program.get(i, ""))
        tabel_list.append(
            tabel_matriks(
                lingkup,
                kode="penyaluran_matriks_eksternal",
                judul=f"Penerima program pusat menurut data eksternal (BNBA) per {lingkup.label_unit.lower()}",
                label="Program",
                kategori=[(str(i), program.get(i, f"Program #{i}")) for i in urut_eks],
                data=matriks_eksternal,
                catatan="Keluarga dalam daftar impor yang periodenya mencakup bulan laporan.",
            )
        )
    grafik_nilai = grafik.batang(
        kode="grafik_penyaluran_nilai",
        judul="Nilai penyaluran bulan ini per program",
        data=[(nama, per_program[int(kode)]["nilai"]) for kode, nama in kategori],
        format="rupiah",
        warna=2,
    )
    return bagian(kode="penyaluran", judul=JUDUL, tabel_list=tabel_list, grafik=[grafik_nilai])
