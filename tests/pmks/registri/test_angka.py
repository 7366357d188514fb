"""The registry's counted notions (``pmks.registri.angka``): one definition each, used by the dashboard and
both report sections that count "keluarga PMKS"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmks.models import JenisPMKS, Keluarga
from pmks.registri.angka import (
    hitung_himpunan,
    hitung_per_kelurahan,
    keluarga_pmks_baru,
    keluarga_pmks_pada,
    keluarga_stok_pada,
)
from pmks.registri.choices import StatusKeluarga
from tests.factories import KeluargaFactory, KlasifikasiPMKSFactory

pytestmark = pytest.mark.django_db
HARI = date(2026, 11, 30)


def _keluarga(kel, *, dibuat=datetime(2026, 9, 1, 3, tzinfo=UTC), **kw) -> Keluarga:
    k = KeluargaFactory(kelurahan=kel, **kw)
    Keluarga.objects.filter(pk=k.pk).update(dibuat_pada=dibuat)
    return k


def _klasifikasi(k, tanggal, user, singkatan="FM", **kw):
    return KlasifikasiPMKSFactory(
        keluarga=k, jenis=JenisPMKS.objects.get(singkatan=singkatan), tanggal_asesmen=tanggal, dinilai_oleh=user, **kw
    )


@pytest.fixture
def registri(kel_kanigaran, kel_sukoharjo, tksk_kanigaran):
    u = tksk_kanigaran
    d = {
        "pmks": _keluarga(kel_kanigaran),
        "baru": _keluarga(kel_kanigaran),
        "nanti": _keluarga(kel_kanigaran),
        "nonaktif": _keluarga(kel_kanigaran),
        "pindah": _keluarga(kel_kanigaran, status=StatusKeluarga.PINDAH),
        "belum_terdaftar": _keluarga(kel_sukoharjo, dibuat=datetime(2026, 12, 1, 2, tzinfo=UTC)),  # 09:00 WIB
        "bukan_pmks": _keluarga(kel_sukoharjo),
    }
    _klasifikasi(d["pmks"], date(2026, 9, 15), u)
    _klasifikasi(d["pmks"], date(2026, 11, 5), u, singkatan="LUT")  # a second jenis: still one household
    _klasifikasi(d["baru"], date(2026, 11, 30), u)
    _klasifikasi(d["nanti"], date(2026, 12, 1), u)
    _klasifikasi(d["nonaktif"], date(2026, 9, 15), u, aktif=False)
    _klasifikasi(d["pindah"], date(2026, 9, 15), u)
    _klasifikasi(d["belum_terdaftar"], date(2026, 11, 1), u)
    return d


def test_keluarga_pmks_are_stock_households_with_a_classification_in_force_that_day(
    registri, kel_kanigaran, kel_sukoharjo
):
    ids = [kel_kanigaran.pk, kel_sukoharjo.pk]
    d = registri
    assert set(keluarga_pmks_pada(tanggal=HARI, kelurahan_ids=ids)) == {d["pmks"], d["baru"]}
    assert set(keluarga_pmks_pada(tanggal=date(2026, 12, 1), kelurahan_ids=ids)) == {
        d["pmks"], d["baru"], d["nanti"], d["belum_terdaftar"],
    }
    assert d["bukan_pmks"] in keluarga_stok_pada(tanggal=HARI, kelurahan_ids=ids)
    assert d["belum_terdaftar"] not in keluarga_stok_pada(tanggal=HARI, kelurahan_ids=ids)


def test_keluarga_pmks_baru_had_no_classification_in_force_before_the_month(registri, kel_kanigaran):
    baru = keluarga_pmks_baru(awal=date(2026, 11, 1), akhir=HARI, kelurahan_ids=[kel_kanigaran.pk])
    assert set(baru) == {registri["baru"]}  # "pmks" got its LUT in November, but was PMKS since September


def test_counts_per_kelurahan_and_set_membership_in_one_query(
    registri, kel_kanigaran, kel_sukoharjo, django_assert_num_queries
):
    ids = [kel_kanigaran.pk, kel_sukoharjo.pk]
    stok = keluarga_stok_pada(tanggal=HARI, kelurahan_ids=ids)
    pmks = keluarga_pmks_pada(tanggal=HARI, kelurahan_ids=ids)
    assert hitung_per_kelurahan(pmks) == {kel_kanigaran.pk: 2}
    with django_assert_num_queries(1):
        angka = hitung_himpunan(
            stok,
            himpunan={"pmks": pmks, "kosong": stok.none()},
            kolom={"semua": (), "pmks": ("pmks",), "bukan_pmks": ("-pmks",), "tidak_mungkin": ("pmks", "kosong")},
        )
    assert angka == {
        kel_kanigaran.pk: {"semua": 4, "pmks": 2, "bukan_pmks": 2, "tidak_mungkin": 0},
        kel_sukoharjo.pk: {"semua": 1, "pmks": 0, "bukan_pmks": 1, "tidak_mungkin": 0},
    }
    assert hitung_himpunan(stok.none(), himpunan={}, kolom={"semua": ()}) == {}
