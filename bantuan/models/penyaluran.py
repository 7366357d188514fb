"""Distribution, monitoring, and receipts recorded from external lists (PKH/BPNT BNBA).

Invariants:
- One ``Penyaluran`` per proposal per month (DB constraint on ``bulan``, the first day of the
  month of ``tanggal``); a once-only program gets exactly one (checked under a row lock).
- ``PenerimaanEksternal`` is unique per program, household and start of period, so re-importing
  the same list changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from pmks.models import Anggota, Keluarga
from tksk import batas
from tksk.scoping import filter_wilayah

from .program import ProgramBantuan
from .usulan import Usulan, path_bukti


class ScopedQuerySet(models.QuerySet):
    path_wilayah = "usulan__keluarga__kelurahan"

    def for_user(self, user, *, write: bool = False):
        return filter_wilayah(self, user, self.path_wilayah, write=write)


class PenyaluranQuerySet(ScopedQuerySet):
    pass


class Penyaluran(models.Model):
    """One delivery of an approved proposal: when, what, who signed, evidence, who recorded."""

    usulan = models.ForeignKey(Usulan, on_delete=models.PROTECT, related_name="penyaluran")
    tanggal = models.DateField(validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal penyaluran")])
    bulan = models.DateField(editable=False, help_text="Hari pertama bulan penyaluran.")
    nilai = models.PositiveBigIntegerField(
        "nilai (Rp)", null=True, blank=True, validators=batas.RUPIAH_PER_PENERIMA.validators()
    )
    jumlah_barang = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=batas.JUMLAH_BARANG.validators()
    )
    uraian = models.CharField("uraian barang", max_length=200, blank=True)
    diterima_oleh = models.CharField("diterima/ditandatangani oleh", max_length=150)
    foto_bukti = models.FileField(upload_to=path_bukti, max_length=200, blank=True)
    catatan = models.TextField(blank=True, validators=batas.validator_teks())
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    objects = PenyaluranQuerySet.as_manager()

    class Meta:
        verbose_name = "penyaluran"
        verbose_name_plural = "penyaluran"
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["usulan", "bulan"], name="penyaluran_satu_per_bulan",
                violation_error_message="Penyaluran untuk bulan ini sudah dicatat.",
            ),
        ]

    def __str__(self) -> str:
        return f"Penyaluran {self.tanggal:%d-%m-%Y} usulan #{self.usulan_id}"


class MonitoringBantuan(models.Model):
    """Follow-up of livestock (alive/born/sold/dead) or business capital (running or not)."""

    usulan = models.ForeignKey(Usulan, on_delete=models.PROTECT, related_name="monitoring")
    tanggal = models.DateField(validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal monitoring")])
    ternak_hidup = models.PositiveSmallIntegerField(null=True, blank=True, validators=batas.TERNAK.validators())
    ternak_lahir = models.PositiveSmallIntegerField(null=True, blank=True, validators=batas.TERNAK.validators())
    ternak_dijual = models.PositiveSmallIntegerField(null=True, blank=True, validators=batas.TERNAK.validators())
    ternak_mati = models.PositiveSmallIntegerField(null=True, blank=True, validators=batas.TERNAK.validators())
    usaha_berjalan = models.BooleanField(null=True, blank=True)
    catatan = models.TextField(blank=True, validators=batas.validator_teks())
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "monitoring bantuan"
        verbose_name_plural = "monitoring bantuan"
        ordering = ["-tanggal", "-id"]

    def __str__(self) -> str:
        return f"Monitoring {self.tanggal:%d-%m-%Y} usulan #{self.usulan_id}"


class PenerimaanQuerySet(ScopedQuerySet):
    path_wilayah = "keluarga__kelurahan"

    def berlaku(self) -> PenerimaanQuerySet:
        return self.filter(aktif=True)


class PenerimaanEksternal(models.Model):
    """A household receives a program in a period according to an external list (BNBA PKH/BPNT)."""

    program = models.ForeignKey(ProgramBantuan, on_delete=models.PROTECT, related_name="penerimaan_eksternal")
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="penerimaan_eksternal")
    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    periode_mulai = models.DateField()
    periode_selesai = models.DateField()
    sumber = models.CharField(max_length=150, help_text="Mis. BNBA PKH Tahap 1 2026.")
    impor_ref = models.CharField("referensi impor", max_length=100, blank=True)
    aktif = models.BooleanField(default=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    dicatat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = PenerimaanQuerySet.as_manager()

    class Meta:
        verbose_name = "penerimaan eksternal"
        verbose_name_plural = "penerimaan eksternal"
        ordering = ["-periode_mulai", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "keluarga", "periode_mulai"], name="penerimaan_eksternal_unik"
            ),
            models.CheckConstraint(
                condition=Q(periode_mulai__lte=models.F("periode_selesai")), name="penerimaan_periode_urut"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.nama}: {self.keluarga} ({self.periode_mulai:%m/%Y}–{self.periode_selesai:%m/%Y})"
