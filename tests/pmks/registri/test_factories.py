"""The shared factories build households that satisfy the registry's own rules."""

from pmks.registri.nik import periksa_nik, periksa_no_kk, peringatan_nik
from pmks.registri.rules import DataAnggota, periksa_susunan_keluarga
from tests.factories import AnggotaFactory, KeluargaFactory, wilayah


def test_keluarga_factory_builds_valid_household_with_head(db):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.03.1001"))
    AnggotaFactory(keluarga=keluarga, jenis_kelamin="P")
    assert periksa_no_kk(keluarga.no_kk) == []
    assert keluarga.no_kk.startswith("357403")
    anggota = list(keluarga.anggota.all())
    assert [a.hubungan for a in anggota].count("kepala") == 1
    for a in anggota:
        assert periksa_nik(a.nik) == []
        assert peringatan_nik(a.nik, tanggal_lahir=a.tanggal_lahir, jenis_kelamin=a.jenis_kelamin) == []
    data = [DataAnggota(a.nik, a.nama, a.tanggal_lahir, a.hubungan, a.status) for a in anggota]
    assert periksa_susunan_keluarga(data) == []
