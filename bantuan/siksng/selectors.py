"""Reads of the SIKS-NG round trip: which proposals form a kelurahan's monthly package, and how
many days are left to the monthly cut-off.

*The month's proposals* of a kelurahan: proposals for its households whose last submission
(``diajukan_pada``) falls in that calendar month in Asia/Jakarta and that are still on their way or
accepted (diajukan, diverifikasi, disetujui, disalurkan). Drafts, proposals sent back for
correction, rejected and cancelled ones are not handed to SIKS-NG.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from pmks.models import Anggota
from pmks.pendampingan.selectors.tanggal import awal_hari_jakarta, geser_bulan
from tksk.format import samarkan
from tksk.models import Wilayah

from .. import choices as c
from ..models import PengaturanSiksNg, Usulan

S = c.StatusUsulan
STATUS_PAKET = (S.DIAJUKAN, S.DIVERIFIKASI, S.DISETUJUI, S.DISALURKAN)


def usulan_paket(*, user, kelurahan: Wilayah, bulan: date) -> QuerySet[Usulan]:
    """The month's proposals of ``kelurahan`` (module docstring), within the user's area; one query."""
    awal = bulan.replace(day=1)
    kepala = Anggota.objects.filter(keluarga_id=OuterRef("keluarga_id"), hubungan="kepala", status="aktif").order_by(
        "id"
    )
    return (
        Usulan.objects.for_user(user)
        .filter(
            keluarga__kelurahan=kelurahan, status__in=STATUS_PAKET,
            diajukan_pada__gte=awal_hari_jakarta(awal), diajukan_pada__lt=awal_hari_jakarta(geser_bulan(awal, 1)),
        )
        .select_related("program", "keluarga__kelurahan", "anggota")
        .annotate(kepala_nama=Subquery(kepala.values("nama")[:1]), kepala_nik=Subquery(kepala.values("nik")[:1]))
        .order_by("keluarga__rw", "keluarga__rt", "keluarga__alamat", "keluarga_id", "id")
    )


@dataclass(frozen=True)
class BarisPaket:
    """One proposed person: the named member, or the head of the proposed household."""

    nik: str
    no_kk: str
    nama: str
    alamat: str
    rt: str
    rw: str
    kode_wilayah: str
    kelurahan: str
    program: str
    alasan: str
    status: str
    diajukan_pada: date | None


def baris_paket(qs: QuerySet[Usulan], *, lengkap: bool) -> Iterator[BarisPaket]:
    """The package's rows; NIK / No. KK masked unless ``lengkap`` (``perlu_nomor_lengkap`` of the role)."""
    from django.utils import timezone

    for u in qs:
        k = u.keluarga
        nik, nama = (u.anggota.nik, u.anggota.nama) if u.anggota_id else (u.kepala_nik or "", u.kepala_nama or "")
        yield BarisPaket(
            nik=nik if lengkap else samarkan(nik), no_kk=k.no_kk if lengkap else samarkan(k.no_kk), nama=nama,
            alamat=k.alamat, rt=k.rt or "", rw=k.rw or "", kode_wilayah=k.kelurahan.kode, kelurahan=k.kelurahan.nama,
            program=u.program.nama, alasan=u.justifikasi, status=u.get_status_display(),
            diajukan_pada=timezone.localtime(u.diajukan_pada).date() if u.diajukan_pada else None,
        )


# --- The monthly cut-off --------------------------------------------------------------------------
@dataclass(frozen=True)
class BatasSiksNg:
    tanggal: date  # the next cut-off (today when today is the cut-off day)
    sisa_hari: int  # 0 on the cut-off day itself


def batas_siksng(*, hari_ini: date, tanggal_batas: int | None = None) -> BatasSiksNg:
    """The next monthly cut-off from ``hari_ini`` (a date in Asia/Jakarta): this month's until and on
    the cut-off day, next month's from the day after (31 December → 17 January)."""
    hari = tanggal_batas or PengaturanSiksNg.tanggal_batas_kini()
    batas = hari_ini.replace(day=hari)  # 1–28: exists in every month
    if hari_ini > batas:
        batas = geser_bulan(batas, 1)
    return BatasSiksNg(tanggal=batas, sisa_hari=(batas - hari_ini).days)
