"""Household composition rules shared by forms and imports."""

from datetime import date

from pmks.registri.rules import DataAnggota, periksa_susunan_keluarga

HARI_INI = date(2026, 11, 28)


def a(nik, hubungan, lahir, status="aktif"):
    return DataAnggota(nik=nik, nama="X", tanggal_lahir=lahir, hubungan=hubungan, status=status)


def pesan(anggota):
    return [p.pesan for p in periksa_susunan_keluarga(anggota, hari_ini=HARI_INI)]


def test_household_with_one_head_and_younger_children_is_valid():
    assert pesan([a("1", "kepala", date(1980, 1, 1)), a("2", "anak", date(2010, 5, 5))]) == []


def test_household_without_head_is_refused():
    assert "belum ada yang dipilih" in pesan([a("1", "istri_suami", date(1980, 1, 1))])[0]


def test_two_active_heads_are_refused_but_a_moved_out_former_head_is_allowed():
    assert pesan([a("1", "kepala", date(1980, 1, 1)), a("2", "kepala", date(1982, 1, 1))]) == [
        "Keluarga hanya boleh memiliki satu kepala keluarga."
    ]
    assert pesan([a("1", "kepala", date(1980, 1, 1)), a("2", "kepala", date(1950, 1, 1), status="meninggal")]) == []


def test_birth_date_in_the_future_is_refused():
    assert "masa depan" in pesan([a("1", "kepala", date(2026, 11, 29))])[0]


def test_child_older_than_head_is_refused():
    assert pesan([a("1", "kepala", date(1990, 1, 1)), a("2", "anak", date(1985, 1, 1))]) == [
        "Anak tidak mungkin lebih tua dari kepala keluarga."
    ]


def test_same_nik_twice_in_one_household_is_refused():
    assert "NIK sama dengan anggota baris 1" in pesan(
        [a("3574010101800001", "kepala", date(1980, 1, 1)), a("3574010101800001", "anak", date(2000, 1, 1))]
    )[0]
