"""Registry figures of the monthly report, checked against the hand-computed world in conftest."""

from datetime import date

import pytest

from laporan.periode import Periode
from laporan.selectors import angka_laporan, angka_rekap
from tests.laporan.helpers import baris, baris_awalan, tabel

NOVEMBER = Periode(date(2026, 11, 1))
OKTOBER = Periode(date(2026, 10, 1))


@pytest.mark.django_db
def test_november_households_and_persons_per_kelurahan_match_hand_count(dunia, kec_kanigaran):
    dok = angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)
    rows = baris(dok, "registri_ringkasan")
    assert rows["Kanigaran"] == {
        "kk": 2, "kk_baru": 1, "jiwa": 5, "jiwa_baru": 2, "pmks_kk": 2, "pmks_kk_baru": 1,
    }
    assert rows["Sukoharjo"] == {
        "kk": 1, "kk_baru": 0, "jiwa": 1, "jiwa_baru": 0, "pmks_kk": 1, "pmks_kk_baru": 1,
    }
    assert rows["Tisnonegaran"]["kk"] == 0  # every kelurahan is listed, zero rows included
    assert tabel(dok, "registri_ringkasan")["total"]["kk"] == 3
    assert "Mayangan" not in rows


@pytest.mark.django_db
def test_household_created_2026_10_31_20h_utc_counts_as_new_in_november_not_october(dunia, kec_kanigaran):
    nov = baris(angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER), "registri_ringkasan")
    okt = baris(angka_laporan(kecamatan=kec_kanigaran, periode=OKTOBER), "registri_ringkasan")
    # K2 (20:00 UTC on 31 Oct = 03:00 WIB on 1 Nov) is new in November, absent from October's stock.
    assert nov["Kanigaran"]["kk_baru"] == 1
    assert okt["Kanigaran"]["kk"] == 1 and okt["Kanigaran"]["kk_baru"] == 0
    # K3 (16:59 UTC on 31 Oct = 23:59 WIB) is October's.
    assert okt["Sukoharjo"] == {**okt["Sukoharjo"], "kk": 1, "kk_baru": 1}
    assert nov["Sukoharjo"]["kk_baru"] == 0


@pytest.mark.django_db
def test_pmks_per_jenis_counts_households_and_persons_once(dunia, kec_kanigaran):
    dok = angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)
    # FM: K1 (3 jiwa, since Sep) + K2 (2 jiwa, Nov 1). K4 moved away: not counted.
    assert baris_awalan(dok, "registri_per_jenis", "FM") == {"kk": 2, "kk_baru": 1, "jiwa": 5, "jiwa_baru": 2}
    # LUT: two persons classified individually in November, in two households.
    assert baris_awalan(dok, "registri_per_jenis", "LUT") == {"kk": 2, "kk_baru": 2, "jiwa": 2, "jiwa_baru": 2}
    labels = baris(dok, "registri_per_jenis")
    assert not any(k.startswith("PD") for k in labels), "klasifikasi nonaktif tidak dihitung"
    assert not any(k.startswith("RTLH") for k in labels), "asesmen Desember tidak masuk November"


@pytest.mark.django_db
def test_jenis_by_kelurahan_matrix(dunia, kec_kanigaran):
    dok = angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)
    fm = baris_awalan(dok, "registri_matriks_kk", "FM")
    assert fm["35.74.04.1003"] == 2 and fm["35.74.04.1002"] == 0 and fm["jumlah"] == 2
    lut_jiwa = baris_awalan(dok, "registri_matriks_jiwa", "LUT")
    assert lut_jiwa["35.74.04.1003"] == 1 and lut_jiwa["35.74.04.1002"] == 1 and lut_jiwa["jumlah"] == 2


@pytest.mark.django_db
def test_october_stock_excludes_november_assessments(dunia, kec_kanigaran):
    dok = angka_laporan(kecamatan=kec_kanigaran, periode=OKTOBER)
    assert baris_awalan(dok, "registri_per_jenis", "FM") == {"kk": 1, "kk_baru": 0, "jiwa": 3, "jiwa_baru": 0}
    assert not any(k.startswith("LUT") for k in baris(dok, "registri_per_jenis"))


@pytest.mark.django_db
def test_city_recap_has_one_row_per_kecamatan(dunia, kota):
    dok = angka_rekap(kota=kota, periode=NOVEMBER)
    rows = baris(dok, "registri_ringkasan")
    assert list(rows) == ["Kademangan", "Wonoasih", "Mayangan", "Kanigaran", "Kedopok"]
    assert rows["Kanigaran"]["kk"] == 3 and rows["Kanigaran"]["jiwa"] == 6
    assert rows["Mayangan"] == {"kk": 1, "kk_baru": 1, "jiwa": 4, "jiwa_baru": 4, "pmks_kk": 1, "pmks_kk_baru": 1}
    fm = baris_awalan(dok, "registri_matriks_kk", "FM")
    assert fm["35.74.04"] == 2 and fm["35.74.03"] == 1 and fm["jumlah"] == 3


@pytest.mark.django_db
def test_person_classified_individually_and_with_the_household_counts_once(dunia, kec_kanigaran, tksk_kanigaran):
    from tests.factories import KlasifikasiPMKSFactory
    from tests.laporan.conftest import jenis

    k1 = dunia["k1"]
    KlasifikasiPMKSFactory(
        keluarga=k1, anggota=k1.kepala_uji, jenis=jenis("FM"), tanggal_asesmen=date(2026, 11, 8),
        dinilai_oleh=tksk_kanigaran,
    )
    dok = angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)
    assert baris_awalan(dok, "registri_per_jenis", "FM") == {"kk": 2, "kk_baru": 1, "jiwa": 5, "jiwa_baru": 2}


@pytest.mark.django_db
def test_household_registered_after_the_month_is_not_pmks_in_that_month(dunia, kec_kanigaran, tksk_kanigaran):
    """A back-dated assessment does not make a household count before it was registered."""
    from tests.factories import KlasifikasiPMKSFactory
    from tests.laporan.conftest import jenis

    KlasifikasiPMKSFactory(
        keluarga=dunia["k2"], jenis=jenis("KR"), tanggal_asesmen=date(2026, 10, 20), dinilai_oleh=tksk_kanigaran
    )
    okt = angka_laporan(kecamatan=kec_kanigaran, periode=OKTOBER)
    assert not any(k.startswith("KR") for k in baris(okt, "registri_per_jenis"))
    kanigaran = baris(okt, "registri_ringkasan")["Kanigaran"]
    assert kanigaran["pmks_kk"] <= kanigaran["kk"]
