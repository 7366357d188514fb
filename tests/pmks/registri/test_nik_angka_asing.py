"""NIK / No. KK accept ASCII digits 0-9 only (issue #10, item 12): one rule (pmks.registri.nik) for the
registration form and the import; full-width or Arabic-Indic digits get a clear message instead
of a database constraint error ("bentrok dengan data lain") at save time."""

from __future__ import annotations

import pytest

from pmks.models import Anggota, Keluarga
from pmks.registri.nik import periksa_nik, periksa_no_kk
from tests.masukan_jahat import ANGKA_ASING
from tests.pmks.helpers import data_form, keluarga_tiga_orang

PESAN = "angka selain 0-9"


@pytest.mark.parametrize("jenis", sorted(ANGKA_ASING))
def test_non_ascii_digits_are_refused_by_the_nik_and_no_kk_rules(jenis):
    nomor = ANGKA_ASING[jenis]
    assert nomor.isdigit() and len(nomor) == 16  # what str.isdigit() let through before
    assert PESAN in periksa_nik(nomor)[0]
    assert PESAN in periksa_no_kk(nomor)[0]


def test_ascii_digits_with_spaces_and_dots_are_still_accepted():
    assert periksa_nik("3574 0417.0575-0001") == []


@pytest.mark.django_db
@pytest.mark.parametrize("jenis", sorted(ANGKA_ASING))
@pytest.mark.parametrize("field", ["nik", "no_kk"])
def test_registration_form_refuses_non_ascii_digits_with_a_message(client, tksk_kanigaran, kel_kanigaran, jenis,
                                                                   field):
    anggota = keluarga_tiga_orang()
    if field == "nik":
        anggota[0]["nik"] = ANGKA_ASING[jenis]
        data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota)
    else:
        data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota, no_kk=ANGKA_ASING[jenis])
    client.force_login(tksk_kanigaran)
    resp = client.post("/pmks/keluarga/tambah/", data)
    assert resp.status_code == 200
    assert PESAN in resp.content.decode()
    assert not Keluarga.objects.exists() and not Anggota.objects.exists()
