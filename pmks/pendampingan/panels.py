"""Household-page panels and timeline sources of pendampingan (registered by ``PmksConfig.ready``).

The household page renders each panel template with ``konteks(keluarga, user)`` as its context.
"""

from __future__ import annotations

from tksk.permissions import Aksi, boleh
from tksk.scoping import boleh_tulis_wilayah

from .. import ekstensi
from .selectors import linimasa_keluarga, pendampingan_keluarga, peristiwa_pendampingan, peristiwa_registri


def _konteks_pendampingan(keluarga, user) -> dict:
    konteks = pendampingan_keluarga(keluarga=keluarga, user=user)
    konteks["keluarga"] = keluarga
    konteks["boleh_catat"] = boleh(user, Aksi.PENDAMPINGAN) and boleh_tulis_wilayah(user, keluarga.kelurahan)
    return konteks


def _konteks_linimasa(keluarga, user) -> dict:
    return {"keluarga": keluarga, "linimasa": linimasa_keluarga(keluarga, user)}


def daftarkan() -> None:
    """Called from ``PmksConfig.ready``. Timeline sources: registration/classification and pendampingan
    events, so that any page that merges ``ekstensi.sumber_linimasa()`` shows them
    (``selectors.linimasa_keluarga`` merges all registered sources, these two only once)."""
    ekstensi.daftarkan_linimasa(peristiwa_registri)
    ekstensi.daftarkan_linimasa(peristiwa_pendampingan)
    ekstensi.daftarkan_panel(
        ekstensi.Panel(
            kode="pendampingan",
            judul="Pendampingan",
            urutan=30,
            template="pmks/pendampingan/includes/_panel_pendampingan.html",
            konteks=_konteks_pendampingan,
        )
    )
    ekstensi.daftarkan_panel(
        ekstensi.Panel(
            kode="linimasa",
            judul="Linimasa",
            urutan=90,
            template="pmks/pendampingan/includes/_panel_linimasa.html",
            konteks=_konteks_linimasa,
        )
    )
