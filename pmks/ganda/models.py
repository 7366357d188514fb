"""The duplicate-candidate queue: pairs of member records that may be one person.

Invariants:
- a pair is ordered (``anggota_a_id < anggota_b_id``, check constraint) and unique: a scan run
  twice, or two scans at once, cannot propose the same pair twice (``INSERT … ON CONFLICT DO NOTHING``);
- a pair decided *berbeda* stays in the table, so the scan never proposes it again;
- a pair is decided once (``pmks.ganda.choices.TRANSISI`` through ``tksk.transisi.pindah_status``);
  a merged pair names the surviving record (``penyintas``); the other record is archived with
  status ``digabung``, never deleted;
- every change is recorded by django-pghistory with the request's user.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tksk import batas
from tksk.scoping import filter_wilayah

from . import choices as c


class PasanganQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> PasanganQuerySet:
        """Pairs whose two records both lie in the user's area (a TKSK sees the pairs of their
        kecamatan; a pair across two kecamatan is Dinas Sosial's)."""
        qs = filter_wilayah(self, user, "anggota_a__keluarga__kelurahan", write=write)
        return filter_wilayah(qs, user, "anggota_b__keluarga__kelurahan", write=write)


@pghistory.track()
class PasanganDuplikat(models.Model):
    """Two member records the scan (``pmks.ganda.pindai``) found to be possibly one person."""

    anggota_a = models.ForeignKey("pmks.Anggota", on_delete=models.PROTECT, related_name="+")
    anggota_b = models.ForeignKey("pmks.Anggota", on_delete=models.PROTECT, related_name="+")
    kode_kabkota = models.CharField("kode kab/kota", max_length=5, db_collation="C")
    skor = models.PositiveSmallIntegerField(help_text="0–100, lihat pmks.ganda.pindai")
    kemiripan_nama = models.FloatField(default=0)
    alasan = models.JSONField(default=list, help_text="kode pmks.ganda.choices.AlasanPasangan")
    status = models.CharField(max_length=10, choices=c.StatusPasangan.choices, default=c.StatusPasangan.BARU)
    ditemukan_pada = models.DateTimeField(auto_now_add=True)
    diputus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diputus_pada = models.DateTimeField(null=True, blank=True)
    catatan_putusan = models.TextField(blank=True, validators=batas.validator_teks())
    penyintas = models.ForeignKey(
        "pmks.Anggota", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Data yang dipertahankan saat digabung.",
    )
    # What a merge moved: {"dipindah": {model label: [ids]}, "keluarga_digabung": bool, "pilihan": {...}}
    rincian_gabung = models.JSONField(default=dict, blank=True)

    objects = PasanganQuerySet.as_manager()

    class Meta:
        verbose_name = "pasangan calon duplikat"
        verbose_name_plural = "pasangan calon duplikat"
        ordering = ["-skor", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(anggota_a__lt=F("anggota_b")), name="pasangan_duplikat_berurut"),
            models.UniqueConstraint(fields=["anggota_a", "anggota_b"], name="pasangan_duplikat_unik"),
        ]
        indexes = [models.Index(fields=["kode_kabkota", "status", "-skor"], name="pasangan_kabkota_status")]

    def __str__(self) -> str:
        return f"Pasangan {self.anggota_a_id}–{self.anggota_b_id} ({self.skor})"

    @property
    def warna_status(self) -> str:
        return {c.StatusPasangan.BARU: "warning", c.StatusPasangan.BERBEDA: "secondary"}.get(self.status, "success")

    def daftar_alasan(self) -> list[str]:
        label = dict(c.AlasanPasangan.choices)
        return [label.get(k, k) for k in self.alasan or []]
