"""Desil history of a household (DTSEN ranking, or a local estimate).

Invariants:
- Append-only: a row is never changed or deleted; it records one desil *position* (value, source,
  ``posisi_data`` date) with who imported it and from which import.
- At most one row per (household, source, position date, value): re-importing an unchanged file
  writes nothing.
- ``Keluarga.desil`` / ``sumber_desil`` / ``tanggal_desil`` are the newest row as decided by ONE
  function, ``pmks.registri.desil.keluarga_desil_segarkan`` (newest ``posisi_data``, undated last; on the same
  date DTSEN before a local estimate; then the later row).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from tksk import batas


class SumberDesil(models.TextChoices):
    DTSEN = "dtsen", "DTSEN"
    LOKAL = "lokal", "Estimasi lokal"


class RiwayatDesil(models.Model):
    keluarga = models.ForeignKey("pmks.Keluarga", on_delete=models.PROTECT, related_name="riwayat_desil")
    desil = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    sumber = models.CharField(max_length=10, choices=SumberDesil.choices)
    # Empty only for a desil stored before the history without a date (it loses to every dated position).
    posisi_data = models.DateField(
        "posisi data", null=True, blank=True, validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal posisi data")]
    )
    keterangan = models.CharField(max_length=100, blank=True)  # shown as Keluarga.sumber_desil
    impor = models.ForeignKey("pmks.Impor", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "riwayat desil"
        verbose_name_plural = "riwayat desil"
        ordering = ["-posisi_data", "-id"]
        indexes = [models.Index(fields=["keluarga", "posisi_data"], name="riwayat_desil_keluarga_posisi")]
        constraints = [
            models.UniqueConstraint(fields=["keluarga", "sumber", "posisi_data", "desil"],
                                    name="riwayat_desil_unik_per_posisi"),
            models.CheckConstraint(condition=Q(desil__gte=1, desil__lte=10), name="riwayat_desil_1_10"),
        ]

    def __str__(self) -> str:
        tanggal = f"{self.posisi_data:%d-%m-%Y}" if self.posisi_data else "tanpa tanggal"
        return f"Desil {self.desil} ({self.get_sumber_display()}, {tanggal})"
