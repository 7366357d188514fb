"""Complaints (aduan) about registration, aid and data, with a deadline clock.

Invariants:
- ``status`` only changes through ``bantuan.aduan.services`` along ``bantuan.aduan.choices.TRANSISI``;
  every change writes one ``RiwayatStatusAduan`` row (who, when, from → to, note); every field
  change is recorded by django-pghistory.
- ``kelurahan`` is where the subject lives: the household's kelurahan for a registered subject,
  the typed one otherwise. Scope (``for_user``) follows it.
- ``tenggat`` = ``tanggal_terima`` + the kind's deadline days, fixed at intake (a later change of the
  setting does not move open deadlines). Dates are Asia/Jakarta dates.
- ``kode_tiket`` is unique and random; with the last 4 digits of ``pelapor_telepon`` it opens the
  public status page, which shows only kind, status and dates.
- A decision has a reason; ``keputusan`` is set exactly when status is diputuskan or later.
- The verification visit is a ``pmks.Kunjungan`` (``kunjungan_verifikasi``, reverse ``kunjungan.aduan``).
- The reporter's identity is shown only to Dinas Sosial and the assigned TKSK (``bisa_lihat_pelapor``)
  and never printed on a document.
"""

from __future__ import annotations

import secrets

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pmks.models import Anggota, Keluarga
from tksk import batas
from tksk.berkas import nama_simpan
from tksk.models import ModelBerversi, Wilayah
from tksk.scoping import filter_wilayah

from ..aduan import choices as ac
from .program import ProgramBantuan
from .usulan import Usulan

# No 0/O/1/I/L: a code read over the phone is not misheard.
HURUF_TIKET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def buat_kode_tiket() -> str:
    acak = "".join(secrets.choice(HURUF_TIKET) for _ in range(8))
    return f"ADU-{acak[:4]}-{acak[4:]}"


class TenggatAduan(models.Model):
    """The deadline of one kind of complaint (editable by an administrator)."""

    jenis = models.CharField(max_length=20, choices=ac.JenisAduan.choices, unique=True)
    hari = models.PositiveSmallIntegerField(
        "tenggat (hari)", validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Hari kalender sejak tanggal aduan diterima (WIB).",
    )
    hari_peringatan = models.PositiveSmallIntegerField(
        "peringatan (hari sebelum tenggat)", default=ac.HARI_PERINGATAN_BAWAAN,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text="Sejak berapa hari sebelum tenggat aduan dianggap hampir jatuh tempo.",
    )

    class Meta:
        verbose_name = "tenggat aduan"
        verbose_name_plural = "tenggat aduan"
        ordering = ["jenis"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.hari} hari"


class AduanQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> AduanQuerySet:
        return filter_wilayah(self, user, "kelurahan", write=write)

    def belum_diputuskan(self) -> AduanQuerySet:
        return self.filter(status__in=ac.STATUS_BELUM_DIPUTUSKAN)

    def terlambat(self, hari_ini) -> AduanQuerySet:
        """Not decided and past the deadline on ``hari_ini`` (an Asia/Jakarta date)."""
        return self.belum_diputuskan().filter(tenggat__lt=hari_ini)


@pghistory.track()
class Aduan(ModelBerversi):
    """One complaint: who reported what about whom, through which channel, and where it stands."""

    kode_tiket = models.CharField(max_length=20, unique=True, default=buat_kode_tiket, editable=False)
    jenis = models.CharField(max_length=20, choices=ac.JenisAduan.choices)
    kategori = models.CharField(max_length=20, choices=ac.KategoriAduan.choices)
    saluran = models.CharField(max_length=20, choices=ac.SaluranAduan.choices)
    tanggal_terima = models.DateField(
        "tanggal diterima", validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal diterima")]
    )
    tenggat = models.DateField(editable=False)

    # Reporter (visible to Dinas Sosial and the assigned TKSK only).
    anonim = models.BooleanField(default=False, help_text="Hanya untuk sanggah: nama pelapor tidak dicatat.")
    pelapor_nama = models.CharField("nama pelapor", max_length=150, blank=True)
    pelapor_telepon = models.CharField("telepon pelapor", max_length=20, blank=True)
    pelapor_hubungan = models.CharField(
        "hubungan pelapor dengan yang dilaporkan", max_length=20, choices=ac.HubunganPelapor.choices, blank=True
    )

    # Subject: a registered household (and member), or a person not registered yet.
    keluarga = models.ForeignKey(
        Keluarga, on_delete=models.PROTECT, null=True, blank=True, related_name="aduan"
    )
    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="aduan")
    subjek_nama = models.CharField("nama yang dilaporkan", max_length=150, blank=True)
    subjek_alamat = models.CharField("alamat yang dilaporkan", max_length=255, blank=True)
    kelurahan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="aduan")
    program = models.ForeignKey(
        ProgramBantuan, on_delete=models.PROTECT, null=True, blank=True, related_name="aduan"
    )
    usulan_terkait = models.ForeignKey(
        Usulan, on_delete=models.PROTECT, null=True, blank=True, related_name="aduan",
        help_text="Penerima (usulan yang disetujui) yang disanggah atau diadukan.",
    )
    uraian = models.TextField(validators=batas.validator_teks())

    status = models.CharField(max_length=20, choices=ac.StatusAduan.choices, default=ac.StatusAduan.DITERIMA)
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="aduan_ditugaskan",
        help_text="TKSK kecamatan yang memverifikasi.",
    )
    dieskalasi = models.BooleanField(default=False)
    catatan_eskalasi = models.TextField(blank=True, validators=batas.validator_teks())

    kunjungan_verifikasi = models.OneToOneField(
        "pmks.Kunjungan", on_delete=models.PROTECT, null=True, blank=True, related_name="aduan"
    )
    hasil_verifikasi = models.TextField(blank=True, validators=batas.validator_teks())

    keputusan = models.CharField(max_length=10, choices=ac.Keputusan.choices, blank=True)
    alasan_keputusan = models.TextField(blank=True, validators=batas.validator_teks())
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)

    jenis_tindak_lanjut = models.CharField(max_length=30, choices=ac.JenisTindakLanjut.choices, blank=True)
    keterangan_tindak_lanjut = models.TextField(blank=True, validators=batas.validator_teks())
    keluarga_baru = models.ForeignKey(
        Keluarga, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Keluarga yang didaftarkan karena aduan ini.",
    )
    usulan_baru = models.ForeignKey(
        Usulan, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Usulan bantuan yang dibuat karena aduan ini.",
    )
    usulan_dinonaktifkan = models.ForeignKey(
        Usulan, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Penerima yang dinonaktifkan karena aduan ini.",
    )
    kolom_diperbaiki = models.CharField(max_length=150, blank=True)
    ditindaklanjuti_pada = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = AduanQuerySet.as_manager()

    class Meta:
        verbose_name = "aduan"
        verbose_name_plural = "aduan"
        ordering = ["-tanggal_terima", "-id"]
        indexes = [
            models.Index(fields=["status", "tenggat"]),
            models.Index(fields=["kelurahan", "tanggal_terima"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonim=False) | Q(jenis=ac.JenisAduan.SANGGAH), name="aduan_anonim_hanya_sanggah",
                violation_error_message="Pelapor anonim hanya untuk sanggah.",
            ),
            models.CheckConstraint(
                condition=Q(tenggat__gte=models.F("tanggal_terima")), name="aduan_tenggat_setelah_terima"
            ),
        ]

    def __str__(self) -> str:
        return f"Aduan {self.kode_tiket}"

    @property
    def nama_subjek(self) -> str:
        if self.anggota_id:
            return self.anggota.nama
        if self.keluarga_id:
            kepala = self.keluarga.anggota.filter(hubungan="kepala").first()
            return kepala.nama if kepala else f"Keluarga No. KK {self.keluarga.no_kk}"
        return self.subjek_nama

    @property
    def kelas_status(self) -> str:
        return {
            "diterima": "primary", "diverifikasi": "info", "diputuskan": "warning",
            "ditindaklanjuti": "secondary", "selesai": "success",
        }.get(self.status, "secondary")


class RiwayatStatusAduan(models.Model):
    """One status change (or reassignment / escalation) of a complaint (append-only)."""

    aduan = models.ForeignKey(Aduan, on_delete=models.CASCADE, related_name="riwayat")
    dari = models.CharField(max_length=20, choices=ac.StatusAduan.choices, blank=True)
    ke = models.CharField(max_length=20, choices=ac.StatusAduan.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)
    catatan = models.TextField(blank=True)

    class Meta:
        verbose_name = "riwayat status aduan"
        verbose_name_plural = "riwayat status aduan"
        ordering = ["pada", "id"]

    def __str__(self) -> str:
        return f"{self.dari or '—'} → {self.ke}"


def path_lampiran_aduan(instance, filename: str) -> str:
    return nama_simpan("bantuan/aduan", filename)


class LampiranAduan(models.Model):
    """Evidence of a complaint (KTP/KK photo, house photo, RT letter), checked by ``tksk.berkas``."""

    aduan = models.ForeignKey(Aduan, on_delete=models.CASCADE, related_name="lampiran")
    jenis = models.CharField(max_length=20, choices=ac.JenisLampiranAduan.choices)
    berkas = models.FileField(upload_to=path_lampiran_aduan, max_length=200)
    nama_asli = models.CharField(max_length=200)
    tipe_konten = models.CharField(max_length=50)
    ukuran = models.PositiveIntegerField()
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lampiran aduan"
        verbose_name_plural = "lampiran aduan"
        ordering = ["diunggah_pada", "id"]

    def __str__(self) -> str:
        return self.nama_asli


class PeringatanTenggatAduan(models.Model):
    """One deadline warning of a complaint per state (hampir jatuh tempo / terlambat), written by the
    daily scan ``bantuan.aduan.services.aduan_pindai_tenggat``; unique, so the scan is idempotent."""

    aduan = models.ForeignKey(Aduan, on_delete=models.CASCADE, related_name="peringatan_tenggat")
    keadaan = models.CharField(max_length=20, choices=ac.StatusTenggat.choices)
    tanggal = models.DateField(help_text="Tanggal pemindaian (WIB).")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "peringatan tenggat aduan"
        verbose_name_plural = "peringatan tenggat aduan"
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["aduan", "keadaan"], name="peringatan_tenggat_sekali_per_keadaan"),
        ]

    def __str__(self) -> str:
        return f"{self.aduan_id}: {self.keadaan}"
