"""The household page's "Riwayat desil" panel (registered by ``PmksConfig.ready``; one query)."""

from __future__ import annotations

from .. import ekstensi
from .desil import riwayat_desil


def _konteks(keluarga, user) -> dict:
    return {"keluarga": keluarga, "riwayat_desil": riwayat_desil(keluarga)}


def daftarkan() -> None:
    ekstensi.daftarkan_panel(ekstensi.Panel(
        kode="desil", judul="Riwayat desil", urutan=15, template="pmks/includes/_panel_desil.html", konteks=_konteks,
    ))
