"""Section V: coverage — PMKS households reached vs. not reached, and overlap cases.

Definitions (per area unit, at the month's end), each from the one selector that defines it:
- *Keluarga PMKS*: ``pmks.registri.angka.keluarga_pmks_pada`` on the month's last day (as in section I).
- *Terjangkau*: of those, households receiving aid in the month
  (``bantuan.cakupan.keluarga_menerima_dalam``: an approved/distributed proposal with an active
  recipient whose program period covers part of the month, or an active external receipt —
  PKH/BPNT list — covering part of the month).
- *Layak belum terjangkau*: ``bantuan.cakupan.keluarga_belum_terjangkau`` evaluated on the
  month's last day (or today for the running month): eligible for a running program, no aid in
  the last year, not being proposed.
- *Tumpang tindih*: the *penerima ganda* rule, ``bantuan.cakupan.keluarga_penerima_ganda``
  (distinct programs from proposals + distinct programs from external lists > 1 in the month).
All five come from ``bantuan.cakupan_angka.angka_cakupan`` (unscoped, with the report's kelurahan: the
report's views already decided who may see the area), which reads the per-household registry and
aid-receipt facts of the report's kelurahan — no join per household, so the cost follows the area
and a province recap stays a scan of the facts.
Proposal and recipient statuses are today's (not historical), so a recomputed draft of an old
month can differ from what was true then; the submitted snapshot keeps the figures of submission.
"""

from __future__ import annotations

from django.utils import timezone

from bantuan.cakupan_angka import angka_cakupan

from .. import grafik
from . import Lingkup, bagian, kolom, per_unit_dari, tabel_per_unit

JUDUL = "Cakupan bantuan"


def _angka(lingkup: Lingkup, hari_acuan) -> dict[int, dict]:
    """The five figures per kelurahan: ``bantuan.cakupan_angka.angka_cakupan`` (the one definition, from the
    per-household facts of the report's kelurahan; two queries plus one for the running programs)."""
    p = lingkup.periode
    return angka_cakupan(kelurahan_ids=lingkup.kelurahan_ids, mulai=p.awal, selesai=p.tanggal_akhir,
                            hari_acuan=hari_acuan)


def bangun(lingkup: Lingkup) -> dict:
    hari_acuan = min(lingkup.periode.tanggal_akhir, timezone.localdate())
    data = per_unit_dari(lingkup, _angka(lingkup, hari_acuan))
    for nilai in data.values():
        nilai["pmks_belum_menerima"] = nilai.get("pmks", 0) - nilai.get("terjangkau", 0)
    tabel_cakupan = tabel_per_unit(
        lingkup,
        kode="cakupan_per_unit",
        judul=f"Cakupan bantuan per {lingkup.label_unit.lower()}",
        kolom_nilai=[
            kolom("pmks", "Keluarga PMKS"),
            kolom("terjangkau", "PMKS menerima bantuan"),
            kolom("pmks_belum_menerima", "PMKS belum menerima"),
            kolom("belum_terjangkau", "Layak, belum terjangkau & belum diusulkan"),
            kolom("penerima_semua", "Seluruh keluarga penerima"),
            kolom("tumpang_tindih", "Tumpang tindih (>1 program)"),
        ],
        data=data,
        catatan=(
            f"Layak belum terjangkau: keluarga yang memenuhi syarat program berjalan per {hari_acuan:%d-%m-%Y}, "
            "tanpa bantuan setahun terakhir dan tanpa usulan yang menunggu. Tumpang tindih: keluarga yang "
            "menerima lebih dari satu program pada bulan laporan."
        ),
    )
    grafik_cakupan = grafik.batang(
        kode="grafik_cakupan",
        judul=f"Keluarga PMKS belum menerima bantuan per {lingkup.label_unit.lower()}",
        data=[(u["nama"], data.get(u["kode"], {}).get("pmks_belum_menerima", 0)) for u in lingkup.unit],
        warna=3,
    )
    return bagian(kode="cakupan", judul=JUDUL, tabel_list=[tabel_cakupan], grafik=[grafik_cakupan])
