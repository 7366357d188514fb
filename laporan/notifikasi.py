"""Notifications of monthly reports: the TKSK who wrote it hears that it was accepted or returned."""

from __future__ import annotations

from django.urls import reverse

from tksk.models import Peran
from tksk.notifikasi import beri_tahu

from .models import StatusLaporan

JENIS = {
    StatusLaporan.DITERIMA: ("laporan_diterima", "diterima Dinas Sosial"),
    StatusLaporan.DIKEMBALIKAN: ("laporan_dikembalikan", "dikembalikan untuk diperbaiki"),
}


def beri_tahu_laporan(laporan) -> None:
    """Call right after a status change; ``versi`` grows with each one, so it names the event."""
    if laporan.status not in JENIS:
        return
    jenis, kata = JENIS[laporan.status]
    penerima = [laporan.penyusun] if laporan.penyusun_id else list(
        laporan.kecamatan.pengguna.filter(peran=Peran.TKSK, is_active=True)
    )
    for p in penerima:
        beri_tahu(
            p, jenis, f"Laporan bulanan {laporan.kecamatan.nama} {laporan.periode:%m/%Y} {kata}",
            reverse("laporan:detail", args=[laporan.kecamatan.kode, f"{laporan.periode:%Y-%m}"]),
            kunci=f"laporan:{laporan.pk}:{laporan.status}:{laporan.versi}",
        )
