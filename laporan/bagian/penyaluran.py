"""Section III: distributions (penyaluran) in the month by program × area (recipients, Rupiah)."""

from __future__ import annotations

from . import Lingkup, belum_tersedia, model_ada

JUDUL = "Penyaluran bantuan"


def bangun(lingkup: Lingkup) -> dict:
    if model_ada("bantuan", "Penyaluran") is None:
        return belum_tersedia(kode="penyaluran", judul=JUDUL, catatan="Modul penyaluran bantuan belum tersedia.")
    return belum_tersedia(
        kode="penyaluran", judul=JUDUL, catatan="Rekap penyaluran bantuan belum tersedia dalam laporan ini."
    )
