"""Records of spreadsheet imports and exports (audit trail).

Invariants:
- Every import keeps the uploaded file (private storage, never served as media), who uploaded
  it, when, the counts and the outcome; the parsed rows are kept beside it between the preview
  and the commit so the file is parsed once.
- An import is written only from status ``siap`` (no errors) and in one transaction; status
  moves ``memeriksa`` → ``siap``/``galat`` → ``menyimpan`` → ``selesai``/``gagal``.
- A running import (``memeriksa``/``menyimpan``) beats ``diperbarui_pada`` while its process
  lives; one whose heartbeat stopped is failed (checking) or put back to ``siap`` (saving: the
  one transaction wrote nothing) by ``services.impor_tandai_macet``, never left running.
- At most ``SIDAMPING_IMPOR_MAKS_GALAT`` errors (and ``…_MAKS_PERINGATAN`` warnings) are stored;
  ``jumlah_galat`` / ``jumlah_peringatan`` count them all.
- Every export is recorded with who, which list, which filter and how many rows.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from tksk.models import Wilayah
from tksk.scoping import filter_wilayah


class PenyimpananPrivat(FileSystemStorage):
    """Uploaded spreadsheets hold NIKs: keep them outside MEDIA_ROOT, with no public URL.

    The folder is ``settings.SIDAMPING_BERKAS_PRIVAT`` (default: ``privat`` beside MEDIA_ROOT),
    read at use time so tests can point it elsewhere.
    """

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self):  # type: ignore[override]
        return getattr(settings, "SIDAMPING_BERKAS_PRIVAT", None) or str(Path(settings.MEDIA_ROOT).parent / "privat")

    @property
    def location(self):  # type: ignore[override]
        return str(Path(self.base_location).resolve())

    def url(self, name):  # pragma: no cover - deliberately unavailable
        raise ValueError("Berkas impor tidak memiliki URL publik.")

    def deconstruct(self):
        return ("pmks.impor.models.PenyimpananPrivat", (), {})


def penyimpanan_privat() -> PenyimpananPrivat:
    return PenyimpananPrivat()


class JenisImpor(models.TextChoices):
    REGISTRI = "registri", "Registri keluarga & anggota"
    BNBA = "bnba", "Daftar penerima program (BNBA)"
    DESIL = "desil", "Peringkat desil DTSEN"


class StatusImpor(models.TextChoices):
    MEMERIKSA = "memeriksa", "Sedang diperiksa"
    SIAP = "siap", "Siap disimpan"
    GALAT = "galat", "Ada galat"
    MENYIMPAN = "menyimpan", "Sedang disimpan"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


WARNA_STATUS = {
    StatusImpor.SELESAI: "success", StatusImpor.GALAT: "danger", StatusImpor.GAGAL: "danger",
    StatusImpor.SIAP: "primary", StatusImpor.DIBATALKAN: "secondary",
}

class ImporQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> ImporQuerySet:
        return filter_wilayah(self, user, "wilayah", write=write)

    def tanpa_isi_besar(self) -> ImporQuerySet:
        """For lists and the status poll: never load the error/warning lists (up to megabytes each)."""
        return self.defer("galat", "peringatan", "ringkasan", "parameter", "alasan_peringatan")


class Impor(models.Model):
    """One uploaded spreadsheet and what became of it."""

    jenis = models.CharField(max_length=10, choices=JenisImpor.choices, default=JenisImpor.REGISTRI)
    status = models.CharField(max_length=12, choices=StatusImpor.choices, default=StatusImpor.MEMERIKSA)
    berkas = models.FileField(upload_to="impor/%Y/%m/", storage=penyimpanan_privat, max_length=255)
    nama_berkas = models.CharField(max_length=255)
    ukuran = models.PositiveBigIntegerField("ukuran (byte)", default=0)
    # Parsed rows kept between preview and commit (pickle written by this app only).
    hasil_urai = models.FileField(upload_to="impor/urai/", storage=penyimpanan_privat, max_length=255, blank=True)
    parameter = models.JSONField(default=dict, blank=True)  # e.g. BNBA: program, periode

    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The uploader's area at upload time: scopes the import history (None = administrator).
    wilayah = models.ForeignKey(Wilayah, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diperiksa_pada = models.DateTimeField(null=True, blank=True)
    mulai_simpan_pada = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    progres = models.PositiveSmallIntegerField(default=0)
    tahap = models.CharField(max_length=120, blank=True)
    jumlah_baris = models.PositiveIntegerField(default=0)
    ringkasan = models.JSONField(default=dict, blank=True)
    galat = models.JSONField(default=list, blank=True)  # [[baris, kolom, pesan], ...] (the first N)
    peringatan = models.JSONField(default=list, blank=True)  # [[baris, kolom, pesan, kode], ...] (the first N)
    jumlah_galat = models.PositiveIntegerField(default=0)  # all errors found (``galat`` keeps the first N)
    jumlah_peringatan = models.PositiveIntegerField(default=0)
    diperbarui_pada = models.DateTimeField("detak terakhir", null=True, blank=True)  # heartbeat while running
    tugas_id = models.CharField(max_length=64, blank=True)  # the background job (procrastinate job id)
    alasan_peringatan = models.TextField("alasan konfirmasi peringatan NIK", blank=True)
    pesan = models.TextField(blank=True)  # why it failed, for the user

    objects = ImporQuerySet.as_manager()

    class Meta:
        verbose_name = "impor berkas"
        verbose_name_plural = "impor berkas"
        ordering = ["-dibuat_pada", "-id"]
        indexes = [models.Index(fields=["oleh", "dibuat_pada"])]

    def __str__(self) -> str:
        return f"Impor {self.nama_berkas} ({self.get_status_display()})"

    @property
    def sedang_berjalan(self) -> bool:
        return self.status in (StatusImpor.MEMERIKSA, StatusImpor.MENYIMPAN)

    @property
    def warna_status(self) -> str:
        """Bootstrap colour of the status badge (templates/includes/_status.html)."""
        return WARNA_STATUS.get(self.status, "warning")  # running: memeriksa / menyimpan


class Ekspor(models.Model):
    """One download of a registry list."""

    jenis = models.CharField(max_length=20)  # "keluarga" / "anggota"
    format = models.CharField(max_length=5)  # "xlsx" / "csv"
    filter = models.JSONField(default=dict, blank=True)
    jumlah_baris = models.PositiveIntegerField(default=0)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    wilayah = models.ForeignKey(Wilayah, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ekspor data"
        verbose_name_plural = "ekspor data"
        ordering = ["-pada", "-id"]

    def __str__(self) -> str:
        return f"Ekspor {self.jenis} {self.format} ({self.jumlah_baris} baris)"
