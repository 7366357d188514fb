"""Section II: aid proposals (usulan) by program × status, created / decided in the month."""

from __future__ import annotations

from . import Lingkup, belum_tersedia, model_ada

JUDUL = "Usulan bantuan"


def bangun(lingkup: Lingkup) -> dict:
    if model_ada("bantuan", "Usulan") is None:
        return belum_tersedia(kode="usulan", judul=JUDUL, catatan="Modul usulan bantuan belum tersedia.")
    return belum_tersedia(
        kode="usulan", judul=JUDUL, catatan="Rekap usulan bantuan belum tersedia dalam laporan ini."
    )
