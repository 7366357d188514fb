"""Overlap and eligibility warnings for "household × program" — ONE rule set used when a TKSK
proposes, when Dinas Sosial looks at a proposal, in the queue, and (hard rules) on approval.

The overlap rule here is *bentrok periode* (``BantuanLain.periode_bentrok``): another aid of the
household whose period intersects the proposed program's period — hard when the two programs may
not be combined, a warning otherwise. It judges ONE proposal. The overlap counted in reports and
listed on the overlap page is a different rule, *penerima ganda*
(``bantuan.cakupan.keluarga_penerima_ganda``: more than one program received in a period); the
README section "Bagaimana angka dihitung" puts the two side by side.

Levels:
- ``larangan`` (hard): a non-combinable program already received in an overlapping period, or the
  program's repeat limit (e.g. RTLH once per 10 years). Approval is refused.
- ``perhatian``: not the eligible PMKS type, desil above the maximum, other aid in the same period,
  or a pending proposal for a non-combinable program. Shown; Dinas Sosial decides.
- ``info``: missing data (no desil recorded).

All functions run a constant number of queries regardless of how many households are checked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from tksk.tanggal import tahun_mundur

from . import choices as c
from .models import PenerimaanEksternal, ProgramBantuan, Usulan

LARANGAN = "larangan"
PERHATIAN = "perhatian"
INFO = "info"


@dataclass(frozen=True)
class Peringatan:
    tingkat: str
    kode: str
    pesan: str

    @property
    def kelas_css(self) -> str:
        return {LARANGAN: "danger", PERHATIAN: "warning", INFO: "info"}[self.tingkat]

    def as_dict(self) -> dict:
        return {"tingkat": self.tingkat, "kode": self.kode, "pesan": self.pesan}


@dataclass(frozen=True)
class BantuanLain:
    """One other aid of a household: a proposal (any status) or an external receipt."""

    program: ProgramBantuan
    periode_mulai: date
    periode_selesai: date
    menerima: bool  # approved/distributed and active, or an active external receipt
    menunggu: bool  # proposal submitted, not decided (``STATUS_DIAJUKAN_BELUM_DIPUTUS``)
    usulan_id: int | None = None

    def periode_bentrok(self, mulai: date, selesai: date) -> bool:
        """*Bentrok periode*: this aid's period intersects [mulai, selesai]."""
        return self.periode_mulai <= selesai and mulai <= self.periode_selesai


def bantuan_lain_banyak(keluarga_ids: set[int]) -> dict[int, list[BantuanLain]]:
    """All proposals and external receipts of these households (two queries)."""
    hasil: dict[int, list[BantuanLain]] = defaultdict(list)
    if not keluarga_ids:
        return hasil
    for u in (
        Usulan.objects.filter(keluarga_id__in=keluarga_ids)
        .exclude(status__in=[c.StatusUsulan.DITOLAK, c.StatusUsulan.DIBATALKAN])
        .select_related("program")
    ):
        hasil[u.keluarga_id].append(
            BantuanLain(
                program=u.program,
                periode_mulai=u.program.periode_mulai,
                periode_selesai=u.program.periode_selesai,
                menerima=u.penerima_aktif,
                menunggu=u.status in c.STATUS_DIAJUKAN_BELUM_DIPUTUS,
                usulan_id=u.pk,
            )
        )
    for p in PenerimaanEksternal.objects.berlaku().filter(keluarga_id__in=keluarga_ids).select_related("program"):
        hasil[p.keluarga_id].append(
            BantuanLain(
                program=p.program,
                periode_mulai=p.periode_mulai,
                periode_selesai=p.periode_selesai,
                menerima=True,
                menunggu=False,
            )
        )
    return hasil


def jenis_pmks_banyak(keluarga_ids: set[int]) -> dict[int, set[int]]:
    """Active PMKS type ids per household (household- or member-level classification)."""
    from pmks.models import KlasifikasiPMKS

    hasil: dict[int, set[int]] = defaultdict(set)
    for keluarga_id, jenis_id in KlasifikasiPMKS.objects.aktif().filter(keluarga_id__in=keluarga_ids).values_list(
        "keluarga_id", "jenis_id"
    ):
        hasil[keluarga_id].add(jenis_id)
    return hasil


def aturan_program_banyak(program_ids: set[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """(eligible PMKS type ids, non-combinable program ids) per program (two queries)."""
    syarat: dict[int, set[int]] = defaultdict(set)
    larangan: dict[int, set[int]] = defaultdict(set)
    through_pmks = ProgramBantuan.jenis_pmks.through
    for pid, jid in through_pmks.objects.filter(programbantuan_id__in=program_ids).values_list(
        "programbantuan_id", "jenispmks_id"
    ):
        syarat[pid].add(jid)
    through_lain = ProgramBantuan.tidak_boleh_bersamaan.through
    for a, b in through_lain.objects.filter(
        Q(from_programbantuan_id__in=program_ids) | Q(to_programbantuan_id__in=program_ids)
    ).values_list("from_programbantuan_id", "to_programbantuan_id"):
        larangan[a].add(b)
        larangan[b].add(a)
    return syarat, larangan


def _peringatan_kelayakan(program: ProgramBantuan, desil: int | None, jenis_keluarga: set[int],
                          syarat_pmks: set[int]) -> list[Peringatan]:
    """PMKS type and desil against the program's targets."""
    hasil: list[Peringatan] = []
    if not jenis_keluarga:
        hasil.append(Peringatan(PERHATIAN, "tanpa_pmks", "Keluarga belum memiliki klasifikasi PMKS aktif."))
    elif syarat_pmks and not (syarat_pmks & jenis_keluarga):
        hasil.append(
            Peringatan(PERHATIAN, "pmks_tidak_sesuai", "Jenis PMKS keluarga tidak termasuk sasaran program ini.")
        )
    if program.desil_maksimum:
        if desil is None:
            hasil.append(Peringatan(INFO, "desil_kosong", "Desil DTSEN keluarga belum tercatat."))
        elif desil > program.desil_maksimum:
            hasil.append(
                Peringatan(
                    PERHATIAN, "desil_tinggi",
                    f"Desil keluarga ({desil}) di atas batas program (desil {program.desil_maksimum}).",
                )
            )
    return hasil


def _peringatan_bentrok(program: ProgramBantuan, b: BantuanLain, tidak_bersamaan: set[int]) -> Peringatan | None:
    """The *bentrok periode* rule for one other aid ``b`` of another program."""
    if not b.periode_bentrok(program.periode_mulai, program.periode_selesai):
        return None
    if b.menerima and b.program.pk in tidak_bersamaan:
        return Peringatan(
            LARANGAN, "tidak_boleh_bersamaan",
            f"Sudah menerima {b.program} pada periode yang sama; program ini tidak boleh digabung dengannya.",
        )
    if b.menunggu and b.program.pk in tidak_bersamaan:
        return Peringatan(
            PERHATIAN, "diusulkan_tidak_bersamaan",
            f"Juga sedang diusulkan untuk {b.program}, yang tidak boleh diterima bersamaan.",
        )
    if b.menerima:
        return Peringatan(PERHATIAN, "tumpang_tindih", f"Sudah menerima {b.program} pada periode yang sama.")
    return None


def _melewati_batas_ulang(program: ProgramBantuan, b: BantuanLain, batas_ulang: date | None) -> bool:
    """``b`` is aid of the same kind received within the program's repeat limit before it starts."""
    return bool(
        batas_ulang
        and b.menerima
        and b.program.jenis == program.jenis
        and b.periode_mulai > batas_ulang
        and b.periode_mulai <= program.periode_mulai
    )


def hitung_peringatan(
    *,
    program: ProgramBantuan,
    desil: int | None,
    jenis_keluarga: set[int],
    bantuan_lain: list[BantuanLain],
    syarat_pmks: set[int],
    tidak_bersamaan: set[int],
    kecuali_usulan_id: int | None = None,
) -> list[Peringatan]:
    """Pure rule evaluation (no queries): what is wrong or notable about this pairing."""
    hasil = _peringatan_kelayakan(program, desil, jenis_keluarga, syarat_pmks)
    mulai = program.periode_mulai
    batas_ulang = tahun_mundur(mulai, program.batas_ulang_tahun) if program.batas_ulang_tahun else None
    for b in bantuan_lain:
        if b.usulan_id is not None and b.usulan_id == kecuali_usulan_id:
            continue
        if b.program.pk == program.pk:
            if b.menerima or b.menunggu:
                hasil.append(Peringatan(LARANGAN, "program_sama", f"Keluarga sudah tercatat untuk {b.program}."))
            continue
        if bentrok := _peringatan_bentrok(program, b, tidak_bersamaan):
            hasil.append(bentrok)
        if _melewati_batas_ulang(program, b, batas_ulang):
            hasil.append(
                Peringatan(
                    LARANGAN, "batas_ulang",
                    f"Sudah menerima {b.program}; bantuan {program.get_jenis_display()} hanya sekali dalam "
                    f"{program.batas_ulang_tahun} tahun.",
                )
            )
    return hasil


def peringatan_untuk(*, keluarga, program: ProgramBantuan, kecuali_usulan_id: int | None = None) -> list[Peringatan]:
    """Warnings for proposing / approving ``program`` for ``keluarga`` (constant queries)."""
    lain = bantuan_lain_banyak({keluarga.pk})
    jenis = jenis_pmks_banyak({keluarga.pk})
    syarat, larangan = aturan_program_banyak({program.pk})
    return hitung_peringatan(
        program=program,
        desil=keluarga.desil,
        jenis_keluarga=jenis.get(keluarga.pk, set()),
        bantuan_lain=lain.get(keluarga.pk, []),
        syarat_pmks=syarat.get(program.pk, set()),
        tidak_bersamaan=larangan.get(program.pk, set()),
        kecuali_usulan_id=kecuali_usulan_id,
    )


def peringatan_usulan_banyak(usulan_list: list[Usulan]) -> dict[int, list[Peringatan]]:
    """Warnings for many proposals at once (queue pages): five queries in total.

    ``usulan_list`` must have ``program`` and ``keluarga`` loaded (select_related).
    """
    keluarga_ids = {u.keluarga_id for u in usulan_list}
    program_ids = {u.program_id for u in usulan_list}
    lain = bantuan_lain_banyak(keluarga_ids)
    jenis = jenis_pmks_banyak(keluarga_ids)
    syarat, larangan = aturan_program_banyak(program_ids)
    return {
        u.pk: hitung_peringatan(
            program=u.program,
            desil=u.keluarga.desil,
            jenis_keluarga=jenis.get(u.keluarga_id, set()),
            bantuan_lain=lain.get(u.keluarga_id, []),
            syarat_pmks=syarat.get(u.program_id, set()),
            tidak_bersamaan=larangan.get(u.program_id, set()),
            kecuali_usulan_id=u.pk,
        )
        for u in usulan_list
    }
