"""Pendampingan records: visits, follow-up plans, PSKS inventory and referrals.

Invariants:
- Every record is scoped by a kelurahan: ``Kunjungan.kelurahan`` (where the activity took
  place, the kelurahan of the first household), ``PSKS.kelurahan``, ``RencanaTindakLanjut.kelurahan``
  (always its household's: set and kept by database triggers, ``pmks.pendampingan.pemicu``), and the
  household's kelurahan for ``Rujukan``.
- A visit involves at least one household (``Kunjungan.keluarga``); a group session
  (bimbingan kelompok) involves several households of the same kecamatan.
- A referral goes to a PSKS in the inventory or to a free-text destination (at least one).
- A referral's status only moves along ``choices.TRANSISI_RUJUKAN``; every change is a
  ``RiwayatStatusRujukan`` row (who, when, from, to, note). Written by ``services`` only.
- Photos are stored under random names and served only through a scoped view.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from tksk import batas
from tksk.berkas import nama_simpan, periksa_gambar
from tksk.models import ModelBerversi, Wilayah
from tksk.scoping import filter_wilayah

from . import choices as pc


class PSKSQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> PSKSQuerySet:
        return filter_wilayah(self, user, "kelurahan", write=write)


class PSKS(ModelBerversi):
    """A social-welfare resource (Potensi dan Sumber Kesejahteraan Sosial) or service in a kelurahan."""

    nama = models.CharField(max_length=150)
    jenis = models.CharField(max_length=30, choices=pc.JenisPSKS.choices)
    kelurahan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="psks")
    alamat = models.CharField(max_length=255, blank=True)
    narahubung = models.CharField("narahubung (contact person)", max_length=150, blank=True)
    telepon = models.CharField(max_length=30, blank=True)
    layanan = models.TextField("layanan yang ditawarkan", blank=True, validators=batas.validator_teks())
    kapasitas = models.CharField(
        max_length=100, blank=True, help_text="Misalnya: 20 orang per bulan, 5 relawan."
    )
    aktif = models.BooleanField(default=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = PSKSQuerySet.as_manager()

    class Meta:
        verbose_name = "PSKS"
        verbose_name_plural = "PSKS"
        ordering = ["kelurahan__kode", "jenis", "nama"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.get_jenis_display()})"


class KunjunganQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> KunjunganQuerySet:
        return filter_wilayah(self, user, "kelurahan", write=write)


@pghistory.track()
class Kunjungan(ModelBerversi):
    """A visit or pendampingan activity with one household or (group session) several."""

    kelurahan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="kunjungan")
    keluarga = models.ManyToManyField("pmks.Keluarga", related_name="kunjungan")
    tanggal = models.DateField(
        "tanggal kegiatan", validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal kegiatan")]
    )
    jenis = models.CharField("jenis kegiatan", max_length=30, choices=pc.JenisKunjungan.choices)
    peran = ArrayField(
        models.CharField(max_length=20, choices=pc.PeranTKSK.choices),
        verbose_name="peran TKSK",
        default=list,
        blank=True,
    )
    catatan = models.TextField("catatan kasus", blank=True, validators=batas.validator_teks())
    hasil = models.TextField("hasil kegiatan", blank=True, validators=batas.validator_teks())
    tanggal_tindak_lanjut = models.DateField(
        "tanggal tindak lanjut berikutnya", null=True, blank=True,
        validators=[batas.TANGGAL_RENCANA.dengan_label("Tanggal tindak lanjut")],
    )
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = KunjunganQuerySet.as_manager()

    class Meta:
        verbose_name = "kunjungan pendampingan"
        verbose_name_plural = "kunjungan pendampingan"
        ordering = ["-tanggal", "-id"]
        indexes = [models.Index(fields=["kelurahan", "tanggal"])]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tanggal:%d-%m-%Y}"

    def get_peran_display(self) -> str:
        label = dict(pc.PeranTKSK.choices)
        return ", ".join(label.get(p, p) for p in self.peran)


def validasi_foto(berkas) -> None:
    """Reject anything that is not a real JPEG/PNG/WebP image within the upload size limit."""
    try:
        periksa_gambar(berkas)
    except ValidationError as exc:
        raise ValidationError(f"{berkas.name}: {exc.messages[0]}") from exc


def _nama_berkas_foto(instance: FotoKunjungan, filename: str) -> str:
    """Random file names (the original name may contain personal data); the extension is the detected
    type (``services`` saves under ``tksk.berkas.nama_menurut_isi``), anything else becomes ``.bin``."""
    return nama_simpan("pendampingan/kunjungan", filename)


class FotoKunjunganQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> FotoKunjunganQuerySet:
        return filter_wilayah(self, user, "kunjungan__kelurahan", write=write)


class FotoKunjungan(models.Model):
    """A photo taken during a visit (validated image; served through ``pmks:foto_kunjungan``)."""

    kunjungan = models.ForeignKey(Kunjungan, on_delete=models.CASCADE, related_name="foto")
    berkas = models.ImageField(upload_to=_nama_berkas_foto, validators=[validasi_foto])
    keterangan = models.CharField(max_length=200, blank=True)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    objects = FotoKunjunganQuerySet.as_manager()

    class Meta:
        verbose_name = "foto kunjungan"
        verbose_name_plural = "foto kunjungan"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Foto {self.kunjungan}"


class RencanaTindakLanjutQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> RencanaTindakLanjutQuerySet:
        return filter_wilayah(self, user, "kelurahan", write=write)

    def terbuka(self) -> RencanaTindakLanjutQuerySet:
        return self.filter(status=pc.StatusTindakLanjut.TERBUKA)

    def terlambat(self, hari_ini) -> RencanaTindakLanjutQuerySet:
        """Open items whose due date is before today (Asia/Jakarta)."""
        return self.terbuka().filter(batas_waktu__lt=hari_ini)


class RencanaTindakLanjut(models.Model):
    """A follow-up item for a household with a due date; overdue when open past the due date.

    ``kelurahan`` is always the household's (derived: the database sets it on insert, when the item
    moves to another household and when the household moves; ``pmks.pendampingan.pemicu``), so the
    area's follow-ups are one index range (``rtl_kelurahan_status_batas``) without its households.
    """

    keluarga = models.ForeignKey("pmks.Keluarga", on_delete=models.PROTECT, related_name="tindak_lanjut")
    kelurahan = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", editable=False, blank=True, db_index=False,
        help_text="Kelurahan keluarganya (diisi basis data).",
    )
    kunjungan = models.ForeignKey(
        Kunjungan, on_delete=models.SET_NULL, null=True, blank=True, related_name="tindak_lanjut"
    )
    uraian = models.CharField("rencana tindak lanjut", max_length=255)
    batas_waktu = models.DateField(
        "batas waktu", validators=[batas.TANGGAL_RENCANA.dengan_label("Batas waktu")]
    )
    status = models.CharField(
        max_length=10, choices=pc.StatusTindakLanjut.choices, default=pc.StatusTindakLanjut.TERBUKA
    )
    catatan_penyelesaian = models.TextField(blank=True)
    diselesaikan_pada = models.DateTimeField(null=True, blank=True)
    diselesaikan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    objects = RencanaTindakLanjutQuerySet.as_manager()

    class Meta:
        verbose_name = "rencana tindak lanjut"
        verbose_name_plural = "rencana tindak lanjut"
        ordering = ["batas_waktu", "id"]
        indexes = [
            models.Index(fields=["status", "batas_waktu"]),
            models.Index(fields=["kelurahan", "status", "batas_waktu", "id"], name="rtl_kelurahan_status_batas"),
        ]

    def __str__(self) -> str:
        return self.uraian

    def terlambat_pada(self, hari_ini) -> bool:
        return self.status == pc.StatusTindakLanjut.TERBUKA and self.batas_waktu < hari_ini


class RujukanQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> RujukanQuerySet:
        return filter_wilayah(self, user, "keluarga__kelurahan", write=write)


class Rujukan(ModelBerversi):
    """A referral of a household (or one member) to a PSKS or another service."""

    keluarga = models.ForeignKey("pmks.Keluarga", on_delete=models.PROTECT, related_name="rujukan")
    anggota = models.ForeignKey(
        "pmks.Anggota", on_delete=models.PROTECT, null=True, blank=True, related_name="rujukan"
    )
    kategori = models.CharField("kategori tujuan", max_length=20, choices=pc.KategoriRujukan.choices)
    psks = models.ForeignKey(
        PSKS, on_delete=models.PROTECT, null=True, blank=True, related_name="rujukan",
        verbose_name="PSKS / layanan tujuan",
    )
    tujuan_lain = models.CharField(
        "tujuan lain", max_length=200, blank=True,
        help_text="Bila tujuan tidak ada di daftar PSKS, misalnya: Puskesmas Kanigaran, BPJS PBI, Dinas Pendidikan.",
    )
    alasan = models.TextField("alasan rujukan", validators=batas.validator_teks())
    tanggal = models.DateField(
        "tanggal rujukan", validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal rujukan")]
    )
    status = models.CharField(max_length=10, choices=pc.StatusRujukan.choices, default=pc.StatusRujukan.DIKIRIM)
    hasil = models.TextField("hasil / tanggapan", blank=True, validators=batas.validator_teks())
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = RujukanQuerySet.as_manager()

    class Meta:
        verbose_name = "rujukan"
        verbose_name_plural = "rujukan"
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(psks__isnull=False) | ~Q(tujuan_lain=""),
                name="rujukan_punya_tujuan",
                violation_error_message="Pilih PSKS/layanan tujuan atau tulis tujuan lain.",
            ),
        ]

    def __str__(self) -> str:
        return f"Rujukan ke {self.nama_tujuan}"

    @property
    def warna_status(self) -> str:
        """Bootstrap colour of the status badge (templates/includes/_status.html)."""
        return {
            pc.StatusRujukan.SELESAI: "success", pc.StatusRujukan.DITOLAK: "danger",
            pc.StatusRujukan.DITERIMA: "primary",
        }.get(self.status, "secondary")

    @property
    def nama_tujuan(self) -> str:
        if self.psks_id:
            return self.psks.nama + (f" — {self.tujuan_lain}" if self.tujuan_lain else "")
        return self.tujuan_lain


class RiwayatStatusRujukan(models.Model):
    """One status change of a referral (the first row is its creation: '' → dikirim)."""

    rujukan = models.ForeignKey(Rujukan, on_delete=models.CASCADE, related_name="riwayat")
    dari_status = models.CharField(max_length=10, choices=pc.StatusRujukan.choices, blank=True)
    ke_status = models.CharField(max_length=10, choices=pc.StatusRujukan.choices)
    catatan = models.TextField(blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "riwayat status rujukan"
        verbose_name_plural = "riwayat status rujukan"
        ordering = ["pada", "id"]

    def __str__(self) -> str:
        return f"{self.dari_status or '—'} → {self.ke_status}"
