"""URL × role matrix of the UU PDP screens (privacy notice, consent withdrawal, data-subject requests).

A Kanigaran household: TKSK Mayangan gets 404 on every URL of it; Pejabat may read but get 403 on
every write and on the access PDF (personal data handed to the subject by the officials who answer).
"""

import pytest

from pmks.registri import permintaan as pm
from tests.akses import PERSONA, Kasus, periksa, semua
from tests.bantuan.conftest import keluarga_pmks

BACA = semua(200, tksk_mayangan=404)
TULIS_GET = semua(200, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)
TULIS_POST = semua(302, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)

KASUS = [
    Kasus("privasi", lambda d: "/pmks/privasi/", semua(200)),
    Kasus("privasi_pdf", lambda d: "/pmks/privasi/pemberitahuan.pdf", semua(200)),
    Kasus("pemberitahuan_catat", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/diberi-tahu/", TULIS_POST,
          method="post"),
    Kasus("pemberitahuan_catat_get", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/diberi-tahu/", semua(405)),
    Kasus("persetujuan_tarik", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/tarik-persetujuan/", TULIS_GET),
    Kasus("persetujuan_tarik_post", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/tarik-persetujuan/", TULIS_POST,
          method="post", data=lambda d: {"alasan": "Tidak bersedia lagi"}),
    Kasus("permintaan_tambah", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/permintaan-data/", TULIS_GET),
    Kasus("permintaan_tambah_post", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/permintaan-data/", TULIS_POST,
          method="post", data=lambda d: {"jenis": "akses", "anggota": "", "nama_pemohon": "Budi", "uraian": ""}),
    Kasus("permintaan_list", lambda d: "/pmks/permintaan-data/", semua(200)),
    Kasus("permintaan_detail", lambda d: f"/pmks/permintaan-data/{d['akses'].pk}/", BACA),
    Kasus("permintaan_pdf", lambda d: f"/pmks/permintaan-data/{d['akses'].pk}/data-pribadi.pdf",
          semua(200, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)),
    Kasus("permintaan_selesaikan", lambda d: f"/pmks/permintaan-data/{d['penarikan'].pk}/jawab/", TULIS_GET),
    Kasus("permintaan_selesaikan_post", lambda d: f"/pmks/permintaan-data/{d['penarikan'].pk}/jawab/", TULIS_POST,
          method="post", data=lambda d: {"jawaban": "Dicatat"}),
    Kasus("permintaan_tolak", lambda d: f"/pmks/permintaan-data/{d['akses'].pk}/tolak/", TULIS_GET),
    Kasus("permintaan_tolak_post", lambda d: f"/pmks/permintaan-data/{d['akses'].pk}/tolak/", TULIS_POST,
          method="post", data=lambda d: {"alasan": "Pemohon bukan subjek data"}),
]


@pytest.fixture
def dunia(db, tksk_kanigaran):
    keluarga = keluarga_pmks()

    def catat(jenis):
        return pm.permintaan_catat(user=tksk_kanigaran, keluarga=keluarga, jenis=jenis, nama_pemohon="Budi")

    return {"keluarga": keluarga, "akses": catat("akses"), "penarikan": catat("penarikan")}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_pdp_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
