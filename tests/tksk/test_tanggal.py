"""Calendar arithmetic holds on 29 February and on the 29th–31st of a month."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from pmks.registri.sintetis import PenomoranUnik, rencana_keluarga
from tksk.tanggal import USIA_LANSIA, lahir_paling_lambat, tahun_mundur


@pytest.mark.parametrize(("tanggal", "tahun", "hasil"), [
    (date(2028, 2, 29), 1, date(2027, 2, 28)),
    (date(2028, 2, 29), 4, date(2024, 2, 29)),
    (date(2026, 12, 31), 60, date(1966, 12, 31)),
    (date(2027, 1, 1), 1, date(2026, 1, 1)),
])
def test_going_back_whole_years_keeps_the_day_and_turns_29_february_into_28(tanggal, tahun, hasil):
    assert tahun_mundur(tanggal, tahun) == hasil


@pytest.mark.parametrize("hari_ini", [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)])
def test_a_person_turning_60_on_the_29th_to_31st_is_lansia_that_very_day(hari_ini):
    lahir = hari_ini.replace(year=hari_ini.year - USIA_LANSIA)  # 60th birthday today
    assert lahir_paling_lambat(USIA_LANSIA, hari_ini) == lahir      # counted (not only from the 28th)
    assert lahir + timedelta(days=1) > lahir_paling_lambat(USIA_LANSIA, hari_ini)  # a day younger: not yet


def test_someone_born_on_29_february_comes_of_age_on_1_march_in_a_common_year():
    assert date(1966, 2, 28) == lahir_paling_lambat(60, date(2026, 2, 28))
    assert lahir_paling_lambat(60, date(2028, 2, 29)) == date(1968, 2, 29)


@pytest.mark.parametrize("hari_ini", [date(2028, 2, 29), date(2026, 12, 31), date(2027, 1, 1)])
def test_the_synthetic_generator_plans_households_on_any_day_including_29_february(hari_ini):
    rng = random.Random(7)
    nomor = PenomoranUnik()
    for _ in range(300):
        rencana = rencana_keluarga(rng, kode_kecamatan="35.74.04", nomor=nomor, hari_ini=hari_ini)
        assert all(a.tanggal_lahir <= hari_ini for a in rencana.anggota)
