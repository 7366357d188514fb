"""Registering a household on a phone (#12 item 1): one submit shows every problem, with a summary
that links to each bad field; typed dates and short RT numbers are understood; PMKS types ticked on
the form are recorded through the classification service; rows the page only defaulted are ignored."""

import re
from datetime import date

import pytest

from pmks.models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS
from tests.factories import AnggotaFactory, KeluargaFactory, wilayah
from tests.pmks.helpers import anggota_baris, data_form, keluarga_tiga_orang
from tests.simpan_aman import dengan_token

URL = "/pmks/keluarga/tambah/"
pytestmark = pytest.mark.django_db


def _kirim(client, user, data):
    client.force_login(user)
    return client.post(URL, dengan_token(user, URL, data))


def test_one_submit_shows_form_errors_registered_nik_and_nik_date_confirmation_together(
    client, tksk_kanigaran, kel_kanigaran
):
    sudah = AnggotaFactory(keluarga=KeluargaFactory(kelurahan=kel_kanigaran))
    anggota = keluarga_tiga_orang()
    anggota[1]["nik"] = sudah.nik  # hard error of the service
    anggota[2]["tanggal_lahir"] = "2006-01-01"  # differs from the NIK's date: a confirmation
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota, alamat="", luas_lantai="-3")
    html = _kirim(client, tksk_kanigaran, data).content.decode()
    ringkasan = re.search(r'data-testid="ringkasan-galat".*?</div>', html, re.S).group(0)
    assert 'href="#id_alamat"' in ringkasan  # the form's own errors …
    assert 'href="#id_luas_lantai"' in ringkasan
    assert 'href="#id_anggota-1-nik"' in ringkasan and "sudah terdaftar" in ringkasan  # … the service's …
    assert 'data-testid="peringatan-nik"' in html  # … and the confirmation, in the same response
    assert 'data-testid="perlu-konfirmasi"' in html
    assert not Keluarga.objects.exclude(pk=sudah.keluarga_id).exists()


def test_a_form_error_and_no_member_at_all_are_reported_in_one_round_trip(client, tksk_kanigaran, kel_kanigaran):
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=[anggota_baris(nama="", tanggal_lahir=date(2000, 1, 1),
                                                                           nik="")], alamat="")
    data = {k: v for k, v in data.items() if not k.startswith("anggota-0-") or k.endswith("hubungan")}
    html = _kirim(client, tksk_kanigaran, data).content.decode()
    assert "paling sedikit satu anggota" in html
    assert 'href="#id_alamat"' in html


def test_similar_person_is_asked_together_with_a_form_error(client, tksk_kanigaran, kel_kanigaran):
    mirip = AnggotaFactory(keluarga=KeluargaFactory(kelurahan=kel_kanigaran), nama="Slamet Riyadi",
                           tanggal_lahir=date(1975, 3, 2))
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=keluarga_tiga_orang(), rt="abc")
    html = _kirim(client, tksk_kanigaran, data).content.decode()
    assert 'data-testid="kemungkinan-duplikat"' in html and mirip.nama in html
    assert 'href="#id_rt"' in html


def test_birth_date_typed_as_dd_mm_yyyy_is_stored(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[0]["tanggal_lahir"] = "02-03-1975"
    anggota[1]["tanggal_lahir"] = "21/08/1979"
    resp = _kirim(client, tksk_kanigaran, data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota))
    assert resp.status_code == 302
    assert set(Anggota.objects.values_list("tanggal_lahir", flat=True)) >= {date(1975, 3, 2), date(1979, 8, 21)}


@pytest.mark.parametrize("ketik", ["31-02-1975", "01-01-1800", "02-03-2999", "1975"])
def test_a_typed_birth_date_that_is_no_date_or_out_of_bounds_is_refused(client, tksk_kanigaran, kel_kanigaran, ketik):
    anggota = keluarga_tiga_orang()
    anggota[0]["tanggal_lahir"] = ketik
    resp = _kirim(client, tksk_kanigaran, data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota))
    assert resp.status_code == 200
    assert 'href="#id_anggota-0-tanggal_lahir"' in resp.content.decode()
    assert not Keluarga.objects.exists()


def test_birth_date_field_is_text_with_numeric_keyboard_not_a_calendar(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get(URL).content.decode()
    tag = re.search(r'<input [^>]*name="anggota-0-tanggal_lahir"[^>]*>', html).group(0)
    assert 'type="text"' in tag and 'inputmode="numeric"' in tag and "data-tanggal-ketik" in tag
    assert 'type="date"' not in re.search(r'<div id="daftar-anggota">.*?<template', html, re.S).group(0)


def test_rt_and_rw_typed_short_are_stored_with_three_digits(client, tksk_kanigaran, kel_kanigaran):
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=keluarga_tiga_orang(), rt="3", rw="12")
    assert _kirim(client, tksk_kanigaran, data).status_code == 302
    assert Keluarga.objects.values_list("rt", "rw").get() == ("003", "012")


def test_pmks_types_ticked_on_the_registration_form_become_classifications(client, tksk_kanigaran, kel_kanigaran):
    fm, kbtlh = JenisPMKS.objects.get(singkatan="FM"), JenisPMKS.objects.order_by("kode")[0]
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=keluarga_tiga_orang(), jenis_pmks=[fm.pk, kbtlh.pk])
    assert _kirim(client, tksk_kanigaran, data).status_code == 302
    k = Keluarga.objects.get()
    rows = KlasifikasiPMKS.objects.filter(keluarga=k, aktif=True)
    assert {r.jenis_id for r in rows} == {fm.pk, kbtlh.pk}
    assert all(r.dinilai_oleh == tksk_kanigaran and r.anggota is None for r in rows)


def test_an_inactive_pmks_type_cannot_be_ticked(client, tksk_kanigaran, kel_kanigaran):
    lama = JenisPMKS.objects.order_by("kode")[0]
    lama.aktif = False
    lama.save()
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=keluarga_tiga_orang(), jenis_pmks=[lama.pk])
    resp = _kirim(client, tksk_kanigaran, data)
    assert resp.status_code == 200 and not Keluarga.objects.exists()


def test_an_added_row_holding_only_the_pages_defaults_is_ignored(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota.append({"hubungan": "anak", "status_perkawinan": "belum_kawin", "disabilitas": "tidak_ada"})
    assert _kirim(client, tksk_kanigaran, data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota)).status_code == 302
    assert Anggota.objects.count() == 3


def test_first_row_of_a_new_household_starts_as_kepala_and_housing_choices_are_buttons(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get(URL).content.decode()
    assert re.search(r'<option value="kepala" selected>', html)
    for nama in ("lantai", "dinding", "atap", "status_kepemilikan_rumah", "anggota-0-jenis_kelamin"):
        assert f'type="radio" class="form-check-input"  name="{nama}"' in html, nama
        assert f'<select name="{nama}"' not in html
    assert 'data-testid="rincian"' in html  # optional fields folded


def test_edit_form_has_no_pmks_ticks_and_keeps_stored_members(client, tksk_kanigaran):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{k.pk}/ubah/").content.decode()
    assert 'name="jenis_pmks"' not in html
