"""A personal-data breach incident (UU 27/2022 art. 46): what happened and who was told when.

Invariants:
- ``ditemukan_pada`` starts the 3 × 24-hour clock: the data subjects and the PDP authority must be
  told in writing by ``ditemukan_pada + 72 h`` (``tenggat``); each party's notice time is recorded.
- ``terjadi_sejak`` .. ``terjadi_sampai`` is the period the breach may cover: the access-log summary
  reads it, and while the incident is open (``ditutup_pada`` empty) retention keeps every log from
  the month of ``terjadi_sejak`` on (a legal hold, ``tksk.retensi``).
- Edits carry ``versi`` (``tksk.konkurensi``) and are kept in its history (django-pghistory); an
  incident is never deleted through the app.
"""

from __future__ import annotations

from datetime import date, timedelta

import pghistory
from django.conf import settings
from django.db import models

from tksk import batas
from tksk.models import ModelBerversi

JAM_PEMBERITAHUAN = 72  # UU PDP art. 46(1): "paling lambat 3 x 24 (tiga kali dua puluh empat) jam"


class PihakPemberitahuan(models.TextChoices):
    SUBJEK = "subjek", "Subjek data pribadi (warga/keluarga yang datanya terdampak)"
    OTORITAS = "otoritas", "Lembaga pelindungan data pribadi (Komdigi/Kominfo, sampai lembaga PDP terbentuk)"
    KEPALA_DINAS = "kepala_dinas", "Kepala Dinas Sosial (pimpinan pengendali data)"


class InsidenQuerySet(models.QuerySet):
    def terbuka(self) -> InsidenQuerySet:
        return self.filter(ditutup_pada__isnull=True)

    def ditahan_sejak(self) -> date | None:
        """The earliest day an open incident may cover (retention keeps logs from its month on)."""
        return self.terbuka().aggregate(m=models.Min("terjadi_sejak"))["m"]


@pghistory.track()  # who changed a notice time or closed it: the record is itself an audit artefact
class InsidenKebocoran(ModelBerversi):
    judul = models.CharField(max_length=200)
    ditemukan_pada = models.DateTimeField("ditemukan pada", help_text="Saat kebocoran diketahui: jam 72 mulai.")
    terjadi_sejak = models.DateField(
        "terjadi sejak", validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal mulai kejadian")],
        help_text="Perkiraan awal kejadian; catatan akses sejak bulan ini ditahan dari retensi.",
    )
    terjadi_sampai = models.DateField(
        "terjadi sampai", null=True, blank=True,
        validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal akhir kejadian")],
    )
    uraian = models.TextField("bagaimana terjadi", validators=batas.validator_teks())
    data_terdampak = models.TextField(
        "data pribadi yang terungkap", validators=batas.validator_teks(),
        help_text="Misalnya: NIK, No. KK, nama, alamat, data disabilitas/kesehatan anak.",
    )
    jumlah_keluarga = models.PositiveIntegerField(
        "jumlah keluarga terdampak", default=0, validators=batas.Rentang(0, 10_000_000).validators()
    )
    penanganan = models.TextField(
        "penanganan dan pemulihan", blank=True, validators=batas.validator_teks(),
        help_text="Apa yang sudah dan akan dilakukan: akun dikunci, sandi diganti, celah ditutup …",
    )
    diberitahu_subjek_pada = models.DateTimeField("subjek data diberi tahu pada", null=True, blank=True)
    diberitahu_otoritas_pada = models.DateTimeField("lembaga PDP diberi tahu pada", null=True, blank=True)
    diberitahu_kepala_dinas_pada = models.DateTimeField("Kepala Dinas diberi tahu pada", null=True, blank=True)
    ditutup_pada = models.DateTimeField("ditutup pada", null=True, blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    objects = InsidenQuerySet.as_manager()

    class Meta:
        verbose_name = "insiden kebocoran data pribadi"
        verbose_name_plural = "insiden kebocoran data pribadi"
        ordering = ["-ditemukan_pada", "-id"]

    def __str__(self) -> str:
        return self.judul

    @property
    def tenggat(self):
        return self.ditemukan_pada + timedelta(hours=JAM_PEMBERITAHUAN)

    def diberitahu_pada(self, pihak: str):
        return getattr(self, f"diberitahu_{pihak}_pada")
