"""URL × role matrix for complaints (tests/akses.py). Out of area → 404; read-only write → 403;
a role that may never take a step → 403 before the status is looked at; the status page is public."""

from __future__ import annotations

import pytest

from bantuan.aduan import choices as ac
from bantuan.aduan import services as svc
from tests.akses import Kasus, kombinasi, periksa, semua
from tests.bantuan.aduan.helpers import TELEPON, aduan_baru, aduan_pada
from tests.bantuan.berkas_uji import png
from tests.bantuan.conftest import keluarga_pmks
from tests.conftest import KODE
from tests.factories import PenggunaFactory, wilayah

S = ac.StatusAduan
BACA_KANIGARAN = semua(200, tksk_mayangan=404)
PEJABAT_403 = {"pejabat_kota": 403, "pejabat_kanigaran": 403}
TKSK_TULIS = semua(403, tksk_kanigaran=302, tksk_mayangan=404, admin=302)  # the TKSK's steps
DINSOS_TULIS = semua(302, tksk_kanigaran=403, tksk_mayangan=404, **PEJABAT_403)  # Dinas Sosial's steps
KEDUANYA = semua(302, tksk_mayangan=404, **PEJABAT_403)
PUBLIK = {**semua(200), "anonim": 200}


def _intake(d) -> dict:
    return {
        "jenis": "perbaikan_data", "kategori": "data_salah", "saluran": "telepon", "tanggal_terima": "2026-11-02",
        "pelapor_nama": "Pak Harun", "pelapor_telepon": "081311112222", "pelapor_hubungan": "rt_rw",
        "nomor": d["keluarga"].no_kk, "uraian": "Alamat salah", "jenis_lampiran": "ktp_kk",
    }


KASUS = [
    Kasus("aduan_list", lambda d: "/aduan/", semua(200)),
    Kasus("aduan_buat", lambda d: "/aduan/baru/", semua(403, tksk_kanigaran=200, tksk_mayangan=200, dinsos=200,
                                                        admin=200)),
    Kasus(
        "aduan_buat_post", lambda d: "/aduan/baru/",
        # TKSK Mayangan cannot find a Kanigaran household: the form re-renders with the error
        semua(403, tksk_kanigaran=302, tksk_mayangan=200, dinsos=302, admin=302), method="post", data=_intake,
    ),
    Kasus("aduan_cek", lambda d: "/aduan/cek/", PUBLIK),
    Kasus("aduan_cek_tanya", lambda d: f"/aduan/cek/?kode={d['diterima'].kode_tiket}&empat_digit={TELEPON[-4:]}",
          PUBLIK),
    Kasus("aduan_detail_kanigaran", lambda d: f"/aduan/{d['diterima'].pk}/", BACA_KANIGARAN),
    Kasus("aduan_detail_mayangan", lambda d: f"/aduan/{d['mayangan'].pk}/",
          semua(200, tksk_kanigaran=404, pejabat_kanigaran=404)),
    Kasus("aduan_verifikasi", lambda d: f"/aduan/{d['diterima'].pk}/verifikasi/",
          semua(403, tksk_kanigaran=200, tksk_mayangan=404, admin=200)),
    Kasus("aduan_verifikasi_post", lambda d: f"/aduan/{d['diterima'].pk}/verifikasi/", TKSK_TULIS, method="post",
          data=lambda d: {"tanggal": "2026-11-03", "hasil": "Sesuai laporan"}),
    Kasus("aduan_putuskan", lambda d: f"/aduan/{d['diverifikasi'].pk}/putuskan/", DINSOS_TULIS, method="post",
          data=lambda d: {"keputusan": "dikabulkan", "alasan": "Terbukti"}),
    Kasus("aduan_putuskan_belum_diverifikasi", lambda d: f"/aduan/{d['diterima'].pk}/putuskan/", DINSOS_TULIS,
          method="post", data=lambda d: {"keputusan": "dikabulkan", "alasan": "Terbukti"}),
    Kasus("aduan_tindak_lanjut", lambda d: f"/aduan/{d['dikabulkan'].pk}/tindak-lanjut/",
          semua(200, tksk_mayangan=404, **PEJABAT_403)),
    Kasus("aduan_tindak_lanjut_post", lambda d: f"/aduan/{d['dikabulkan'].pk}/tindak-lanjut/", KEDUANYA,
          method="post", data=lambda d: {"jenis": "lainnya", "keterangan": "Data dicek"}),
    Kasus("aduan_selesai_ditolak", lambda d: f"/aduan/{d['ditolak'].pk}/selesai/", DINSOS_TULIS, method="post"),
    Kasus("aduan_selesai_ditindaklanjuti", lambda d: f"/aduan/{d['ditindaklanjuti'].pk}/selesai/", DINSOS_TULIS,
          method="post", data=lambda d: {"catatan": "Surat jawaban dikirim"}),
    Kasus("aduan_alihkan", lambda d: f"/aduan/{d['diterima'].pk}/alihkan/", DINSOS_TULIS, method="post",
          data=lambda d: {"petugas": d["tksk_kedua"].pk, "catatan": "Cuti"}),
    Kasus("aduan_eskalasi", lambda d: f"/aduan/{d['diterima'].pk}/eskalasi/", DINSOS_TULIS, method="post",
          data=lambda d: {"eskalasi-catatan": "Ke Kepala Dinas"}),
    Kasus("aduan_lampiran_tambah", lambda d: f"/aduan/{d['diterima'].pk}/lampiran/", KEDUANYA, method="post",
          data=lambda d: {"jenis": "ktp_kk", "berkas": png()}),
    # Evidence may show the reporter: Dinas Sosial and the assigned TKSK only.
    Kasus("aduan_lampiran_unduh", lambda d: f"/aduan/lampiran/{d['lampiran'].pk}/",
          semua(200, tksk_mayangan=404, **PEJABAT_403)),
    Kasus("aduan_surat", lambda d: f"/aduan/{d['dikabulkan'].pk}/surat/", BACA_KANIGARAN),
]


@pytest.fixture
def dunia(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tksk, dinsos = personas["tksk_kanigaran"], personas["dinsos"]
    d = {"keluarga": keluarga_pmks()}
    for status in (S.DITERIMA, S.DIVERIFIKASI, S.DITINDAKLANJUTI):
        d[status] = aduan_pada(status, tksk=tksk, dinsos=dinsos)
    d["dikabulkan"] = aduan_pada(S.DIPUTUSKAN, tksk=tksk, dinsos=dinsos)
    d["ditolak"] = aduan_pada(S.DIPUTUSKAN, tksk=tksk, dinsos=dinsos, keputusan=ac.Keputusan.DITOLAK)
    d["mayangan"] = aduan_baru(personas["tksk_mayangan"], keluarga=keluarga_pmks(KODE["kel_mayangan"]))
    d["lampiran"] = svc.lampiran_aduan_tambah(aduan=d[S.DITERIMA], oleh=tksk, berkas=png(), jenis="ktp_kk")
    d["tksk_kedua"] = PenggunaFactory(username="tksk.kedua", peran="tksk", wilayah=wilayah(KODE["kanigaran"]))
    return d


@pytest.mark.django_db
@pytest.mark.parametrize(("kasus", "persona"), kombinasi(KASUS))
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
