"""Who looked at whose personal data (UU 27/2022 Pelindungan Data Pribadi): an append-only log.

One row per opening of a household page, per display of a full NIK / No. KK, per export. Rows are
never changed or deleted through the app, the admin or SQL (a database trigger refuses UPDATE and
DELETE); the table is partitioned by month (``tksk.partisi``), so retention drops whole months.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone

from tksk.models import Wilayah


class JenisAkses(models.TextChoices):
    LIHAT_KELUARGA = "lihat_keluarga", "Membuka halaman keluarga"
    TAMPIL_NOMOR = "tampil_nomor", "Menampilkan NIK/No. KK lengkap"
    EKSPOR = "ekspor", "Mengekspor data"


class AksesData(models.Model):
    pada = models.DateTimeField(default=timezone.now)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(max_length=20, choices=JenisAkses.choices)
    keluarga = models.ForeignKey(
        "pmks.Keluarga", on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    wilayah = models.ForeignKey(Wilayah, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+")
    keterangan = models.CharField(max_length=255, blank=True)
    alamat_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "catatan akses data pribadi"
        verbose_name_plural = "catatan akses data pribadi"
        indexes = [
            models.Index(fields=["keluarga", "pada"], name="aksesdata_keluarga_pada"),
            models.Index(fields=["oleh", "pada"], name="aksesdata_oleh_pada"),
        ]
        triggers = [
            pgtrigger.Protect(name="hanya_tambah", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} oleh {self.oleh_id} pada {self.pada:%Y-%m-%d %H:%M}"
