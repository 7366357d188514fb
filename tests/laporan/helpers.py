"""Reading figures out of a report document (the JSON-ready dict built by laporan.bagian)."""

from __future__ import annotations


def bagian(dok: dict, kode: str) -> dict:
    return next(b for b in dok["bagian"] if b["kode"] == kode)


def tabel(dok: dict, kode: str) -> dict:
    for b in dok["bagian"]:
        for t in b["tabel"]:
            if t["kode"] == kode:
                return t
    raise KeyError(kode)


def baris(dok: dict, kode_tabel: str) -> dict[str, dict]:
    """``{row label: {column kode: value}}`` of one table."""
    return {b["label"]: b["nilai"] for b in tabel(dok, kode_tabel)["baris"]}


def baris_awalan(dok: dict, kode_tabel: str, awalan: str) -> dict:
    """The row whose label starts with ``awalan`` (jenis PMKS rows are 'FM — Fakir Miskin')."""
    return next(v for k, v in baris(dok, kode_tabel).items() if k.startswith(awalan))
