"""Calendar arithmetic that must not break on 29 February or the 29th–31st of a month."""

from __future__ import annotations

from datetime import date

USIA_LANSIA = 60  # lanjut usia: 60 years or older (UU 13/1998)


def tahun_mundur(tanggal: date, tahun: int) -> date:
    """The same day ``tahun`` years earlier; 29 February becomes 28 February in a common year."""
    try:
        return tanggal.replace(year=tanggal.year - tahun)
    except ValueError:  # 29 February
        return tanggal.replace(year=tanggal.year - tahun, day=28)


def lahir_paling_lambat(usia: int, hari_ini: date) -> date:
    """The latest birth date of a person who is ``usia`` years old or older on ``hari_ini``
    (someone born on 29 February comes of age on 1 March in a common year)."""
    return tahun_mundur(hari_ini, usia)
