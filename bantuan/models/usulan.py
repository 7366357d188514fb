"""Proposals (usulan), their status history and attachments.

Invariants:
- ``status`` only changes through ``bantuan.services`` (explicit ``choices.TRANSISI`` map); every
  change writes one ``RiwayatStatusUsulan`` row (who, when, from → to, note).
- At most one open proposal (``STATUS_TERBUKA``) per program and household (DB constraint).
- ``data_keluarga_beku`` is written once, at approval, and never changed afterwards: what the
  decision was based on survives later registry edits.
- Recipients are never deleted: ``status_penerima`` becomes ``diganti``/``nonaktif`` with a reason.
- Attachments are served only through a scoped view, never from a public media URL.
- ``kode_wilayah`` is the code of the household's current kelurahan, set by database triggers only
  (``bantuan.models.wilayah_usulan``); an instance's value may be stale until ``refresh_from_db``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Left

from pmks.models import Anggota, Keluarga
from tksk import batas
from tksk.berkas import nama_simpan
from tksk.models import ModelBerversi
from tksk.scoping import filter_wilayah

from .. import choices as c
from .program import ProgramBantuan


def _path_privat(folder: str, filename: str) -> str:
    """Unguessable storage name; the original name is kept in the row, not in the path. Services save
    under ``tksk.berkas.nama_menurut_isi`` (the detected type); any other extension becomes ``.bin``."""
    return nama_simpan(f"bantuan/{folder}", filename)


def path_lampiran(instance, filename: str) -> str:
    return _path_privat("lampiran", filename)


def path_bukti(instance, filename: str) -> str:
    return _path_privat("bukti", filename)


class UsulanQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> UsulanQuerySet:
        return filter_wilayah(self, user, "keluarga__kelurahan", write=write)

    def penerima_aktif(self) -> UsulanQuerySet:
        return self.filter(status__in=c.STATUS_PENERIMA, status_penerima=c.StatusPenerima.AKTIF)


# The queue's order, every field descending (drafts, never submitted, first: NULLs sort first). The one
# definition: the queue's indexes, ``bantuan.selectors.usulan_antrian`` and its keyset pages use it.
URUTAN_ANTREAN = ("diajukan_pada", "dibuat_pada", "id")
_URUTAN = tuple(F(f).desc() for f in URUTAN_ANTREAN)
_URUTAN_FIELDS = [f"-{f}" for f in URUTAN_ANTREAN]


class Usulan(ModelBerversi):
    """A proposal that one household (optionally one named member) receives one program."""

    program = models.ForeignKey(ProgramBantuan, on_delete=models.PROTECT, related_name="usulan")
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="usulan_bantuan")
    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="usulan_bantuan",
        help_text="Anggota yang diusulkan (kosong = keluarga).",
    )
    status = models.CharField(max_length=20, choices=c.StatusUsulan.choices, default=c.StatusUsulan.DRAFT)
    justifikasi = models.TextField(
        help_text="Alasan keluarga ini layak menerima bantuan.", validators=batas.validator_teks()
    )
    asesmen = models.JSONField(default=dict, blank=True, help_text="Rincian asesmen sesuai jenis program.")

    diusulkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    catatan_keputusan = models.TextField(blank=True)

    # Frozen at approval (see module docstring).
    data_keluarga_beku = models.JSONField(null=True, blank=True, editable=False)
    peringatan_saat_disetujui = models.JSONField(default=list, blank=True, editable=False)

    # Recipient lifecycle after approval.
    status_penerima = models.CharField(
        max_length=10, choices=c.StatusPenerima.choices, default=c.StatusPenerima.AKTIF
    )
    alasan_nonaktif = models.CharField(max_length=20, choices=c.AlasanNonaktif.choices, blank=True)
    keterangan_nonaktif = models.TextField(blank=True)
    dinonaktifkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    dinonaktifkan_pada = models.DateTimeField(null=True, blank=True)
    # derived: the household's kelurahan code, kept by triggers (see bantuan.models.wilayah_usulan);
    # NOT NULL in the database, null here so that the ORM sends NULL and the trigger fills it
    kode_wilayah = models.CharField(max_length=13, db_collation="C", null=True, blank=True, editable=False)
    menggantikan = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="pengganti",
        help_text="Usulan penerima lama yang digantikan oleh usulan ini.",
    )

    objects = UsulanQuerySet.as_manager()

    class Meta:
        verbose_name = "usulan bantuan"
        verbose_name_plural = "usulan bantuan"
        ordering = ["-dibuat_pada", "-id"]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["keluarga", "status"]),
            models.Index(fields=["status", "dibuat_pada"]),
            # the queue's order (bantuan.selectors.usulan_antrian) over the whole system (the administrator)
            models.Index(fields=_URUTAN_FIELDS, name="usulan_urutan_antrean"),
            # the queue of one area: the area's code, then the order (one index per scope level, see
            # bantuan.models.wilayah_usulan; the widths are its PANJANG_KODE_AREA)
            models.Index(F("kode_wilayah"), *_URUTAN, name="usulan_antrean_kelurahan"),
            models.Index(Left("kode_wilayah", 8), *_URUTAN, name="usulan_antrean_kecamatan"),
            models.Index(Left("kode_wilayah", 5), *_URUTAN, name="usulan_antrean_kota"),
            models.Index(Left("kode_wilayah", 2), *_URUTAN, name="usulan_antrean_provinsi"),
            # the same order for the "menunggu keputusan" view (a few status values: no IN walk)
            models.Index(fields=_URUTAN_FIELDS, name="usulan_urutan_menunggu",
                         condition=Q(status__in=c.STATUS_MENUNGGU_KEPUTUSAN)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "keluarga"],
                condition=Q(status__in=c.STATUS_TERBUKA, status_penerima="aktif"),
                name="usulan_terbuka_unik_per_program_keluarga",
                violation_error_message="Keluarga ini sudah memiliki usulan aktif untuk program tersebut.",
            ),
        ]

    def __str__(self) -> str:
        return f"Usulan #{self.pk} {self.program.nama}"

    @property
    def penerima_aktif(self) -> bool:
        return self.status in c.STATUS_PENERIMA and self.status_penerima == c.StatusPenerima.AKTIF

    @property
    def warna_status(self) -> str:
        """Bootstrap colour of the status badge (templates/includes/_status.html)."""
        return {
            "draft": "secondary", "diajukan": "primary", "diverifikasi": "info", "disetujui": "success",
            "ditolak": "danger", "dikembalikan": "warning", "disalurkan": "success", "dibatalkan": "dark",
        }.get(self.status, "secondary")

    @property
    def bisa_diedit(self) -> bool:
        return self.status in (c.StatusUsulan.DRAFT, c.StatusUsulan.DIKEMBALIKAN)


class RiwayatStatusUsulan(models.Model):
    """One status change of a proposal (append-only)."""

    usulan = models.ForeignKey(Usulan, on_delete=models.CASCADE, related_name="riwayat")
    dari = models.CharField(max_length=20, choices=c.StatusUsulan.choices, blank=True)
    ke = models.CharField(max_length=20, choices=c.StatusUsulan.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)
    catatan = models.TextField(blank=True)

    class Meta:
        verbose_name = "riwayat status usulan"
        verbose_name_plural = "riwayat status usulan"
        ordering = ["pada", "id"]

    def __str__(self) -> str:
        return f"{self.dari or '—'} → {self.ke}"


class LampiranUsulan(models.Model):
    """A photo / scan / berita acara attached to a proposal (type and size validated on upload)."""

    usulan = models.ForeignKey(Usulan, on_delete=models.CASCADE, related_name="lampiran")
    jenis = models.CharField(max_length=20, choices=c.JenisLampiran.choices)
    berkas = models.FileField(upload_to=path_lampiran, max_length=200)
    nama_asli = models.CharField(max_length=200)
    tipe_konten = models.CharField(max_length=50)
    ukuran = models.PositiveIntegerField()
    keterangan = models.CharField(max_length=200, blank=True)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lampiran usulan"
        verbose_name_plural = "lampiran usulan"
        ordering = ["diunggah_pada", "id"]

    def __str__(self) -> str:
        return self.nama_asli

    @property
    def adalah_gambar(self) -> bool:
        return self.tipe_konten.startswith("image/")
