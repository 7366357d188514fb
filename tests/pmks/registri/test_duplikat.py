"""Duplicates: the same NIK / No. KK exists once; similar name + same birth date is a warning.

Where an existing record is, is told only to users who may see it: others learn only that it is
"terdaftar di wilayah lain", with no name, address or link.
"""

from datetime import date

import pytest

from pmks.models import Keluarga
from tests.factories import AnggotaFactory, KeluargaFactory, wilayah
from tests.pmks.helpers import anggota_baris, data_form, keluarga_tiga_orang
from tests.simpan_aman import dengan_token


@pytest.fixture
def keluarga_mayangan(db):
    k = KeluargaFactory(kelurahan=wilayah("35.74.03.1001"), alamat="Jl. Rahasia Mayangan 9")
    k.kepala_uji.nama = "Rahasia Orangnya"
    k.kepala_uji.save()
    return k


@pytest.fixture
def keluarga_kanigaran(db):
    return KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), alamat="Jl. Brantas 7")


def _post(client, user, kelurahan, anggota, **extra):
    client.force_login(user)
    data = data_form(kelurahan_id=kelurahan.pk, anggota=anggota, **extra)
    return client.post("/pmks/keluarga/tambah/", dengan_token(user, "/pmks/keluarga/tambah/", data))


def test_existing_nik_in_own_area_says_where_with_a_link(client, tksk_kanigaran, kel_kanigaran, keluarga_kanigaran):
    anggota = keluarga_tiga_orang()
    kepala = keluarga_kanigaran.kepala_uji
    anggota[2].update(nik=kepala.nik, tanggal_lahir=kepala.tanggal_lahir.isoformat(), hubungan="orang_tua")
    resp = _post(client, tksk_kanigaran, kel_kanigaran, anggota)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "NIK ini sudah terdaftar atas nama" in html
    assert f'href="/pmks/keluarga/{keluarga_kanigaran.pk}/"' in html
    assert Keluarga.objects.count() == 1


def test_existing_nik_in_other_area_does_not_leak(client, tksk_kanigaran, kel_kanigaran, keluarga_mayangan):
    anggota = keluarga_tiga_orang()
    kepala = keluarga_mayangan.kepala_uji
    anggota[2].update(nik=kepala.nik, tanggal_lahir=kepala.tanggal_lahir.isoformat(), hubungan="orang_tua")
    html = _post(client, tksk_kanigaran, kel_kanigaran, anggota).content.decode()
    assert "NIK ini sudah terdaftar di wilayah lain" in html
    for rahasia in ("Rahasia Orangnya", "Jl. Rahasia Mayangan", "Mayangan", f"/pmks/keluarga/{keluarga_mayangan.pk}/"):
        assert rahasia not in html
    assert Keluarga.objects.count() == 1


def test_dinsos_sees_where_a_nik_of_any_kecamatan_is(client, dinsos, kel_kanigaran, keluarga_mayangan):
    anggota = keluarga_tiga_orang()
    anggota[2].update(nik=keluarga_mayangan.kepala_uji.nik, tanggal_lahir="1980-05-17", hubungan="orang_tua")
    html = _post(client, dinsos, kel_kanigaran, anggota).content.decode()
    assert "Rahasia Orangnya" in html and f"/pmks/keluarga/{keluarga_mayangan.pk}/" in html


def test_existing_no_kk_is_refused_without_leaking(client, tksk_kanigaran, kel_kanigaran, keluarga_mayangan):
    html = _post(client, tksk_kanigaran, kel_kanigaran, keluarga_tiga_orang(), no_kk=keluarga_mayangan.no_kk)
    html = html.content.decode()
    assert "No. KK ini sudah terdaftar di wilayah lain" in html
    assert "Jl. Rahasia Mayangan" not in html
    assert Keluarga.objects.count() == 1


def test_same_nik_twice_in_one_form_is_refused(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[2]["nik"] = anggota[1]["nik"]
    anggota[2].update(tanggal_lahir=anggota[1]["tanggal_lahir"], jenis_kelamin="P")
    html = _post(client, tksk_kanigaran, kel_kanigaran, anggota).content.decode()
    assert "NIK sama dengan anggota baris 2" in html


def test_probable_duplicate_warns_with_link_and_can_be_confirmed(client, tksk_kanigaran, kel_kanigaran,
                                                                keluarga_kanigaran):
    lama = AnggotaFactory(keluarga=keluarga_kanigaran, nama="Muhammad Syaiful Anwar", tanggal_lahir=date(2004, 6, 1))
    anggota = keluarga_tiga_orang()
    # Same person typed differently, with another (wrong) NIK: same birth date, similar name.
    anggota[2] = anggota_baris(nama="Moh. Syaiful Anwar", tanggal_lahir=date(2004, 6, 1))
    resp = _post(client, tksk_kanigaran, kel_kanigaran, anggota)
    html = resp.content.decode()
    assert 'data-testid="kemungkinan-duplikat"' in html
    assert f'href="/pmks/keluarga/{lama.keluarga_id}/"' in html and "Muhammad Syaiful Anwar" in html
    assert Keluarga.objects.count() == 1

    resp = _post(client, tksk_kanigaran, kel_kanigaran, anggota, konfirmasi_duplikat="on")
    assert resp.status_code == 302
    assert Keluarga.objects.count() == 2


def test_probable_duplicate_in_other_area_warns_without_details(client, tksk_kanigaran, kel_kanigaran,
                                                               keluarga_mayangan):
    AnggotaFactory(keluarga=keluarga_mayangan, nama="Siti Nurhalizah", tanggal_lahir=date(2001, 2, 3),
                   jenis_kelamin="P")
    anggota = keluarga_tiga_orang()
    anggota[2] = anggota_baris(nama="Siti Nurhaliza", tanggal_lahir=date(2001, 2, 3), jenis_kelamin="P")
    html = _post(client, tksk_kanigaran, kel_kanigaran, anggota).content.decode()
    assert "terdaftar di wilayah lain" in html
    assert "Siti Nurhalizah" not in html and f"/pmks/keluarga/{keluarga_mayangan.pk}/" not in html


def test_different_birth_date_is_not_a_probable_duplicate(client, tksk_kanigaran, kel_kanigaran, keluarga_kanigaran):
    AnggotaFactory(keluarga=keluarga_kanigaran, nama="Dimas Riyadi", tanggal_lahir=date(2005, 11, 29))
    resp = _post(client, tksk_kanigaran, kel_kanigaran, keluarga_tiga_orang())
    assert resp.status_code == 302
