"""The registration form and the spreadsheet import warn about a probable duplicate with the same
function (``pmks.registri.validasi.kemungkinan_duplikat``, rules of ``pmks.ganda.pindai``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmks.impor import contoh
from pmks.impor import services as impor_svc
from pmks.impor.rencana import KODE_DUPLIKAT
from tests.korpus.dunia import baris_impor
from tests.pmks.helpers import anggota_baris, data_form, keluarga_tiga_orang
from tests.simpan_aman import dengan_token

from .helpers import keluarga, orang, tukar_tanggal

pytestmark = pytest.mark.django_db


@pytest.fixture
def terdaftar():
    k = keluarga(nama_kepala="Budi Santosa", lahir=date(1975, 5, 17))  # the import's "Budi Santoso", a typo
    siti = orang(k, nama="Sitti Aminah", lahir=date(1978, 2, 3), jk="P", hubungan="istri")
    return k.kepala_uji, siti


def test_import_warns_about_a_probable_duplicate_like_the_form(terdaftar, tksk_kanigaran):
    budi, _ = terdaftar
    impor = impor_svc.impor_buat(user=tksk_kanigaran,
                                 berkas=SimpleUploadedFile("d.xlsx", contoh.tulis_xlsx(baris_impor())))
    impor = impor_svc.impor_periksa(impor_id=impor.pk)
    ganda = [p for p in impor.peringatan if p[3] == KODE_DUPLIKAT]
    assert len(ganda) == 2  # the head and the wife, each a typo of a registered person
    assert any(budi.nama in p[2] for p in ganda)
    # a warning, not an error: the import can be confirmed with a reason
    assert impor.status == "siap"


def test_registration_form_warns_about_a_swapped_nik_of_a_registered_person(client, tksk_kanigaran, kel_kanigaran):
    k = keluarga(nama_kepala="Slamet Riyadi", lahir=date(1965, 7, 7))
    nur = orang(k, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P")
    anggota = keluarga_tiga_orang()
    anggota[2] = anggota_baris(nama="Nur Aini Rahma", tanggal_lahir=date(1990, 3, 12), jenis_kelamin="P",
                               nik=tukar_tanggal(nur.nik, 10))  # 1990 → 1909 in the NIK (year digits swapped)
    client.force_login(tksk_kanigaran)
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota)
    resp = client.post("/pmks/keluarga/tambah/", dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/", data))
    html = resp.content.decode()
    assert 'data-testid="kemungkinan-duplikat"' in html and "Nur Aini" in html
