"""Notifications of reports: the TKSK who wrote a monthly report hears that it was accepted or returned;
whoever asked for a recap composed in the background hears that it is ready (or failed)."""

from __future__ import annotations

from django.urls import reverse

from tksk.models import Peran
from tksk.notifikasi import beri_tahu

from .choices import StatusRekap
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


def beri_tahu_rekap(rekap) -> None:
    """Called by the worker when a recap it composed is done or failed."""
    if rekap.status not in (StatusRekap.SELESAI, StatusRekap.GAGAL):
        return
    kata = "selesai disusun" if rekap.status == StatusRekap.SELESAI else "gagal disusun"
    beri_tahu(
        rekap.diminta_oleh, "rekap_selesai", f"Rekap {rekap.wilayah.nama} {rekap.periode:%m/%Y} {kata}",
        reverse("laporan:rekap", args=[rekap.wilayah.kode, f"{rekap.periode:%Y-%m}"]),
        kunci=f"rekap:{rekap.pk}:{rekap.status}:{rekap.selesai_pada:%Y%m%d%H%M%S%f}",
    )
