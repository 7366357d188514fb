"""UU 27/2022 (Pelindungan Data Pribadi): the privacy notice, who informed a household of it, consent
withdrawal, and the data subjects' requests.

Invariants:
- ``PemberitahuanPrivasi`` rows are never changed: every saved change of the notice text is a new
  row with the next ``versi`` (the admin inserts, never updates); the highest version is in force.
- ``PemberitahuanKeluarga`` records that a household was informed of one version (who, when); a
  household may be informed again of a later version. None = "belum diberi tahu".
- ``PenarikanPersetujuan``: at most one per household (a withdrawal is final; the record stays for
  audit). Its existence is what "dibatasi" means (``pmks.registri.pdp.q_dibatasi``).
- ``PermintaanSubjekData`` status changes go through ``tksk.transisi.pindah_status`` with
  ``pmks.registri.choices.TRANSISI_PERMINTAAN``; ``tenggat`` is fixed when it is received.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from tksk import batas
from tksk.models import ModelBerversi
from tksk.scoping import filter_wilayah

from ..registri import choices as c


class PemberitahuanPrivasi(models.Model):
    versi = models.PositiveIntegerField(unique=True, editable=False)
    judul = models.CharField(max_length=200, default="Pemberitahuan Privasi Sidamping")
    teks = models.TextField(
        "teks pemberitahuan", validators=batas.validator_teks(20_000),
        help_text="Dibacakan/ditunjukkan kepada keluarga saat pendataan. Setiap simpan membuat versi baru.",
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pemberitahuan privasi"
        verbose_name_plural = "pemberitahuan privasi"
        ordering = ["-versi"]

    def __str__(self) -> str:
        return f"{self.judul} (versi {self.versi})"


class PemberitahuanKeluarga(models.Model):
    keluarga = models.ForeignKey("pmks.Keluarga", on_delete=models.PROTECT, related_name="pemberitahuan_privasi")
    pemberitahuan = models.ForeignKey(PemberitahuanPrivasi, on_delete=models.PROTECT, related_name="+")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "catatan pemberitahuan privasi"
        verbose_name_plural = "catatan pemberitahuan privasi"
        ordering = ["-pada", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["keluarga", "pemberitahuan"], name="pemberitahuan_keluarga_sekali"),
        ]

    def __str__(self) -> str:
        return f"Keluarga {self.keluarga_id} diberi tahu versi {self.pemberitahuan.versi}"


class PenarikanPersetujuan(models.Model):
    keluarga = models.OneToOneField("pmks.Keluarga", on_delete=models.PROTECT, related_name="penarikan_persetujuan")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)
    alasan = models.TextField(validators=batas.validator_teks())

    class Meta:
        verbose_name = "penarikan persetujuan"
        verbose_name_plural = "penarikan persetujuan"

    def __str__(self) -> str:
        return f"Keluarga {self.keluarga_id} menarik persetujuan ({self.pada:%d-%m-%Y})"


class PermintaanQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> PermintaanQuerySet:
        return filter_wilayah(self, user, "keluarga__kelurahan", write=write)

    def terbuka(self) -> PermintaanQuerySet:
        return self.filter(status=c.StatusPermintaan.DITERIMA)


class PermintaanSubjekData(ModelBerversi):
    keluarga = models.ForeignKey("pmks.Keluarga", on_delete=models.PROTECT, related_name="permintaan_subjek")
    anggota = models.ForeignKey(
        "pmks.Anggota", on_delete=models.PROTECT, null=True, blank=True, related_name="permintaan_subjek",
        help_text="Kosong: permintaan untuk seluruh keluarga.",
    )
    jenis = models.CharField(max_length=20, choices=c.JenisPermintaan.choices)
    status = models.CharField(max_length=20, choices=c.StatusPermintaan.choices, default=c.StatusPermintaan.DITERIMA)
    nama_pemohon = models.CharField(max_length=150, validators=batas.validator_teks(150))
    uraian = models.TextField(blank=True, validators=batas.validator_teks())
    diterima_pada = models.DateTimeField()
    tenggat = models.DateTimeField()
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diselesaikan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    diselesaikan_pada = models.DateTimeField(null=True, blank=True)
    jawaban = models.TextField(blank=True)
    # perbaikan: the change (pghistory event) that answered it; its time and the edit page it was made on
    perbaikan_pada = models.DateTimeField(null=True, blank=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = PermintaanQuerySet.as_manager()

    class Meta:
        verbose_name = "permintaan subjek data"
        verbose_name_plural = "permintaan subjek data"
        ordering = ["tenggat", "id"]
        indexes = [models.Index(fields=["status", "tenggat"], name="permintaan_status_tenggat")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("pmks:permintaan_detail", args=[self.pk])


class RiwayatPermintaan(models.Model):
    permintaan = models.ForeignKey(PermintaanSubjekData, on_delete=models.PROTECT, related_name="riwayat")
    dari = models.CharField(max_length=20, blank=True)
    ke = models.CharField(max_length=20)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)
    catatan = models.TextField(blank=True)

    class Meta:
        verbose_name = "riwayat permintaan subjek data"
        verbose_name_plural = "riwayat permintaan subjek data"
        ordering = ["pada", "id"]

    def __str__(self) -> str:
        return f"{self.dari or '-'} → {self.ke}"
