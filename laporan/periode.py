"""A report month with its boundaries in Asia/Jakarta (the project's TIME_ZONE).

An event stored at 2026-10-31 20:00 UTC happened on 1 November 03:00 WIB, so it belongs to
the November report: datetime boundaries are local midnights, converted to aware datetimes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.http import Http404
from django.utils import timezone

POLA = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Periode:
    awal: date  # first day of the month

    def __post_init__(self) -> None:
        if self.awal.day != 1:
            raise ValueError("Periode harus dimulai pada hari pertama bulan.")

    @classmethod
    def dari_tanggal(cls, tanggal: date) -> Periode:
        return cls(tanggal.replace(day=1))

    @classmethod
    def dari_teks(cls, teks: str) -> Periode:
        """'2026-10' → Periode(2026-10-01); anything else raises ValueError."""
        cocok = POLA.match(teks or "")
        if not cocok:
            raise ValueError("Format periode harus TTTT-BB, mis. 2026-10.")
        tahun, bulan = int(cocok.group(1)), int(cocok.group(2))
        if not (1 <= bulan <= 12 and 2000 <= tahun <= 2100):
            raise ValueError("Bulan atau tahun periode tidak valid.")
        return cls(date(tahun, bulan, 1))

    @classmethod
    def dari_url(cls, teks: str) -> Periode:
        try:
            return cls.dari_teks(teks)
        except ValueError as exc:
            raise Http404(str(exc)) from exc

    @classmethod
    def bulan_ini(cls) -> Periode:
        return cls.dari_tanggal(timezone.localdate())

    @property
    def awal_berikut(self) -> date:
        return (self.awal + timedelta(days=32)).replace(day=1)

    @property
    def tanggal_akhir(self) -> date:
        return self.awal_berikut - timedelta(days=1)

    @property
    def mulai(self) -> datetime:
        """Local (WIB) midnight at the start of the month, timezone-aware."""
        return timezone.make_aware(datetime.combine(self.awal, datetime.min.time()))

    @property
    def selesai(self) -> datetime:
        """Local midnight at the start of the next month (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.awal_berikut, datetime.min.time()))

    @property
    def sebelumnya(self) -> Periode:
        return Periode.dari_tanggal(self.awal - timedelta(days=1))

    @property
    def berikutnya(self) -> Periode:
        return Periode(self.awal_berikut)

    @property
    def teks(self) -> str:
        return f"{self.awal:%Y-%m}"

    def __str__(self) -> str:
        return self.teks

    def sudah_berjalan(self) -> bool:
        """True when the month has started (no report for future months)."""
        return self.awal <= timezone.localdate()
