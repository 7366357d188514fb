"""Section V: coverage — eligible households reached vs. not reached, and overlap cases."""

from __future__ import annotations

from . import Lingkup, belum_tersedia, model_ada

JUDUL = "Cakupan bantuan"


def bangun(lingkup: Lingkup) -> dict:
    if model_ada("bantuan", "Penyaluran") is None:
        return belum_tersedia(
            kode="cakupan", judul=JUDUL, catatan="Cakupan bantuan belum tersedia (modul penyaluran belum ada)."
        )
    return belum_tersedia(kode="cakupan", judul=JUDUL, catatan="Rekap cakupan belum tersedia dalam laporan ini.")
