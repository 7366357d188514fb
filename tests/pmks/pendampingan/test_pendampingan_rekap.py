"""Monthly pendampingan recap for the laporan (``rekap_pendampingan``): figures and query count."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks.pendampingan import choices as pc
from pmks.pendampingan.models import RencanaTindakLanjut, RiwayatStatusRujukan
from pmks.pendampingan.selectors import rekap_pendampingan
from tests.factories import KeluargaFactory, wilayah
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan, psks, rujukan, tindak_lanjut

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def data(tksk_kanigaran, tksk_mayangan, kel_kanigaran, kel_sukoharjo, kel_mayangan):
    t = tksk_kanigaran
    k1, k2 = KeluargaFactory(kelurahan=kel_kanigaran), KeluargaFactory(kelurahan=kel_sukoharjo)
    km = KeluargaFactory(kelurahan=kel_mayangan)
    kunjungan(k1, tanggal=date(2026, 2, 28), oleh=t)  # previous month
    kunjungan(k1, tanggal=date(2026, 3, 1), oleh=t)
    kunjungan(k1, tanggal=date(2026, 3, 31), oleh=t, jenis=pc.JenisKunjungan.MONITORING_BANTUAN)
    kunjungan(k1, tanggal=date(2026, 3, 15), oleh=t, jenis=pc.JenisKunjungan.BIMBINGAN_KELOMPOK, lain=[k2])
    kunjungan(km, tanggal=date(2026, 3, 10), oleh=tksk_mayangan)  # other kecamatan
    rj = rujukan(k2, oleh=t, tanggal=date(2026, 3, 5))
    RiwayatStatusRujukan.objects.filter(rujukan=rj).update(pada=datetime(2026, 3, 5, 9, tzinfo=WIB))
    RiwayatStatusRujukan.objects.create(rujukan=rj, dari_status="dikirim", ke_status="diterima", oleh=t)
    # Accepted at 31 Mar 23:30 WIB (= 16:30 UTC): still March.
    RiwayatStatusRujukan.objects.filter(rujukan=rj, ke_status="diterima").update(
        pada=datetime(2026, 3, 31, 23, 30, tzinfo=WIB)
    )
    rujukan(k1, oleh=t, tanggal=date(2026, 4, 1))  # next month
    lambat = tindak_lanjut(k1, batas=date(2026, 3, 20), oleh=t)
    tepat = tindak_lanjut(k1, batas=date(2026, 3, 31), oleh=t)  # due on the last day: not late yet
    selesai = tindak_lanjut(k2, batas=date(2026, 3, 10), oleh=t, status=pc.StatusTindakLanjut.SELESAI)
    RencanaTindakLanjut.objects.filter(pk__in=[lambat.pk, tepat.pk, selesai.pk]).update(
        dibuat_pada=datetime(2026, 3, 2, 8, tzinfo=WIB)
    )
    RencanaTindakLanjut.objects.filter(pk=selesai.pk).update(diselesaikan_pada=datetime(2026, 3, 9, 8, tzinfo=WIB))
    psks(kel_kanigaran, oleh=t)
    psks(kel_mayangan, oleh=tksk_mayangan)


@pytest.mark.django_db
def test_monthly_recap_counts_the_kecamatan_month_only(data, kec_kanigaran, kel_kanigaran):
    r = rekap_pendampingan(kecamatan=kec_kanigaran, bulan=date(2026, 3, 17))
    assert (r.awal, r.akhir) == (date(2026, 3, 1), date(2026, 3, 31))
    assert r.kunjungan_total == 3
    assert r.kunjungan_per_jenis["asesmen"] == 1
    assert r.kunjungan_per_jenis["monitoring_bantuan"] == 1
    assert r.kunjungan_per_jenis["bimbingan_kelompok"] == 1
    assert r.keluarga_dikunjungi == 2
    assert r.kunjungan_per_kelurahan == {kel_kanigaran.pk: 3}
    assert r.rujukan_dibuat == 1 and r.rujukan_per_kategori["kesehatan"] == 1
    assert r.rujukan_per_kelurahan == {wilayah("35.74.04.1002").pk: 1}
    assert r.rujukan_status_berubah == {"diterima": 1}
    assert (r.tindak_lanjut_dibuat, r.tindak_lanjut_selesai, r.tindak_lanjut_terlambat_akhir_bulan) == (3, 1, 1)
    assert r.psks_aktif == 1


@pytest.mark.django_db
def test_monthly_recap_for_the_city_covers_all_kecamatan(data, kota):
    r = rekap_pendampingan(kecamatan=kota, bulan=date(2026, 3, 1))
    assert r.kunjungan_total == 4 and r.psks_aktif == 2


@pytest.mark.django_db
def test_monthly_recap_uses_a_constant_number_of_queries(data, kec_kanigaran, tksk_kanigaran, kel_kanigaran):
    with CaptureQueriesContext(connection) as sedikit:
        rekap_pendampingan(kecamatan=kec_kanigaran, bulan=date(2026, 3, 1))
    for hari in range(1, 20):
        k = KeluargaFactory(kelurahan=kel_kanigaran)
        kunjungan(k, tanggal=date(2026, 3, hari), oleh=tksk_kanigaran)
        rujukan(k, oleh=tksk_kanigaran, tanggal=date(2026, 3, hari))
    with CaptureQueriesContext(connection) as banyak:
        r = rekap_pendampingan(kecamatan=kec_kanigaran, bulan=date(2026, 3, 1))
    assert r.kunjungan_total == 22
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)
