"""The complaint section of the monthly report and the city recap: received, decided (granted /
rejected), overdue at the month's end, by kelurahan (kecamatan in the recap) and by kind."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bantuan.aduan import choices as ac
from bantuan.models import Aduan
from laporan.periode import Periode
from laporan.selectors import angka_laporan, angka_rekap
from tests.bantuan.conftest import keluarga_pmks
from tests.conftest import KODE

from .helpers import aduan_baru, aduan_pada

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")
OKTOBER = Periode(date(2026, 10, 1))


def _tabel(dok, kode):
    for b in dok["bagian"]:
        for t in b["tabel"]:
            if t["kode"] == kode:
                return {r["label"]: r["nilai"] for r in t["baris"]} | {"_total": t["total"]}
    raise AssertionError(kode)


@pytest.fixture
def dunia(personas, kec_kanigaran):
    tksk, dinsos = personas["tksk_kanigaran"], personas["dinsos"]
    sanggah = {"jenis": ac.JenisAduan.SANGGAH, "kategori": ac.KategoriAduan.SANGGAH_EKSKLUSI}
    # received 1 Oct, decided (granted) 31 Oct 18:00 UTC = 1 Nov WIB: counts as decided in November
    a = aduan_pada(ac.StatusAduan.DIPUTUSKAN, tksk=tksk, dinsos=dinsos, tanggal_terima=date(2026, 10, 1), **sanggah)
    Aduan.objects.filter(pk=a.pk).update(diputuskan_pada=datetime(2026, 10, 31, 18, 0, tzinfo=UTC))
    # received 5 Oct, rejected 10 Oct
    b = aduan_pada(ac.StatusAduan.DIPUTUSKAN, tksk=tksk, dinsos=dinsos, tanggal_terima=date(2026, 10, 5),
                   keputusan=ac.Keputusan.DITOLAK)
    Aduan.objects.filter(pk=b.pk).update(diputuskan_pada=datetime(2026, 10, 10, 3, 0, tzinfo=UTC))
    # received 20 Oct in Sukoharjo, undecided: due 3 Nov, so not overdue at the end of October
    aduan_baru(tksk, keluarga=keluarga_pmks(KODE["kel_sukoharjo"]), tanggal_terima=date(2026, 10, 20), **sanggah)
    # received 2 Oct, undecided: due 16 Oct, overdue at the end of October
    aduan_baru(tksk, tanggal_terima=date(2026, 10, 2), **sanggah)
    # Mayangan: received in October
    aduan_baru(personas["tksk_mayangan"], keluarga=keluarga_pmks(KODE["kel_mayangan"]),
               tanggal_terima=date(2026, 10, 3))
    return kec_kanigaran


def test_monthly_report_counts_received_decided_and_overdue_by_kelurahan_and_kind(dunia):
    dok = angka_laporan(kecamatan=dunia, periode=OKTOBER)
    unit = _tabel(dok, "aduan_per_unit")
    assert unit["Kanigaran"] == {"diterima": 3, "diputuskan": 1, "dikabulkan": 0, "ditolak": 1, "terlambat": 2}
    assert unit["Sukoharjo"] == {"diterima": 1, "diputuskan": 0, "dikabulkan": 0, "ditolak": 0, "terlambat": 0}
    jenis = _tabel(dok, "aduan_per_jenis")
    assert jenis["Sanggah"]["diterima"] == 3 and jenis["Sanggah"]["terlambat"] == 2
    assert jenis["Perbaikan data"]["diterima"] == 1 and jenis["Perbaikan data"]["ditolak"] == 1
    november = angka_laporan(kecamatan=dunia, periode=Periode(date(2026, 11, 1)))
    assert _tabel(november, "aduan_per_unit")["Kanigaran"]["dikabulkan"] == 1  # decided 1 Nov WIB


def test_city_recap_has_one_row_per_kecamatan(dunia, kota):
    dok = angka_rekap(kota=kota, periode=OKTOBER)
    unit = _tabel(dok, "aduan_per_unit")
    assert unit["Kanigaran"]["diterima"] == 4 and unit["Mayangan"]["diterima"] == 1
    assert unit["_total"]["diterima"] == 5


def test_the_section_prints_no_names_or_reporters(client, dunia, personas):
    client.force_login(personas["dinsos"])
    html = client.get(f"/laporan/{dunia.kode}/2026-10/").content.decode()
    assert "Aduan (usul, sanggah" in html and "Bu Sulastri" not in html
