"""Section II: aid proposals (usulan) by program × status, created / decided in the month.

Definitions:
- *Dibuat*: proposals whose record was created in the month (WIB boundaries).
- *Diajukan / diverifikasi / disetujui / ditolak / dikembalikan / dibatalkan*: proposals that
  reached that status in the month, read from the status history (``RiwayatStatusUsulan``), so a
  proposal approved in the month still counts as approved even if it was distributed later.
Two aggregation queries plus one for program names.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from bantuan.models import ProgramBantuan, RiwayatStatusUsulan, Usulan

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
    """(per program, per unit, approvals per program × unit) of the month (2 queries)."""
    p = lingkup.periode
    ids = lingkup.kelurahan_ids

    dibuat = (
        Usulan.objects.filter(keluarga__kelurahan_id__in=ids, dibuat_pada__gte=p.mulai, dibuat_pada__lt=p.selesai)
        .values("program_id", "keluarga__kelurahan_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    riwayat = (
        RiwayatStatusUsulan.objects.filter(
            usulan__keluarga__kelurahan_id__in=ids,
            pada__gte=p.mulai,
            pada__lt=p.selesai,
            ke__in=[s for s, _ in KOLOM_STATUS],
        )
        .values("usulan__program_id", "usulan__keluarga__kelurahan_id", "ke")
        .annotate(n=Count("usulan_id", distinct=True))
        .order_by()
    )
    per_program: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    per_unit: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    matriks_setuju: dict[tuple[str, str], int] = defaultdict(int)
    for row in dibuat:
        unit = lingkup.unit_kelurahan.get(row["keluarga__kelurahan_id"])
        per_program[row["program_id"]]["dibuat"] += row["n"]
        if unit:
            per_unit[unit]["dibuat"] += row["n"]
    for row in riwayat:
        unit = lingkup.unit_kelurahan.get(row["usulan__keluarga__kelurahan_id"])
        program_id = row["usulan__program_id"]
        per_program[program_id][row["ke"]] += row["n"]
        if unit:
            per_unit[unit][row["ke"]] += row["n"]
            if row["ke"] == "disetujui":
                matriks_setuju[(str(program_id), unit)] += row["n"]
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
