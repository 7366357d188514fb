"""Notifications of imports: the uploader hears when a background check or save has finished."""

from __future__ import annotations

from django.urls import reverse

from tksk.notifikasi import beri_tahu

from .models import Impor, StatusImpor

JUDUL = {
    StatusImpor.SIAP: "Pemeriksaan berkas {nama} selesai: siap disimpan",
    StatusImpor.GALAT: "Pemeriksaan berkas {nama} selesai: ada galat yang perlu diperbaiki",
    StatusImpor.GAGAL: "Impor berkas {nama} gagal",
    StatusImpor.SELESAI: "Impor berkas {nama} selesai disimpan ke registri",
}


def beri_tahu_impor(impor: Impor) -> None:
    """Called by the worker after a stage; an import still running (or cancelled) says nothing."""
    if impor.status not in JUDUL:
        return
    beri_tahu(
        impor.oleh, "impor_selesai", JUDUL[impor.status].format(nama=impor.nama_berkas),
        reverse("pmks:impor_detail", args=[impor.pk]), kunci=f"impor:{impor.pk}:{impor.status}",
    )
