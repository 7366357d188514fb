"""Template filters for Indonesian formats and personal-data masking: thin wrappers of ``tksk.format``."""

from __future__ import annotations

from django import template

from tksk import format as f

register = template.Library()


@register.filter
def angka(nilai, desimal: int = 0) -> str:
    return f.format_angka(nilai, int(desimal))


@register.filter
def rupiah(nilai) -> str:
    """1500000 → 'Rp1.500.000'."""
    return f.rupiah(nilai)


@register.filter
def tanggal_id(nilai, dengan_jam: bool = False) -> str:
    """date(2026, 11, 28) → '28 November 2026'; datetimes shown in Asia/Jakarta."""
    return f.tanggal_id(nilai, dengan_jam)


@register.filter
def bulan_id(nilai) -> str:
    """date → 'November 2026'."""
    return f.bulan_id(nilai)


@register.filter
def nik_samar(nomor) -> str:
    """Mask a NIK / No. KK: 3574••••••••0012."""
    return f.samarkan(nomor)
