"""The PMKS household registry: keluarga, anggota, and their PMKS classification.

Invariants (enforced by constraints where the database can, by ``pmks.registri.services`` otherwise):
- ``Keluarga.no_kk`` is unique among households; earlier numbers live in ``RiwayatNoKK``.
- ``Anggota.nik`` is unique across the registry: NIK is the stable person key.
- An active household has exactly one active ``kepala`` member (at most one: DB constraint).
- Nothing is hard-deleted: households and members change status with a reason.
- Every change to Keluarga, Anggota and KlasifikasiPMKS is recorded by django-pghistory
  with the request's user.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from tksk import batas
from tksk.models import ModelBerversi, Wilayah
from tksk.scoping import filter_wilayah

from ..registri import choices as c


class JenisPMKS(models.Model):
    """A PMKS/PPKS type (Permensos 08/2012 plus local categories); administrators extend it."""

    kode = models.PositiveSmallIntegerField(unique=True)
    nama = models.CharField(max_length=120, unique=True)
    singkatan = models.CharField(max_length=12, unique=True)
    sumber = models.CharField(max_length=120, blank=True)
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "jenis PMKS"
        verbose_name_plural = "jenis PMKS"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.singkatan})"


class KeluargaQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> KeluargaQuerySet:
        return filter_wilayah(self, user, "kelurahan", write=write)

    def aktif(self) -> KeluargaQuerySet:
        return self.filter(status=c.StatusKeluarga.AKTIF)


@pghistory.track()
class Keluarga(ModelBerversi):
    """A household (rumah tangga / keluarga), kept stable while its No. KK changes."""

    no_kk = models.CharField("No. KK", max_length=16, unique=True)
    kelurahan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="keluarga")
    alamat = models.CharField(max_length=255)
    rt = models.CharField("RT", max_length=3, blank=True)
    rw = models.CharField("RW", max_length=3, blank=True)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=batas.LINTANG.validators()
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=batas.BUJUR.validators()
    )

    # Kondisi rumah (Regsosek III / kriteria RTLH)
    status_kepemilikan_rumah = models.CharField(
        max_length=20, choices=c.StatusKepemilikanRumah.choices, blank=True
    )
    luas_lantai = models.DecimalField(
        "luas lantai (m²)", max_digits=7, decimal_places=2, null=True, blank=True,
        validators=batas.LUAS_LANTAI.validators(),
    )
    lantai = models.CharField("lantai terluas", max_length=20, choices=c.Lantai.choices, blank=True)
    dinding = models.CharField("dinding terluas", max_length=20, choices=c.Dinding.choices, blank=True)
    atap = models.CharField("atap terluas", max_length=20, choices=c.Atap.choices, blank=True)
    sumber_air_minum = models.CharField(max_length=30, choices=c.SumberAirMinum.choices, blank=True)
    penerangan = models.CharField("sumber penerangan", max_length=20, choices=c.Penerangan.choices, blank=True)
    fasilitas_bab = models.CharField("fasilitas BAB", max_length=20, choices=c.FasilitasBAB.choices, blank=True)

    # Kesejahteraan (DTSEN)
    desil = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    sumber_desil = models.CharField(max_length=100, blank=True)
    tanggal_desil = models.DateField(
        null=True, blank=True, validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal desil")]
    )
    perkiraan_penghasilan = models.PositiveBigIntegerField(
        "perkiraan penghasilan per bulan (Rp)", null=True, blank=True,
        validators=batas.PENGHASILAN_BULANAN.validators(),
    )

    status = models.CharField(max_length=20, choices=c.StatusKeluarga.choices, default=c.StatusKeluarga.AKTIF)
    alasan_status = models.TextField("alasan perubahan status", blank=True)
    catatan = models.TextField(blank=True, validators=batas.validator_teks())

    didaftarkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = KeluargaQuerySet.as_manager()

    class Meta:
        verbose_name = "keluarga"
        verbose_name_plural = "keluarga"
        ordering = ["kelurahan__kode", "alamat", "id"]
        indexes = [
            # An area's households from the index alone, never the heap (a kecamatan's households are
            # spread over the whole table): with ``id`` the list's capped count and the per-household
            # probes (aid queue, jenis filter); with the included columns an area's stock (status,
            # registration date, desil) for bantuan.cakupan and the reports.
            models.Index(fields=["kelurahan", "status", "id"], include=["dibuat_pada", "desil"],
                         name="keluarga_kel_status_id"),
            models.Index(fields=["dibuat_pada"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(no_kk__regex=r"^\d{16}$"), name="keluarga_no_kk_16_digit"
            ),
            models.CheckConstraint(
                condition=Q(desil__isnull=True) | Q(desil__gte=1, desil__lte=10), name="keluarga_desil_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"Keluarga {self.no_kk}"

    def get_absolute_url(self) -> str:
        return reverse("pmks:keluarga_detail", args=[self.pk])

    @property
    def warna_status(self) -> str:
        """Bootstrap colour of the status badge (templates/includes/_status.html)."""
        return "success" if self.status == c.StatusKeluarga.AKTIF else "secondary"


class RiwayatNoKK(models.Model):
    """A No. KK a household held before (moves, family split, death of the head)."""

    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="riwayat_no_kk")
    no_kk = models.CharField("No. KK", max_length=16, db_index=True)
    berlaku_sampai = models.DateTimeField(auto_now_add=True)
    alasan = models.CharField(max_length=255)
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "riwayat No. KK"
        verbose_name_plural = "riwayat No. KK"
        ordering = ["-berlaku_sampai"]

    def __str__(self) -> str:
        return f"{self.no_kk} (sampai {self.berlaku_sampai:%d-%m-%Y})"


class AnggotaQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> AnggotaQuerySet:
        return filter_wilayah(self, user, "keluarga__kelurahan", write=write)

    def aktif(self) -> AnggotaQuerySet:
        return self.filter(status=c.StatusAnggota.AKTIF)


@pghistory.track()
class Anggota(models.Model):
    """A person in a household. NIK is the stable key; the person may move households."""

    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="anggota")
    nik = models.CharField("NIK", max_length=16, unique=True)
    nama = models.CharField(max_length=150)
    tempat_lahir = models.CharField(max_length=100, blank=True)
    tanggal_lahir = models.DateField(validators=[batas.TANGGAL_LAHIR])
    jenis_kelamin = models.CharField(max_length=1, choices=c.JenisKelamin.choices)
    hubungan = models.CharField("hubungan dengan kepala keluarga", max_length=20, choices=c.Hubungan.choices)
    status_perkawinan = models.CharField(max_length=20, choices=c.StatusPerkawinan.choices, blank=True)
    pendidikan = models.CharField("pendidikan terakhir", max_length=20, choices=c.Pendidikan.choices, blank=True)
    pekerjaan = models.CharField(max_length=100, blank=True)
    disabilitas = models.CharField(max_length=20, choices=c.Disabilitas.choices, default=c.Disabilitas.TIDAK_ADA)
    status_hidup = models.CharField(max_length=10, choices=c.StatusHidup.choices, default=c.StatusHidup.HIDUP)
    status = models.CharField(
        "keberadaan", max_length=20, choices=c.StatusAnggota.choices, default=c.StatusAnggota.AKTIF
    )
    alasan_status = models.TextField("alasan perubahan status", blank=True)
    # Soft NIK warnings (date/sex mismatch) the user confirmed, with the reason given.
    peringatan_nik_dikonfirmasi = models.JSONField(default=list, blank=True)
    alasan_konfirmasi_nik = models.TextField(blank=True, validators=batas.validator_teks())

    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = AnggotaQuerySet.as_manager()

    class Meta:
        verbose_name = "anggota keluarga"
        verbose_name_plural = "anggota keluarga"
        ordering = ["keluarga_id", "tanggal_lahir", "id"]
        indexes = [
            GinIndex(name="anggota_nama_trgm", fields=["nama"], opclasses=["gin_trgm_ops"]),
            models.Index(fields=["tanggal_lahir"]),
            # the vulnerable-member count of each listed household (bantuan.cakupan.belum_terjangkau): index-only
            models.Index(fields=["keluarga"], include=["tanggal_lahir", "disabilitas"], condition=Q(status="aktif"),
                         name="anggota_aktif_rentan"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(nik__regex=r"^\d{16}$"), name="anggota_nik_16_digit"),
            models.UniqueConstraint(
                fields=["keluarga"],
                condition=Q(hubungan="kepala", status="aktif"),
                name="satu_kepala_aktif_per_keluarga",
                violation_error_message="Satu keluarga hanya boleh memiliki satu kepala keluarga.",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def adalah_kepala(self) -> bool:
        return self.hubungan == c.Hubungan.KEPALA


class PerpindahanAnggota(models.Model):
    """A person moved from one household to another; the person (and history) is kept."""

    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="perpindahan")
    dari_keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="+")
    ke_keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="+")
    alasan = models.CharField(max_length=255)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "perpindahan anggota"
        verbose_name_plural = "perpindahan anggota"
        ordering = ["-pada"]

    def __str__(self) -> str:
        return f"{self.anggota} pindah ke {self.ke_keluarga}"


class KlasifikasiQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> KlasifikasiQuerySet:
        return filter_wilayah(self, user, "keluarga__kelurahan", write=write)

    def aktif(self) -> KlasifikasiQuerySet:
        return self.filter(aktif=True)


@pghistory.track()
class KlasifikasiPMKS(models.Model):
    """A PMKS type assessed for a household (``anggota`` empty) or for one of its members."""

    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="klasifikasi")
    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="klasifikasi"
    )
    jenis = models.ForeignKey(JenisPMKS, on_delete=models.PROTECT, related_name="klasifikasi")
    tanggal_asesmen = models.DateField(validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal asesmen")])
    dinilai_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    catatan = models.TextField(blank=True, validators=batas.validator_teks())
    aktif = models.BooleanField(default=True)
    alasan_dicabut = models.TextField(blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    objects = KlasifikasiQuerySet.as_manager()

    class Meta:
        verbose_name = "klasifikasi PMKS"
        verbose_name_plural = "klasifikasi PMKS"
        ordering = ["-tanggal_asesmen", "id"]
        indexes = [
            # "a classification in force / of these types / of jenis X" per household, answered from the
            # index (the list's jenis filter probes it per household of the area)
            models.Index(fields=["keluarga", "jenis", "tanggal_asesmen"], condition=Q(aktif=True),
                         name="klasifikasi_aktif_keluarga"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["keluarga", "jenis"],
                condition=Q(aktif=True, anggota__isnull=True),
                name="klasifikasi_keluarga_unik_aktif",
                violation_error_message="Jenis PMKS ini sudah tercatat untuk keluarga tersebut.",
            ),
            models.UniqueConstraint(
                fields=["anggota", "jenis"],
                condition=Q(aktif=True, anggota__isnull=False),
                name="klasifikasi_anggota_unik_aktif",
                violation_error_message="Jenis PMKS ini sudah tercatat untuk anggota tersebut.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jenis.singkatan} — {self.anggota or self.keluarga}"
