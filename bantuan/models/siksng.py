"""Settings of the SIKS-NG round trip (proposals handed to the Kemensos system).

Invariants:
- At most one row (``PengaturanSiksNg.kini()`` reads it; without a row the defaults apply).
- ``tanggal_batas`` lies in 1–28, so the monthly cut-off exists in every month (February too).
"""

from __future__ import annotations

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

TANGGAL_BATAS_BAWAAN = 17  # SIKS-NG's monthly cut-off for proposals and updates


@pghistory.track()
class PengaturanSiksNg(models.Model):
    """The monthly SIKS-NG cut-off day, editable by an administrator (Django admin)."""

    tanggal_batas = models.PositiveSmallIntegerField(
        "tanggal batas unggah bulanan", default=TANGGAL_BATAS_BAWAAN,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="Tanggal (1–28) setiap bulan, batas usulan/pemutakhiran masuk SIKS-NG. Bawaan: 17.",
    )

    class Meta:
        verbose_name = "pengaturan SIKS-NG"
        verbose_name_plural = "pengaturan SIKS-NG"

    def __str__(self) -> str:
        return f"Batas unggah SIKS-NG: tanggal {self.tanggal_batas} setiap bulan"

    @classmethod
    def tanggal_batas_kini(cls) -> int:
        return cls.objects.values_list("tanggal_batas", flat=True).first() or TANGGAL_BATAS_BAWAAN
