"""Section IV: pendampingan — visits/activities by type and area, referrals and outcomes."""

from __future__ import annotations

from . import Lingkup, belum_tersedia, model_ada

JUDUL = "Pendampingan"


def bangun(lingkup: Lingkup) -> dict:
    if model_ada("pendampingan", "Kunjungan") is None:
        return belum_tersedia(kode="pendampingan", judul=JUDUL, catatan="Modul pendampingan belum tersedia.")
    return belum_tersedia(
        kode="pendampingan", judul=JUDUL, catatan="Rekap pendampingan belum tersedia dalam laporan ini."
    )
