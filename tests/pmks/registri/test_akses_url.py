"""URL × role matrix for the household registry (every registry URL joins this table).

A Kanigaran household: TKSK Mayangan gets 404 on every URL of it; Pejabat may read but get 403
on every write; anonymous users are sent to the login page.
"""

from datetime import date

import pytest

from pmks.models import JenisPMKS
from tests.akses import PERSONA, Kasus, periksa, semua
from tests.factories import AnggotaFactory, KeluargaFactory, KlasifikasiPMKSFactory, wilayah
from tests.korpus.daftar import data_keluarga_ubah
from tests.pmks.helpers import data_form, keluarga_tiga_orang

BACA = semua(200, tksk_mayangan=404)
TULIS_GET = semua(200, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)
TULIS_POST = semua(302, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)

KASUS = [
    Kasus("keluarga_list", lambda d: "/pmks/", semua(200)),
    Kasus("keluarga_list_cari", lambda d: f"/pmks/?q={d['keluarga'].no_kk}&status=semua", semua(200)),
    # the filter's child selects: a kecamatan outside the area is refused like any other bad id (400)
    Kasus("pilihan_wilayah", lambda d: f"/pmks/pilihan-wilayah/?kecamatan={d['keluarga'].kelurahan.induk_id}",
          semua(200, tksk_mayangan=400)),
    Kasus("keluarga_tambah", lambda d: "/pmks/keluarga/tambah/", semua(200, pejabat_kota=403, pejabat_kanigaran=403)),
    Kasus("keluarga_detail", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/", BACA),
    Kasus(
        "keluarga_tambah_post", lambda d: "/pmks/keluarga/tambah/",
        # TKSK Mayangan cannot choose a Kanigaran kelurahan: the form re-renders with the error
        semua(302, tksk_mayangan=200, pejabat_kota=403, pejabat_kanigaran=403), method="post",
        data=lambda d: data_form(kelurahan_id=d["keluarga"].kelurahan_id, anggota=keluarga_tiga_orang()),
    ),
    Kasus("keluarga_ubah", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/ubah/", TULIS_GET),
    Kasus(
        "keluarga_ubah_post", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/ubah/", TULIS_POST, method="post",
        versi_dari=lambda d: d['keluarga'],
        data=lambda d: data_keluarga_ubah(d["keluarga"]),
    ),
    Kasus("keluarga_status", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/status/", TULIS_GET),
    Kasus(
        "keluarga_status_post", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/status/", TULIS_POST,
        method="post", data=lambda d: {"status": "tidak_ditemukan", "alasan": "Rumah kosong saat dikunjungi"},
    ),
    Kasus(
        "keluarga_tampilkan_nomor", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/tampilkan-nomor/", TULIS_POST,
        method="post",
    ),
    Kasus("keluarga_tampilkan_nomor_get", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/tampilkan-nomor/",
          semua(405)),
    Kasus("akses_list", lambda d: "/pmks/akses/", semua(403, admin=200)),
    Kasus("keluarga_ganti_kk", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/ganti-kk/", TULIS_GET),
    Kasus(
        "keluarga_ganti_kk_post", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/ganti-kk/", TULIS_POST,
        method="post", data=lambda d: {"no_kk": "3574041208250007", "alasan": "Pecah KK"},
    ),
    Kasus("klasifikasi_tambah", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/klasifikasi/tambah/", TULIS_GET),
    Kasus(
        "klasifikasi_tambah_post", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/klasifikasi/tambah/", TULIS_POST,
        method="post",
        data=lambda d: {"jenis": JenisPMKS.objects.get(singkatan="RTLH").pk, "tanggal_asesmen": "2026-01-10"},
    ),
    Kasus("klasifikasi_cabut", lambda d: f"/pmks/klasifikasi/{d['klasifikasi'].pk}/cabut/", TULIS_GET),
    Kasus(
        "klasifikasi_cabut_post", lambda d: f"/pmks/klasifikasi/{d['klasifikasi'].pk}/cabut/", TULIS_POST,
        method="post", data=lambda d: {"alasan": "Sudah mampu"},
    ),
    Kasus("anggota_status", lambda d: f"/pmks/anggota/{d['anak'].pk}/status/", TULIS_GET),
    Kasus(
        "anggota_status_post", lambda d: f"/pmks/anggota/{d['anak'].pk}/status/", TULIS_POST,
        method="post", data=lambda d: {"status": "pindah", "alasan": "Kuliah di Surabaya"},
    ),
    Kasus("anggota_pindah", lambda d: f"/pmks/anggota/{d['anak'].pk}/pindah/", TULIS_GET),
    Kasus(
        "anggota_pindah_post", lambda d: f"/pmks/anggota/{d['anak'].pk}/pindah/", TULIS_POST,
        method="post", data=lambda d: {"no_kk_tujuan": d["tujuan"].no_kk, "hubungan": "cucu", "alasan": "Ikut nenek"},
    ),
]


@pytest.fixture
def dunia(db, tksk_kanigaran):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    tujuan = KeluargaFactory(kelurahan=wilayah("35.74.04.1002"), kepala__tanggal_lahir=date(1950, 1, 1))
    return {
        "keluarga": keluarga,
        "tujuan": tujuan,
        "anak": AnggotaFactory(keluarga=keluarga),
        "klasifikasi": KlasifikasiPMKSFactory(keluarga=keluarga, dinilai_oleh=tksk_kanigaran),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
