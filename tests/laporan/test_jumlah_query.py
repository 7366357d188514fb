"""Figures are gathered with a constant number of queries, whatever the data size."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laporan.periode import Periode
from laporan.selectors import angka_laporan, angka_rekap
from tests.factories import KlasifikasiPMKSFactory
from tests.laporan.conftest import KEL_KANIGARAN, KEL_MAYANGAN, KEL_SUKOHARJO, jenis, keluarga

NOVEMBER = Periode(date(2026, 11, 1))


def _jumlah_query(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _tambah_data(user, n: int) -> None:
    for i in range(n):
        for kode in (KEL_KANIGARAN, KEL_SUKOHARJO, KEL_MAYANGAN):
            kel = keluarga(kode, jiwa=2, dibuat=datetime(2026, 11, 2 + i, tzinfo=UTC))
            KlasifikasiPMKSFactory(
                keluarga=kel, jenis=jenis("FM"), tanggal_asesmen=date(2026, 11, 3), dinilai_oleh=user
            )


@pytest.mark.django_db
def test_query_count_does_not_grow_with_data(kec_kanigaran, kota, tksk_kanigaran):
    _tambah_data(tksk_kanigaran, 1)
    angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)  # warm per-instance caches (wilayah.induk)
    sedikit_kec = _jumlah_query(lambda: angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER))
    sedikit_kota = _jumlah_query(lambda: angka_rekap(kota=kota, periode=NOVEMBER))
    _tambah_data(tksk_kanigaran, 6)
    assert _jumlah_query(lambda: angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)) == sedikit_kec
    assert _jumlah_query(lambda: angka_rekap(kota=kota, periode=NOVEMBER)) == sedikit_kota
    assert sedikit_kec <= 30


@pytest.mark.django_db
def test_detail_and_recap_pages_have_constant_query_counts(client, kec_kanigaran, tksk_kanigaran, dinsos):
    _tambah_data(tksk_kanigaran, 1)
    client.force_login(tksk_kanigaran)
    url = "/laporan/35.74.04/2026-11/"
    sedikit = _jumlah_query(lambda: client.get(url))
    client.force_login(dinsos)
    sedikit_rekap = _jumlah_query(lambda: client.get("/laporan/rekap/35.74/2026-11/"))
    _tambah_data(tksk_kanigaran, 5)
    assert _jumlah_query(lambda: client.get("/laporan/rekap/35.74/2026-11/")) == sedikit_rekap
    client.force_login(tksk_kanigaran)
    assert _jumlah_query(lambda: client.get(url)) == sedikit


@pytest.mark.django_db
def test_query_count_with_aid_and_pendampingan_does_not_grow(dunia_lengkap, kec_kanigaran, kota, tksk_kanigaran):
    from bantuan.models import Penyaluran, ProgramBantuan, Usulan
    from pmks.pendampingan.models import Kunjungan
    from tests.factories import wilayah

    angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)
    sebelum = _jumlah_query(lambda: angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER))
    sebelum_kota = _jumlah_query(lambda: angka_rekap(kota=kota, periode=NOVEMBER))
    program = ProgramBantuan.objects.get(kode="ternak")
    for i in range(4):
        kel = keluarga(KEL_SUKOHARJO, jiwa=2, dibuat=datetime(2026, 11, 2 + i, tzinfo=UTC))
        u = Usulan.objects.create(program=program, keluarga=kel, status="disetujui", justifikasi="x",
                                  diusulkan_oleh=tksk_kanigaran)
        Penyaluran.objects.create(usulan=u, tanggal=date(2026, 11, 9), bulan=date(2026, 11, 1), nilai=10,
                                  diterima_oleh="x", dicatat_oleh=tksk_kanigaran)
        kj = Kunjungan.objects.create(kelurahan=wilayah(KEL_SUKOHARJO), tanggal=date(2026, 11, 9), jenis="mediasi",
                                      dicatat_oleh=tksk_kanigaran)
        kj.keluarga.set([kel])
    assert _jumlah_query(lambda: angka_laporan(kecamatan=kec_kanigaran, periode=NOVEMBER)) == sebelum
    assert _jumlah_query(lambda: angka_rekap(kota=kota, periode=NOVEMBER)) == sebelum_kota
