"""Eligibility drift: an active recipient whose household's newest desil is above its programme's
maximum (``ProgramBantuan.desil_maksimum``) — "tidak lagi memenuhi syarat desil".

Invariants:
- Exactly one flag per (recipient = proposal, desil position = ``pmks.RiwayatDesil`` row): a
  unique constraint, written with ON CONFLICT DO NOTHING, so re-imports and retries add nothing.
- A flag is never deleted nor silently dropped: ``terbuka`` until Dinas Sosial decides, with a
  reason, *dilanjutkan* (the recipient keeps the aid) or *dinonaktifkan* (the recipient is
  deactivated through ``bantuan.services.penerima.penerima_nonaktifkan``, with its history).
- Status changes only through ``tksk.transisi.pindah_status`` with ``choices.TRANSISI_TANDA_DESIL``;
  every change is recorded by django-pghistory (who, when).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models

from pmks.models import Keluarga, RiwayatDesil
from tksk import batas
from tksk.models import ModelBerversi
from tksk.scoping import filter_wilayah

from .. import choices as c
from .usulan import Usulan


class TandaDesilQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False) -> TandaDesilQuerySet:
        return filter_wilayah(self, user, "keluarga__kelurahan", write=write)

    def terbuka(self) -> TandaDesilQuerySet:
        return self.filter(status=c.StatusTandaDesil.TERBUKA)


@pghistory.track()
class TandaDesil(ModelBerversi):
    usulan = models.ForeignKey(Usulan, on_delete=models.PROTECT, related_name="tanda_desil")
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="tanda_desil")
    riwayat_desil = models.ForeignKey(RiwayatDesil, on_delete=models.PROTECT, related_name="+")
    desil_lama = models.PositiveSmallIntegerField(null=True, blank=True)
    desil_baru = models.PositiveSmallIntegerField()
    desil_maksimum = models.PositiveSmallIntegerField("desil maksimum program")
    status = models.CharField(max_length=15, choices=c.StatusTandaDesil.choices, default=c.StatusTandaDesil.TERBUKA)
    alasan = models.TextField("alasan keputusan", blank=True, validators=batas.validator_teks())
    diputuskan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = TandaDesilQuerySet.as_manager()

    class Meta:
        verbose_name = "tanda desil penerima"
        verbose_name_plural = "tanda desil penerima"
        ordering = ["-dibuat_pada", "-id"]
        indexes = [models.Index(fields=["status", "dibuat_pada"], name="tanda_desil_status")]
        constraints = [
            models.UniqueConstraint(fields=["usulan", "riwayat_desil"], name="tanda_desil_sekali_per_posisi"),
        ]

    def __str__(self) -> str:
        return f"Tanda desil usulan #{self.usulan_id}: desil {self.desil_baru} > {self.desil_maksimum}"

    @property
    def warna_status(self) -> str:
        return {"terbuka": "warning", "dilanjutkan": "success", "dinonaktifkan": "secondary"}.get(self.status, "light")
