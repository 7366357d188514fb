"""Reads of complaints: scoped lists, one object by id, the deadline state (ONE function), who
may see the reporter, the buttons a user gets, the public ticket check, and the exclusion-error
indicator (ONE definition, used by the monthly report and the city recap)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tksk.permissions import Aksi, boleh, boleh_di
from tksk.scoping import get_for_user
from tksk.transisi import bisa_pindah

from ..models import Aduan, TenggatAduan
from . import choices as ac

S = ac.StatusAduan
T = ac.StatusTenggat


def pengaturan_tenggat() -> dict[str, tuple[int, int]]:
    """jenis → (deadline days, warning days): the administrator's rows over the defaults (1 query)."""
    hasil = {j: (hari, ac.HARI_PERINGATAN_BAWAAN) for j, hari in ac.TENGGAT_BAWAAN.items()}
    for row in TenggatAduan.objects.all():
        hasil[row.jenis] = (row.hari, row.hari_peringatan)
    return hasil


def keadaan_tenggat(aduan: Aduan, *, hari_ini: date | None = None, pengaturan: dict | None = None) -> str:
    """THE deadline state of a complaint: *tepat waktu*, *hampir jatuh tempo* or *terlambat*.

    Dates are Asia/Jakarta dates. The clock stops at the decision: a decided complaint is
    *terlambat* when it was decided after its deadline day, else *tepat waktu*. An undecided one is
    *terlambat* from the day after ``tenggat``, *hampir jatuh tempo* from ``hari_peringatan`` days
    before it (per kind, admin setting) up to the deadline day itself.
    """
    hari_ini = hari_ini or timezone.localdate()
    if aduan.diputuskan_pada is not None:
        diputuskan = timezone.localdate(aduan.diputuskan_pada)
        return T.TERLAMBAT if diputuskan > aduan.tenggat else T.TEPAT_WAKTU
    if hari_ini > aduan.tenggat:
        return T.TERLAMBAT
    pengaturan = pengaturan if pengaturan is not None else pengaturan_tenggat()
    _hari, peringatan = pengaturan.get(aduan.jenis, (0, ac.HARI_PERINGATAN_BAWAAN))
    if aduan.tenggat - hari_ini <= timedelta(days=peringatan):
        return T.HAMPIR
    return T.TEPAT_WAKTU


KELAS_TENGGAT = {T.TEPAT_WAKTU: "success", T.HAMPIR: "warning", T.TERLAMBAT: "danger"}


def tandai_tenggat(aduan_list, *, hari_ini: date | None = None) -> list[Aduan]:
    """Attach ``keadaan`` / ``keadaan_label`` / ``keadaan_kelas`` to each complaint (1 query)."""
    pengaturan = pengaturan_tenggat()
    hasil = list(aduan_list)
    for a in hasil:
        a.keadaan = keadaan_tenggat(a, hari_ini=hari_ini, pengaturan=pengaturan)
        a.keadaan_label = T(a.keadaan).label
        a.keadaan_kelas = KELAS_TENGGAT[a.keadaan]
    return hasil


def aduan_daftar(
    *, user, status: str = "", jenis: str = "", terlambat: bool = False, q: str = "", hari_ini: date | None = None,
) -> QuerySet[Aduan]:
    qs = Aduan.objects.for_user(user).select_related("kelurahan__induk", "petugas", "program")
    if status:
        qs = qs.filter(status=status)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if terlambat:
        qs = qs.terlambat(hari_ini or timezone.localdate())
    if q:
        qs = qs.filter(kode_tiket__icontains=q.strip())
    return qs.order_by("tenggat", "id") if terlambat else qs


def aduan_terlambat(*, user, hari_ini: date | None = None, batas: int = 10) -> tuple[list[Aduan], int]:
    """The overdue list of the dashboards: the ``batas`` most overdue, and how many in all (2 queries)."""
    qs = Aduan.objects.for_user(user).terlambat(hari_ini or timezone.localdate())
    daftar = list(qs.select_related("kelurahan", "petugas").order_by("tenggat", "id")[:batas])
    return daftar, qs.count() if len(daftar) == batas else len(daftar)


def get_aduan_for_user(user, pk: int, *, write: bool = False, aksi: Aksi | None = None) -> Aduan:
    qs = Aduan.objects.select_related(
        "kelurahan__induk", "keluarga__kelurahan", "anggota", "program", "usulan_terkait__program", "petugas",
        "dicatat_oleh", "diputuskan_oleh", "kunjungan_verifikasi", "keluarga_baru", "usulan_baru__program",
        "usulan_dinonaktifkan__program",
    )
    return get_for_user(qs, user, "kelurahan", write=write, aksi=aksi, pk=pk)


def bisa_lihat_pelapor(user, aduan: Aduan) -> bool:
    """The reporter's identity: Dinas Sosial (and administrators) and the assigned TKSK only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if boleh(user, Aksi.KELOLA_ADUAN):
        return True
    return aduan.petugas_id is not None and aduan.petugas_id == user.pk


def tindakan_tersedia(user, aduan: Aduan) -> dict[str, bool]:
    """What the detail page offers this user now (map + role + area); the services re-check."""
    terbuka = aduan.status != S.SELESAI

    def ke(status: str) -> bool:
        return bisa_pindah(user, aduan, status, transisi=ac.TRANSISI, wilayah=aduan.kelurahan)

    petugas_ok = aduan.petugas_id in (None, user.pk) or user.is_superuser
    kelola = terbuka and boleh_di(user, Aksi.KELOLA_ADUAN, aduan.kelurahan)
    return {
        "verifikasi": ke(S.DIVERIFIKASI) and petugas_ok,
        "putuskan": ke(S.DIPUTUSKAN),
        "tindak_lanjut": ke(S.DITINDAKLANJUTI) and aduan.keputusan == ac.Keputusan.DIKABULKAN,
        "selesai": ke(S.SELESAI) and not (aduan.status == S.DIPUTUSKAN and aduan.keputusan == ac.Keputusan.DIKABULKAN),
        "alihkan": kelola,
        "eskalasi": kelola and not aduan.dieskalasi,
        "lampiran": terbuka and boleh_di(user, (Aksi.TERIMA_ADUAN, Aksi.VERIFIKASI_ADUAN), aduan.kelurahan),
        "surat": aduan.keputusan != "",
    }


def tiket_cek(*, kode: str, empat_digit: str) -> Aduan | None:
    """The complaint whose ticket code is ``kode`` and whose reporter's phone ends in ``empat_digit``;
    ``None`` for every kind of mismatch (unknown code, wrong digits, no phone on record)."""
    kode = (kode or "").strip().upper()
    aduan = Aduan.objects.filter(kode_tiket=kode).only(
        "jenis", "status", "tanggal_terima", "tenggat", "diputuskan_pada", "selesai_pada", "pelapor_telepon",
        "kode_tiket",
    ).first()
    akhir = aduan.pelapor_telepon[-4:] if aduan is not None and len(aduan.pelapor_telepon) >= 4 else "\x00" * 4
    cocok = hmac.compare_digest(akhir.encode(), (empat_digit or "").encode())
    return aduan if aduan is not None and cocok else None


# --- The exclusion-error indicator (Cek Bansos: reported above 30 %) -------------------------------
BATAS_EKSKLUSI_PERSEN = 30  # flagged when the share is ABOVE this (30.0 % exactly is not flagged)


@dataclass(frozen=True)
class IndikatorEksklusi:
    """Of the exclusion-error sanggah (an eligible household left out) decided in a period, how many
    were granted (*dikabulkan*): the share of confirmed exclusion errors."""

    diputuskan: int
    dikabulkan: int

    @property
    def persen(self) -> float | None:
        return round(100 * self.dikabulkan / self.diputuskan, 1) if self.diputuskan else None

    @property
    def ditandai(self) -> bool:
        return self.diputuskan > 0 and self.dikabulkan * 100 > BATAS_EKSKLUSI_PERSEN * self.diputuskan


def indikator_eksklusi(*, kelurahan_ids, mulai, selesai) -> IndikatorEksklusi:
    """THE exclusion-error figure of an area (the kelurahan of a kab/kota, or of a kecamatan) for the
    decisions taken in ``[mulai, selesai)`` (aware datetimes, WIB month bounds); 1 query. Unscoped: the
    monthly report and the city recap pass the area their views already checked."""
    hasil = Aduan.objects.filter(
        kelurahan_id__in=kelurahan_ids, jenis=ac.JenisAduan.SANGGAH, kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI,
        diputuskan_pada__gte=mulai, diputuskan_pada__lt=selesai,
    ).aggregate(diputuskan=Count("id"), dikabulkan=Count("id", filter=Q(keputusan=ac.Keputusan.DIKABULKAN)))
    return IndikatorEksklusi(diputuskan=hasil["diputuskan"], dikabulkan=hasil["dikabulkan"])
