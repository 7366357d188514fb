"""Writes and reads of breach incidents (administrator only: ``Aksi.AUDIT_AKSES``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from pmks.models import InsidenKebocoran, JenisAkses, PihakPemberitahuan
from pmks.registri import akses
from tksk.konkurensi import versi_periksa_naikkan
from tksk.permissions import Aksi, wajib

PESAN_PERAN = "Hanya administrator yang dapat mencatat dan membuka insiden kebocoran data."
ISIAN = (
    "judul", "ditemukan_pada", "terjadi_sejak", "terjadi_sampai", "uraian", "data_terdampak", "jumlah_keluarga",
    "penanganan", "diberitahu_subjek_pada", "diberitahu_otoritas_pada", "diberitahu_kepala_dinas_pada",
    "ditutup_pada",
)
MENIT_KE_DEPAN = 10  # a time "in the future" beyond a clock's drift is a typing error


def _periksa(insiden: InsidenKebocoran) -> None:
    galat: dict[str, str] = {}
    nanti = timezone.now() + timedelta(minutes=MENIT_KE_DEPAN)
    for kolom in ("ditemukan_pada", "diberitahu_subjek_pada", "diberitahu_otoritas_pada",
                  "diberitahu_kepala_dinas_pada", "ditutup_pada"):
        nilai = getattr(insiden, kolom)
        if nilai is not None and nilai > nanti:
            galat[kolom] = "Waktu tidak boleh di masa depan."
        elif nilai is not None and nilai.year < 2000:
            galat[kolom] = "Waktu tidak boleh sebelum tahun 2000."
    ditemukan = insiden.ditemukan_pada
    if insiden.terjadi_sampai and insiden.terjadi_sejak and insiden.terjadi_sampai < insiden.terjadi_sejak:
        galat["terjadi_sampai"] = "Tanggal akhir kejadian tidak boleh sebelum tanggal mulainya."
    if ditemukan and insiden.terjadi_sejak and timezone.localtime(ditemukan).date() < insiden.terjadi_sejak:
        galat.setdefault("ditemukan_pada", "Kebocoran tidak dapat ditemukan sebelum kejadiannya dimulai.")
    for kolom in ("diberitahu_subjek_pada", "diberitahu_otoritas_pada", "diberitahu_kepala_dinas_pada",
                  "ditutup_pada"):
        nilai = getattr(insiden, kolom)
        if nilai is not None and ditemukan is not None and nilai < ditemukan and kolom not in galat:
            galat[kolom] = "Waktu ini tidak boleh sebelum kebocoran ditemukan."
    if galat:
        raise ValidationError(galat)
    insiden.full_clean(exclude=["dicatat_oleh", "versi"])


@transaction.atomic
def insiden_catat(*, oleh, **isian) -> InsidenKebocoran:
    wajib(oleh, Aksi.AUDIT_AKSES, pesan=PESAN_PERAN)
    insiden = InsidenKebocoran(dicatat_oleh=oleh, **{k: isian.get(k) for k in ISIAN if k in isian})
    if insiden.penanganan is None:
        insiden.penanganan = ""
    _periksa(insiden)
    insiden.save()
    return insiden


@transaction.atomic
def insiden_ubah(*, oleh, insiden: InsidenKebocoran, versi, **isian) -> InsidenKebocoran:
    wajib(oleh, Aksi.AUDIT_AKSES, pesan=PESAN_PERAN)
    insiden = InsidenKebocoran.objects.select_for_update().get(pk=insiden.pk)
    versi_periksa_naikkan(insiden, versi)
    for k in ISIAN:
        if k in isian:
            setattr(insiden, k, isian[k] if isian[k] is not None or k != "penanganan" else "")
    _periksa(insiden)
    insiden.save()
    return insiden


def insiden_daftar(user):
    wajib(user, Aksi.AUDIT_AKSES, pesan=PESAN_PERAN)
    return InsidenKebocoran.objects.select_related("dicatat_oleh")


def get_insiden_for_user(user, pk: int) -> InsidenKebocoran:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(insiden_daftar(user), pk=pk)


# --- The 72-hour clock ------------------------------------------------------------------------
@dataclass
class StatusPihak:
    pihak: str
    label: str
    wajib_72_jam: bool  # the law's deadline (data subjects, authority); the head of the Dinas: at once
    pada: datetime | None
    tepat_waktu: bool | None  # None: not yet notified
    terlambat_sekarang: bool  # not yet notified and the deadline has passed


@dataclass
class Jam72:
    tenggat: datetime
    sisa: timedelta  # negative once the deadline has passed
    lewat: bool
    pihak: list[StatusPihak]

    @property
    def sisa_jam(self) -> int:
        return int(abs(self.sisa).total_seconds() // 3600)

    @property
    def sisa_menit(self) -> int:
        return int(abs(self.sisa).total_seconds() % 3600 // 60)

    @property
    def semua_diberitahu(self) -> bool:
        return all(p.pada is not None for p in self.pihak)


def jam_72(insiden: InsidenKebocoran, *, sekarang: datetime | None = None) -> Jam72:
    """Where the incident stands against the 3 × 24-hour notification deadline."""
    sekarang = sekarang or timezone.now()
    tenggat = insiden.tenggat
    pihak = []
    for kode, label in PihakPemberitahuan.choices:
        pada = insiden.diberitahu_pada(kode)
        pihak.append(StatusPihak(
            kode, label, kode != PihakPemberitahuan.KEPALA_DINAS, pada,
            None if pada is None else pada <= tenggat,
            pada is None and sekarang > tenggat,
        ))
    return Jam72(tenggat, tenggat - sekarang, sekarang > tenggat, pihak)


# --- What the access log shows --------------------------------------------------------------------
@dataclass
class RingkasanAkses:
    dari: date | None
    sampai: date | None
    oleh: object | None
    baris: int
    keluarga: int
    pengguna: int
    per_jenis: list[tuple[str, int]]
    per_pengguna: list[tuple[str, int, int]]  # username, rows, distinct households (top 10)


def ringkasan_akses(user, *, dari: date | None, sampai: date | None, oleh=None) -> RingkasanAkses:
    """Rows, distinct households and users of the access log in a period (optionally one user)."""
    qs = akses.akses_daftar(user, oleh=oleh, dari=dari, sampai=sampai).order_by()
    angka = qs.aggregate(
        baris=Count("id"), keluarga=Count("keluarga_id", distinct=True), pengguna=Count("oleh_id", distinct=True)
    )
    label = dict(JenisAkses.choices)
    per_jenis = [(label.get(r["jenis"], r["jenis"]), r["n"])
                 for r in qs.values("jenis").annotate(n=Count("id")).order_by("-n", "jenis")]
    per_pengguna = [
        (r["oleh__username"], r["n"], r["k"])
        for r in qs.values("oleh__username").annotate(n=Count("id"), k=Count("keluarga_id", distinct=True))
        .order_by("-n", "oleh__username")[:10]
    ]
    return RingkasanAkses(dari, sampai, oleh, angka["baris"], angka["keluarga"], angka["pengguna"], per_jenis,
                          per_pengguna)


# --- History (django-pghistory) -------------------------------------------------------------------
@dataclass
class PerubahanInsiden:
    waktu: datetime
    oleh: str
    aksi: str  # "dicatat" / "diubah"
    kolom: list[str]  # labels of the fields that changed


def riwayat_insiden(insiden: InsidenKebocoran) -> list[PerubahanInsiden]:
    """Who recorded or changed the incident and which fields (newest first)."""
    from pghistory.models import Context

    from tksk.models import Pengguna

    peristiwa = list(InsidenKebocoran.pgh_event_model.objects.filter(pgh_obj_id=insiden.pk).order_by("pgh_id"))
    konteks = {k.id: k.metadata for k in Context.objects.filter(id__in={e.pgh_context_id for e in peristiwa})}
    pengguna = {p.pk: p.nama_tampil for p in Pengguna.objects.filter(
        pk__in={m.get("user") for m in konteks.values() if m.get("user")})}
    hasil, lalu = [], None
    for ev in peristiwa:
        berubah = [str(InsidenKebocoran._meta.get_field(k).verbose_name) for k in ISIAN
                   if lalu is not None and getattr(ev, k) != getattr(lalu, k)]
        if lalu is None or berubah:
            oleh = pengguna.get(konteks.get(ev.pgh_context_id, {}).get("user"), "sistem")
            hasil.append(PerubahanInsiden(ev.pgh_created_at, oleh, "dicatat" if lalu is None else "diubah", berubah))
        lalu = ev
    return hasil[::-1]
