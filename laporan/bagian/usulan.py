"""Section II: aid proposals (usulan) by program × status, created / decided in the month.

Definitions:
- *Dibuat*: proposals whose record was created in the month (WIB boundaries).
- *Diajukan / diverifikasi / disetujui / ditolak / dikembalikan / dibatalkan*: proposals that
  reached that status in the month, read from the status history (``RiwayatStatusUsulan``), so a
  proposal approved in the month still counts as approved even if it was distributed later.
The figures are ``bantuan.selectors.angka_usulan`` (the aid rollup, kept by triggers): one query over
the area's kelurahan × programs plus one for program names, whatever the number of proposals.
"""

from __future__ import annotations

from collections import defaultdict

from bantuan.models import ProgramBantuan
from bantuan.selectors import angka_usulan

from .. import grafik
from . import Lingkup, bagian, kolom, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Usulan bantuan"

# Status reached in the month → column label (order of the columns).
KOLOM_STATUS = [
    ("diajukan", "Diajukan"),
    ("diverifikasi", "Diverifikasi"),
    ("disetujui", "Disetujui"),
    ("ditolak", "Ditolak"),
    ("dikembalikan", "Dikembalikan"),
    ("dibatalkan", "Dibatalkan"),
]


def _angka(lingkup: Lingkup) -> tuple[dict, dict, dict]:
    """(per program, per unit, approvals per program × unit) of the month, from the aid rollup
    (``bantuan.selectors.angka_usulan``: 1 query over kelurahan × programs)."""
    per_program: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    per_unit: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    matriks_setuju: dict[tuple[str, str], int] = defaultdict(int)
    dipakai = {"dibuat", *(s for s, _ in KOLOM_STATUS)}
    semua = angka_usulan(bulan=lingkup.periode.awal, kelurahan_ids=lingkup.kelurahan_ids)
    for (kel, program_id), angka in semua.items():
        unit = lingkup.unit_kelurahan.get(kel)
        for peristiwa, n in angka.items():
            if peristiwa not in dipakai:
                continue
            per_program[program_id][peristiwa] += n
            if unit:
                per_unit[unit][peristiwa] += n
                if peristiwa == "disetujui":
                    matriks_setuju[(str(program_id), unit)] += n
    return per_program, per_unit, matriks_setuju


def bangun(lingkup: Lingkup) -> dict:
    per_program, per_unit, matriks_setuju = _angka(lingkup)
    program = dict(ProgramBantuan.objects.filter(pk__in=list(per_program)).values_list("id", "nama"))
    kolom_nilai = [kolom("dibuat", "Dibuat"), *[kolom(s, label) for s, label in KOLOM_STATUS]]
    urut = sorted(per_program, key=lambda i: program.get(i, ""))
    tabel_program = tabel(
        kode="usulan_per_program",
        judul="Usulan per program dan status (peristiwa bulan ini)",
        label="Program",
        kolom_nilai=kolom_nilai,
        baris=[{"label": program.get(i, f"Program #{i}"), "nilai": per_program[i]} for i in urut],
        catatan="Angka status = usulan yang mencapai status itu pada bulan laporan (menurut riwayat status).",
    )
    tabel_unit = tabel_per_unit(
        lingkup,
        kode="usulan_per_unit",
        judul=f"Usulan per {lingkup.label_unit.lower()} (peristiwa bulan ini)",
        kolom_nilai=kolom_nilai,
        data=per_unit,
    )
    tabel_setuju = tabel_matriks(
        lingkup,
        kode="usulan_matriks_disetujui",
        judul=f"Usulan disetujui bulan ini per program × {lingkup.label_unit.lower()}",
        label="Program",
        kategori=[(str(i), program.get(i, f"Program #{i}")) for i in urut],
        data=matriks_setuju,
    )
    grafik_status = grafik.batang(
        kode="grafik_usulan_status",
        judul="Usulan menurut status yang dicapai bulan ini",
        data=[
            (label, sum(per_program[i].get(s, 0) for i in per_program))
            for s, label in [("dibuat", "Dibuat"), *KOLOM_STATUS]
        ],
        warna=1,
    )
    return bagian(
        kode="usulan",
        judul=JUDUL,
        tabel_list=[tabel_program, tabel_unit, tabel_setuju],
        grafik=[grafik_status],
    )
