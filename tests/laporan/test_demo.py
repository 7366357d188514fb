"""Demo data for reports: idempotent, and only when the registry has Kanigaran households."""

import pytest

from laporan.demo import isi_demo
from laporan.models import LaporanBulanan, PengaturanLaporan, StatusLaporan
from laporan.periode import Periode
from tests.laporan.conftest import KEL_KANIGARAN, keluarga


@pytest.mark.django_db
def test_demo_submits_and_accepts_last_months_kanigaran_report_once(dunia, tksk_kanigaran, dinsos):
    keluarga(KEL_KANIGARAN, jiwa=1, dibuat=Periode.bulan_ini().sebelumnya.mulai)
    isi_demo()
    isi_demo()
    lalu = LaporanBulanan.objects.get(periode=Periode.bulan_ini().sebelumnya.awal)
    assert lalu.status == StatusLaporan.DITERIMA and lalu.berkas_pdf and lalu.kendala
    assert list(lalu.riwayat.order_by("id").values_list("ke_status", "oleh__username")) == [
        (StatusLaporan.DIAJUKAN, tksk_kanigaran.username), (StatusLaporan.DITERIMA, dinsos.username)
    ]
    assert LaporanBulanan.objects.filter(periode=Periode.bulan_ini().awal, status=StatusLaporan.DRAF).count() == 1
    assert PengaturanLaporan.objects.count() == 1


@pytest.mark.django_db
def test_demo_submits_this_month_when_households_were_all_registered_this_month(tksk_kanigaran):
    keluarga(KEL_KANIGARAN, jiwa=2, dibuat=Periode.bulan_ini().mulai)
    isi_demo()
    isi_demo()
    assert list(LaporanBulanan.objects.values_list("periode", "status")) == [
        (Periode.bulan_ini().awal, StatusLaporan.DIAJUKAN)
    ]


@pytest.mark.django_db
def test_demo_makes_no_report_without_registry_data(tksk_kanigaran):
    isi_demo()
    assert not LaporanBulanan.objects.exists()
