"""Coded values of monthly reports and the report's transition map."""

from django.db import models

from tksk.permissions import Aksi


class StatusLaporan(models.TextChoices):
    DRAF = "draf", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DITERIMA = "diterima", "Diterima"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan"


_S = StatusLaporan
# (from, to) → the action the user's role must allow (``tksk.transisi.pindah_status``).
TRANSISI: dict[tuple[str, str], Aksi] = {
    (_S.DRAF, _S.DIAJUKAN): Aksi.SUSUN_LAPORAN,
    (_S.DIKEMBALIKAN, _S.DIAJUKAN): Aksi.SUSUN_LAPORAN,
    (_S.DIAJUKAN, _S.DITERIMA): Aksi.TERIMA_LAPORAN,
    (_S.DIAJUKAN, _S.DIKEMBALIKAN): Aksi.TERIMA_LAPORAN,
}
STATUS_BEKU = frozenset({_S.DIAJUKAN, _S.DITERIMA})
STATUS_BISA_DIUBAH = frozenset({_S.DRAF, _S.DIKEMBALIKAN})


class StatusRekap(models.TextChoices):
    """A recap composed by the background worker (``laporan.tasks.susun_rekap``)."""

    ANTRE = "antre", "Menunggu giliran"
    BERJALAN = "berjalan", "Sedang disusun"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"


STATUS_REKAP_BERJALAN = frozenset({StatusRekap.ANTRE, StatusRekap.BERJALAN})
