"""Monthly TKSK reports (laporan bulanan), their status history, report settings and downloads.

Invariants:
- One ``LaporanBulanan`` per (kecamatan, periode); ``periode`` is the first day of the month.
- Status changes only through ``laporan.services`` along ``choices.TRANSISI``; each change writes a
  ``RiwayatStatusLaporan`` row (who, when, note).
- While ``draf``/``dikembalikan`` the report shows live figures. ``laporan_ajukan`` freezes every
  figure and the narrative in ``snapshot`` and stores the PDF rendered from that snapshot in
  ``berkas_pdf`` (with its SHA-256): from then on everyone downloads that same document.
- ``kode_verifikasi`` is random (``secrets``), unique, and set at the first submission; the QR
  code on the PDF points to ``/laporan/verifikasi/<kode>/``.
- Every download (PDF/XLSX, monthly report or city recap) writes one ``RiwayatUnduhan`` row.
- A recap too large to compute in a request (a province) is a ``DokumenRekap``: one row per
  (area, month), composed by the background worker; ``snapshot`` and ``berkas_pdf`` are set
  together when ``status`` becomes ``selesai`` (``sha256_pdf`` is the stored file's hash).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tksk.models import ModelBerversi, Wilayah
from tksk.scoping import filter_wilayah

from .choices import STATUS_BEKU, STATUS_BISA_DIUBAH, STATUS_REKAP_BERJALAN, StatusLaporan, StatusRekap


def buat_kode_verifikasi() -> str:
    """About 120 bits of randomness, URL-safe: not guessable, short enough for a QR code."""
    return secrets.token_urlsafe(15)


class LaporanQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> LaporanQuerySet:
        return filter_wilayah(self, user, "kecamatan", write=write)


class LaporanBulanan(ModelBerversi):
    """The monthly report of one kecamatan's TKSK for one month."""

    kecamatan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="laporan_bulanan")
    periode = models.DateField(help_text="Hari pertama bulan laporan.")
    penyusun = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="laporan_disusun",
        null=True, blank=True, verbose_name="TKSK penyusun",
    )
    status = models.CharField(max_length=15, choices=StatusLaporan.choices, default=StatusLaporan.DRAF)

    kondisi_sosial = models.TextField("kondisi sosial", blank=True)
    kendala = models.TextField("kendala dan hambatan", blank=True)
    rencana_tindak_lanjut = models.TextField("rencana tindak lanjut", blank=True)

    snapshot = models.JSONField(null=True, blank=True, editable=False)
    berkas_pdf = models.FileField(upload_to="laporan/%Y/%m/", blank=True, editable=False)
    sha256_pdf = models.CharField("SHA-256 PDF", max_length=64, blank=True, editable=False)
    kode_verifikasi = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)

    diajukan_pada = models.DateTimeField(null=True, blank=True)
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = LaporanQuerySet.as_manager()

    class Meta:
        verbose_name = "laporan bulanan"
        verbose_name_plural = "laporan bulanan"
        ordering = ["-periode", "kecamatan__kode"]
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "periode"], name="laporan_satu_per_kecamatan_bulan"),
            models.CheckConstraint(condition=Q(periode__day=1), name="laporan_periode_hari_pertama"),
        ]

    def __str__(self) -> str:
        return f"Laporan {self.kecamatan.nama} {self.periode:%m/%Y}"

    @property
    def warna_status(self) -> str:
        """Bootstrap colour of the status badge (templates/includes/_status.html)."""
        return {
            StatusLaporan.DIAJUKAN: "primary", StatusLaporan.DITERIMA: "success", StatusLaporan.DIKEMBALIKAN: "warning",
        }.get(self.status, "secondary")

    def clean(self) -> None:
        if self.periode and self.periode.day != 1:
            raise ValidationError({"periode": "Periode laporan harus hari pertama bulan."})
        if self.kecamatan_id and self.kecamatan.tingkat != "kecamatan":
            raise ValidationError({"kecamatan": "Laporan bulanan disusun per kecamatan."})

    @property
    def beku(self) -> bool:
        return self.status in STATUS_BEKU

    @property
    def bisa_diubah(self) -> bool:
        return self.status in STATUS_BISA_DIUBAH


class RiwayatStatusLaporan(models.Model):
    """One status change of a report: who, when, from → to, and the note given."""

    laporan = models.ForeignKey(LaporanBulanan, on_delete=models.CASCADE, related_name="riwayat")
    dari_status = models.CharField(max_length=15, choices=StatusLaporan.choices)
    ke_status = models.CharField(max_length=15, choices=StatusLaporan.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)
    catatan = models.TextField(blank=True)
    sha256_pdf = models.CharField("SHA-256 PDF", max_length=64, blank=True)

    class Meta:
        verbose_name = "riwayat status laporan"
        verbose_name_plural = "riwayat status laporan"
        ordering = ["pada", "id"]

    def __str__(self) -> str:
        return f"{self.laporan}: {self.dari_status} → {self.ke_status}"


class PengaturanLaporan(models.Model):
    """Kop surat and signatories for the reports of one kota/kabupaten (editable in the admin)."""

    wilayah = models.OneToOneField(
        Wilayah, on_delete=models.PROTECT, related_name="pengaturan_laporan",
        limit_choices_to={"tingkat__in": ["kota", "kabupaten"]}, verbose_name="kota/kabupaten",
    )
    pemerintah = models.CharField(max_length=150, default="PEMERINTAH KOTA PROBOLINGGO")
    instansi = models.CharField(max_length=200, blank=True, help_text="Kosong: SIDAMPING_INSTANSI.")
    alamat = models.CharField(max_length=255, blank=True)
    logo = models.CharField(
        "logo (path static)", max_length=200, blank=True, help_text="Mis. img/logo_kota.png di folder static."
    )
    kota_penandatanganan = models.CharField("tempat penandatanganan", max_length=60, default="Probolinggo")
    nama_kepala_dinas = models.CharField("nama Kepala Dinas Sosial", max_length=150, blank=True)
    nip_kepala_dinas = models.CharField("NIP Kepala Dinas Sosial", max_length=30, blank=True)
    jabatan_kepala_dinas = models.CharField(max_length=150, default="Kepala Dinas Sosial")
    url_dasar = models.URLField(
        "alamat situs", blank=True, help_text="Dipakai pada kode QR verifikasi, mis. https://sidamping.example.go.id"
    )

    class Meta:
        verbose_name = "pengaturan laporan"
        verbose_name_plural = "pengaturan laporan"

    def __str__(self) -> str:
        return f"Pengaturan laporan {self.wilayah.nama}"


class PenandatanganCamat(models.Model):
    """The Camat who signs "mengetahui" on a kecamatan's monthly report."""

    pengaturan = models.ForeignKey(PengaturanLaporan, on_delete=models.CASCADE, related_name="camat")
    kecamatan = models.OneToOneField(
        Wilayah, on_delete=models.PROTECT, related_name="penandatangan_camat",
        limit_choices_to={"tingkat": "kecamatan"},
    )
    nama = models.CharField(max_length=150)
    nip = models.CharField("NIP", max_length=30, blank=True)

    class Meta:
        verbose_name = "penandatangan Camat"
        verbose_name_plural = "penandatangan Camat"

    def __str__(self) -> str:
        return f"Camat {self.kecamatan.nama}: {self.nama}"


BATAS_REKAP_MACET = timedelta(minutes=30)


class DokumenRekap(models.Model):
    """A recap (kab/kota or province) composed off-request by ``laporan.tasks.susun_rekap``.

    Invariants: one row per (wilayah, periode); while ``antre``/``berjalan`` a job for it is queued
    or running (at most one: a queueing lock per row); ``selesai`` rows carry the figures
    (``snapshot``, the same dict as ``angka_rekap``) and the PDF rendered from them with its SHA-256;
    a new request keeps the previous result on screen until the new one is done.
    """

    wilayah = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    periode = models.DateField(help_text="Hari pertama bulan rekap.")
    status = models.CharField(max_length=10, choices=StatusRekap.choices, default=StatusRekap.ANTRE)
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diminta_pada = models.DateTimeField()
    mulai_pada = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    detik = models.FloatField("lama penyusunan (detik)", null=True, blank=True)
    galat = models.TextField(blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    berkas_pdf = models.FileField(upload_to="rekap/%Y/%m/", blank=True, editable=False)
    sha256_pdf = models.CharField("SHA-256 PDF", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "dokumen rekap"
        verbose_name_plural = "dokumen rekap"
        ordering = ["-periode", "wilayah__kode"]
        constraints = [
            models.UniqueConstraint(fields=["wilayah", "periode"], name="rekap_satu_per_wilayah_bulan"),
            models.CheckConstraint(condition=Q(periode__day=1), name="rekap_periode_hari_pertama"),
        ]

    def __str__(self) -> str:
        return f"Rekap {self.wilayah.nama} {self.periode:%m/%Y} ({self.get_status_display()})"

    @property
    def sedang_berjalan(self) -> bool:
        return self.status in STATUS_REKAP_BERJALAN

    @property
    def macet(self) -> bool:
        """Queued or running for longer than any composition takes: its worker is gone."""
        sejak = self.mulai_pada or self.diminta_pada
        return self.sedang_berjalan and sejak is not None and timezone.now() - sejak > BATAS_REKAP_MACET

    @property
    def ada_hasil(self) -> bool:
        return bool(self.snapshot) and bool(self.berkas_pdf)


class JenisUnduhan(models.TextChoices):
    BULANAN = "bulanan", "Laporan bulanan kecamatan"
    REKAP = "rekap", "Rekap kota"


class FormatUnduhan(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class RiwayatUnduhan(models.Model):
    """Every download of a report document: who, when, which document, which format."""

    laporan = models.ForeignKey(
        LaporanBulanan, on_delete=models.CASCADE, null=True, blank=True, related_name="unduhan"
    )
    jenis = models.CharField(max_length=10, choices=JenisUnduhan.choices)
    wilayah = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    periode = models.DateField()
    format = models.CharField(max_length=5, choices=FormatUnduhan.choices)
    status_laporan = models.CharField(max_length=15, blank=True, help_text="Status laporan saat diunduh.")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "riwayat unduhan"
        verbose_name_plural = "riwayat unduhan"
        ordering = ["-pada", "-id"]

    def __str__(self) -> str:
        return f"{self.oleh} mengunduh {self.get_jenis_display()} {self.wilayah.nama} ({self.format})"
