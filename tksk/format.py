"""Indonesian number, money and date formats, and the masking of NIK / No. KK.

Plain functions, so that services, models, exports and charts write figures and dates the way the
pages do; the template filters in ``tksk.templatetags.sidamping`` only wrap them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]


def format_angka(nilai: int | float | Decimal | None, desimal: int = 0) -> str:
    """1234567.5 → '1.234.567,5' (Indonesian separators)."""
    if nilai is None or nilai == "":
        return ""
    teks = f"{float(nilai):,.{desimal}f}"
    return teks.replace(",", "_").replace(".", ",").replace("_", ".")


def rupiah(nilai) -> str:
    """1500000 → 'Rp1.500.000'."""
    if nilai is None or nilai == "":
        return ""
    return f"Rp{format_angka(nilai)}"


def format_nilai(nilai, format: str) -> str:
    """A report cell by its column ``format``: "teks" as is, "rupiah" as Rupiah, else a number."""
    if format == "teks":
        return "" if nilai is None else str(nilai)
    if format == "rupiah":
        return rupiah(nilai or 0)
    return format_angka(nilai or 0)


def tanggal_id(nilai, dengan_jam: bool = False) -> str:
    """date(2026, 11, 28) → '28 November 2026'; datetimes shown in Asia/Jakarta."""
    if not nilai:
        return ""
    if isinstance(nilai, datetime):
        nilai = timezone.localtime(nilai) if timezone.is_aware(nilai) else nilai
        teks = f"{nilai.day} {BULAN[nilai.month - 1]} {nilai.year}"
        return f"{teks} {nilai:%H.%M}" if dengan_jam else teks
    if isinstance(nilai, date):
        return f"{nilai.day} {BULAN[nilai.month - 1]} {nilai.year}"
    return str(nilai)


def bulan_id(nilai) -> str:
    """date → 'November 2026'."""
    if not nilai:
        return ""
    return f"{BULAN[nilai.month - 1]} {nilai.year}"


def samarkan(nomor: str | None) -> str:
    """Mask a NIK / No. KK for roles and places that do not need it: 3574••••••••0012."""
    if not nomor:
        return ""
    return f"{nomor[:4]}{'•' * (len(nomor) - 8)}{nomor[-4:]}" if len(nomor) > 8 else "••••"
