"""Indonesian number/date formats and personal-data masking used by every template."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tksk.templatetags.sidamping import angka, bulan_id, nik_samar, rupiah, tanggal_id


def test_rupiah_uses_dots_for_thousands():
    assert rupiah(1500000) == "Rp1.500.000"
    assert rupiah(0) == "Rp0"
    assert rupiah(None) == ""


def test_angka_uses_comma_for_decimals():
    assert angka(1234.5, 1) == "1.234,5"


def test_tanggal_id_names_the_month_in_indonesian_and_uses_jakarta_time():
    assert tanggal_id(date(2026, 8, 17)) == "17 Agustus 2026"
    utc_late = datetime(2026, 11, 30, 20, 0, tzinfo=ZoneInfo("UTC"))  # 1 Dec 03:00 WIB
    assert tanggal_id(utc_late) == "1 Desember 2026"
    assert bulan_id(date(2026, 2, 1)) == "Februari 2026"


def test_nik_samar_hides_the_birth_date_and_keeps_region_and_serial():
    assert nik_samar("3574044101850002") == "3574••••••••0002"


def test_filters_wrap_the_plain_format_module():
    """Services, models and exports format through tksk.format; the filters give the same text."""
    from tksk import format as f

    assert rupiah(2500) == f.rupiah(2500) == "Rp2.500"
    assert angka(1234.5, 1) == f.format_angka(1234.5, 1)
    assert tanggal_id(date(2026, 8, 17)) == f.tanggal_id(date(2026, 8, 17))
    assert bulan_id(date(2026, 2, 1)) == f.bulan_id(date(2026, 2, 1))
    assert nik_samar("3574044101850002") == f.samarkan("3574044101850002")
    assert f.samarkan("") == "" and f.samarkan("12345") == "••••"
