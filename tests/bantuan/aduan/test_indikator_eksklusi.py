"""The exclusion-error indicator: of the exclusion sanggah (an eligible household left out) decided in a
month, the share dikabulkan, flagged above 30 % — one definition (bantuan.aduan.selectors.indikator_eksklusi)
shown in the monthly report's complaint section and in the city recap."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from bantuan.aduan import choices as ac
from bantuan.aduan.selectors import IndikatorEksklusi, indikator_eksklusi
from bantuan.models import Aduan
from laporan.periode import Periode
from laporan.selectors import angka_laporan, angka_rekap
from tests.bantuan.conftest import keluarga_pmks
from tests.conftest import KODE

from .helpers import aduan_pada

pytestmark = pytest.mark.django_db
OKTOBER = Periode(date(2026, 10, 1))
EKSKLUSI = {"jenis": ac.JenisAduan.SANGGAH, "kategori": ac.KategoriAduan.SANGGAH_EKSKLUSI}


def _seed(personas, *, dikabulkan: int, ditolak: int, kelurahan: str = KODE["kel_kanigaran"]) -> None:
    """Exclusion sanggah decided on 15 October (WIB), through the real services."""
    tksk = personas["tksk_kanigaran"] if kelurahan != KODE["kel_mayangan"] else personas["tksk_mayangan"]
    ids = []
    for keputusan, n in ((ac.Keputusan.DIKABULKAN, dikabulkan), (ac.Keputusan.DITOLAK, ditolak)):
        for _ in range(n):
            a = aduan_pada(ac.StatusAduan.DIPUTUSKAN, tksk=tksk, dinsos=personas["dinsos"], keputusan=keputusan,
                           keluarga=keluarga_pmks(kelurahan), tanggal_terima=date(2026, 10, 1), **EKSKLUSI)
            ids.append(a.pk)
    Aduan.objects.filter(pk__in=ids).update(diputuskan_pada=timezone.make_aware(datetime(2026, 10, 15, 10)))


def _baris(dok) -> dict:
    for b in dok["bagian"]:
        for t in b["tabel"]:
            if t["kode"] == "aduan_eksklusi":
                return {r["label"]: r["nilai"] for r in t["baris"]}
    raise AssertionError("tabel aduan_eksklusi tidak ada")


def test_the_flag_is_above_30_percent_not_at_it():
    assert not IndikatorEksklusi(diputuskan=10, dikabulkan=3).ditandai
    assert IndikatorEksklusi(diputuskan=1000, dikabulkan=301).ditandai
    assert not IndikatorEksklusi(diputuskan=0, dikabulkan=0).ditandai
    assert IndikatorEksklusi(diputuskan=0, dikabulkan=0).persen is None


def test_29_percent_is_not_flagged_in_the_city_recap(personas, kota):
    _seed(personas, dikabulkan=9, ditolak=22)  # 9 / 31 = 29.0 %
    kota_baris = _baris(angka_rekap(kota=kota, periode=OKTOBER))[kota.nama]
    assert (kota_baris["diputuskan"], kota_baris["dikabulkan"], kota_baris["persen"]) == (31, 9, "29,0 %")
    assert "DI ATAS" not in kota_baris["keterangan"]


def test_31_percent_is_flagged_in_the_city_recap(personas, kota):
    _seed(personas, dikabulkan=9, ditolak=20)  # 9 / 29 = 31.0 %
    kota_baris = _baris(angka_rekap(kota=kota, periode=OKTOBER))[kota.nama]
    assert (kota_baris["diputuskan"], kota_baris["dikabulkan"], kota_baris["persen"]) == (29, 9, "31,0 %")
    assert "DI ATAS 30 %" in kota_baris["keterangan"]


def test_monthly_report_shows_its_kecamatan_and_its_kab_kota(personas, kec_kanigaran, kota):
    _seed(personas, dikabulkan=2, ditolak=2)  # Kanigaran 50 %
    _seed(personas, dikabulkan=0, ditolak=4, kelurahan=KODE["kel_mayangan"])  # city: 2 / 8 = 25 %
    baris = _baris(angka_laporan(kecamatan=kec_kanigaran, periode=OKTOBER))
    assert baris[kec_kanigaran.nama]["persen"] == "50,0 %" and "DI ATAS" in baris[kec_kanigaran.nama]["keterangan"]
    assert baris[kota.nama]["persen"] == "25,0 %" and "DI ATAS" not in baris[kota.nama]["keterangan"]


def test_the_report_and_the_selector_give_the_same_figure(personas, kota):
    from tksk.models import Wilayah

    _seed(personas, dikabulkan=4, ditolak=5)
    ind = indikator_eksklusi(kelurahan_ids=Wilayah.objects.kelurahan().di_dalam(kota).values("pk"),
                             mulai=OKTOBER.mulai, selesai=OKTOBER.selesai)
    baris = _baris(angka_rekap(kota=kota, periode=OKTOBER))[kota.nama]
    assert (baris["diputuskan"], baris["dikabulkan"]) == (ind.diputuskan, ind.dikabulkan) == (9, 4)


def test_only_exclusion_sanggah_decided_in_the_month_count(personas, kota):
    _seed(personas, dikabulkan=1, ditolak=1)
    # another kind granted, and an exclusion sanggah decided in November (WIB): not October's figure
    a = aduan_pada(ac.StatusAduan.DIPUTUSKAN, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"])
    b = aduan_pada(ac.StatusAduan.DIPUTUSKAN, tksk=personas["tksk_kanigaran"], dinsos=personas["dinsos"], **EKSKLUSI)
    Aduan.objects.filter(pk=a.pk).update(diputuskan_pada=timezone.make_aware(datetime(2026, 10, 20)))
    Aduan.objects.filter(pk=b.pk).update(diputuskan_pada=timezone.make_aware(datetime(2026, 11, 1, 0, 30)))
    baris = _baris(angka_rekap(kota=kota, periode=OKTOBER))[kota.nama]
    assert (baris["diputuskan"], baris["dikabulkan"]) == (2, 1)
