"""The overdue complaints card on both dashboards (the TKSK's kecamatan view and Dinas Sosial's city view)."""

from __future__ import annotations

from datetime import date

import pytest

from bantuan.aduan import choices as ac

from .helpers import aduan_baru

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["tksk_kanigaran", "dinsos", "pejabat_kota"])
def test_overdue_complaints_are_on_the_home_dashboard(client, personas, persona):
    telat = aduan_baru(personas["tksk_kanigaran"], jenis=ac.JenisAduan.SANGGAH,
                       kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI, tanggal_terima=date(2026, 1, 5))
    tepat = aduan_baru(personas["tksk_kanigaran"])
    client.force_login(personas[persona])
    html = client.get("/").content.decode()
    assert 'data-testid="dasbor-aduan-terlambat"' in html
    assert telat.kode_tiket in html and tepat.kode_tiket not in html
    assert "Bu Sulastri" not in html


def test_tksk_of_another_kecamatan_does_not_see_them(client, personas):
    telat = aduan_baru(personas["tksk_kanigaran"], tanggal_terima=date(2026, 1, 5))
    client.force_login(personas["tksk_mayangan"])
    html = client.get("/").content.decode()
    assert telat.kode_tiket not in html and "Tidak ada aduan yang melewati tenggat" in html
