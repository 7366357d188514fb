"""URL × role matrix for the import/export pages (see tests/akses.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmks.impor import contoh, services
from tests.akses import PERSONA, Kasus, periksa, semua
from tests.pmks.impor.test_impor import keluarga

IMPOR = semua(200, pejabat_kota=403, pejabat_kanigaran=403)
DETAIL = semua(200, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)

KASUS = [
    Kasus("impor_list", lambda d: "/pmks/impor/", semua(200)),
    Kasus("impor_templat", lambda d: "/pmks/impor/templat.xlsx", IMPOR),
    Kasus("impor_unggah", lambda d: "/pmks/impor/unggah/", semua(400, pejabat_kota=403, pejabat_kanigaran=403),
          method="post"),
    Kasus("impor_detail", lambda d: f"/pmks/impor/{d['impor'].pk}/", DETAIL),
    Kasus("impor_status", lambda d: f"/pmks/impor/{d['impor'].pk}/status/", DETAIL),
    Kasus("impor_berkas", lambda d: f"/pmks/impor/{d['impor'].pk}/berkas/", DETAIL),
    Kasus("impor_laporan_galat", lambda d: f"/pmks/impor/{d['impor_galat'].pk}/laporan-galat.xlsx", DETAIL),
    # only the uploader (tksk_kanigaran) may confirm; others in the area get 403
    Kasus("impor_konfirmasi", lambda d: f"/pmks/impor/{d['impor'].pk}/konfirmasi/",
          semua(403, tksk_kanigaran=302, tksk_mayangan=404), method="post"),
    Kasus("impor_batal", lambda d: f"/pmks/impor/{d['impor_galat'].pk}/batal/",
          semua(403, tksk_kanigaran=302, tksk_mayangan=404), method="post"),
    Kasus("impor_ulangi", lambda d: f"/pmks/impor/{d['impor'].pk}/ulangi/",
          semua(403, tksk_kanigaran=302, tksk_mayangan=404), method="post"),
    Kasus("impor_desil", lambda d: "/pmks/impor/desil/", IMPOR),
    Kasus("impor_desil_unggah", lambda d: "/pmks/impor/desil/unggah/",
          semua(400, pejabat_kota=403, pejabat_kanigaran=403), method="post"),
    Kasus("bnba_impor", lambda d: "/bantuan/impor-bnba/", IMPOR),
    Kasus("bnba_unggah", lambda d: "/bantuan/impor-bnba/unggah/", semua(400, pejabat_kota=403, pejabat_kanigaran=403),
          method="post"),
    Kasus("ekspor_list", lambda d: "/pmks/ekspor/", semua(200)),
    Kasus("ekspor_keluarga_xlsx", lambda d: "/pmks/ekspor/keluarga.xlsx", semua(200)),
    Kasus("ekspor_anggota_csv", lambda d: "/pmks/ekspor/anggota.csv", semua(200)),
    Kasus("ekspor_jenis_salah", lambda d: "/pmks/ekspor/rahasia.csv", semua(404)),
]


@pytest.fixture
def dunia(personas, settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    user = personas["tksk_kanigaran"]
    impor = services.impor_buat(user=user, berkas=SimpleUploadedFile("a.xlsx", contoh.tulis_xlsx(keluarga(0))))
    services.impor_periksa(impor_id=impor.pk)
    buruk = keluarga(0)
    buruk[0]["Kelurahan"] = "Atlantis"
    galat = services.impor_buat(user=user, berkas=SimpleUploadedFile("b.xlsx", contoh.tulis_xlsx(buruk)))
    services.impor_periksa(impor_id=galat.pk)
    return {"impor": impor, "impor_galat": galat}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
