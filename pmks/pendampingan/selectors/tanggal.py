"""Dates of pendampingan: "today", "this week" and month boundaries in Asia/Jakarta.

Week = Monday–Sunday. A month's datetime bounds are Jakarta midnights.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

JAKARTA = ZoneInfo("Asia/Jakarta")


def hari_ini_jakarta(sekarang: datetime | None = None) -> date:
    return timezone.localtime(sekarang or timezone.now(), JAKARTA).date()


def awal_bulan(d: date) -> date:
    return d.replace(day=1)


def geser_bulan(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, the day clamped to the month's length (31 Mar - 1 → 28/29 Feb)."""
    bulan0 = d.month - 1 + n
    tahun, bulan = d.year + bulan0 // 12, bulan0 % 12 + 1
    akhir = (date(tahun + bulan // 12, bulan % 12 + 1, 1) - timedelta(days=1)).day
    return date(tahun, bulan, min(d.day, akhir))


def akhir_minggu(d: date) -> date:
    """The Sunday closing ``d``'s Monday–Sunday week."""
    return d + timedelta(days=6 - d.weekday())


def batas_tanpa_kunjungan(hari_ini: date, bulan: int | None = None) -> date:
    """A household whose last visit is before this date has not been visited for N months.

    N = ``settings.SIDAMPING_BULAN_TANPA_KUNJUNGAN`` (default 6). A visit exactly N months ago
    (same day of month) still counts as within N months.
    """
    n = bulan if bulan is not None else getattr(settings, "SIDAMPING_BULAN_TANPA_KUNJUNGAN", 6)
    return geser_bulan(hari_ini, -n)


def awal_hari_jakarta(d: date) -> datetime:
    """Jakarta midnight starting ``d`` (timezone-aware)."""
    return datetime.combine(d, time(0), tzinfo=JAKARTA)
