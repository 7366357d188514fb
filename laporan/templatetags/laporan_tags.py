"""Template helpers for report documents (generic tables built by ``laporan.bagian``)."""

from __future__ import annotations

from django import template

from tksk.format import format_nilai

register = template.Library()


@register.filter
def sel(nilai_baris: dict, kolom: dict) -> str:
    """``{{ baris.nilai|sel:k }}``: the row's value for column ``k``, formatted (angka/rupiah)."""
    if not nilai_baris:
        return format_nilai(0, kolom["format"])
    return format_nilai(nilai_baris.get(kolom["kode"]), kolom["format"])


@register.filter
def persen_css(nilai) -> str:
    """12.5 → "12.50%": a CSS length whatever the locale (Django would print "12,5")."""
    try:
        return f"{float(nilai):.2f}%"
    except (TypeError, ValueError):
        return "auto"


ROMAWI = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@register.filter
def romawi(nomor: int) -> str:
    return ROMAWI[nomor] if 0 < nomor < len(ROMAWI) else str(nomor)
