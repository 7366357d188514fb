"""URL × role matrix for every pendampingan URL (out of area → 404, read-only write → 403)."""

from datetime import date

import pytest

from pmks.pendampingan.models import FotoKunjungan
from tests.akses import PERSONA, Kasus, periksa, semua
from tests.factories import KeluargaFactory
from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji, kunjungan, psks, rujukan, tindak_lanjut

# Objects live in Kecamatan Kanigaran: TKSK Mayangan must not even learn they exist.
BACA = semua(200, tksk_mayangan=404)
TULIS = semua(200, tksk_mayangan=404, dinsos=403, pejabat_kota=403, pejabat_kanigaran=403)
TULIS_POST = semua(302, tksk_mayangan=404, dinsos=403, pejabat_kota=403, pejabat_kanigaran=403)



def data_psks(d, *, nama: str, jenis: str) -> dict:
    return {"nama": nama, "jenis": jenis, "kelurahan": d["keluarga"].kelurahan_id, "alamat": "Jl. Suroyo 3",
            "layanan": "Pengasuhan", "aktif": "on"}


KASUS = [
    # The TKSK's worklist; roles without field work (and the admin without an area) go to the dashboard.
    Kasus("hari_ini", lambda d: "/pmks/pendampingan/hari-ini/",
          semua(302, tksk_kanigaran=200, tksk_mayangan=200, admin=200)),
    Kasus("kunjungan_list", lambda d: "/pmks/pendampingan/kunjungan/", semua(200)),
    Kasus("kunjungan_detail", lambda d: f"/pmks/pendampingan/kunjungan/{d['kunjungan'].pk}/", BACA),
    Kasus("kunjungan_tambah", lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/kunjungan/tambah/", TULIS),
    Kasus(
        "kunjungan_tambah_post", lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/kunjungan/tambah/",
        TULIS_POST, method="post",
        data=lambda d: {"tanggal": "2026-03-05", "jenis": "asesmen", "catatan": "Atap bocor"},
    ),
    Kasus("kunjungan_ubah", lambda d: f"/pmks/pendampingan/kunjungan/{d['kunjungan'].pk}/ubah/", TULIS),
    Kasus(
        "kunjungan_ubah_post", lambda d: f"/pmks/pendampingan/kunjungan/{d['kunjungan'].pk}/ubah/", TULIS_POST,
        method="post", versi_dari=lambda d: d['kunjungan'],
        data=lambda d: {"tanggal": "2026-03-01", "jenis": "asesmen", "hasil": "Perlu RTLH"},
    ),
    Kasus("foto_kunjungan", lambda d: f"/pmks/pendampingan/foto/{d['foto'].pk}/", BACA),
    Kasus("tindak_lanjut_list", lambda d: "/pmks/pendampingan/tindak-lanjut/", semua(200)),
    Kasus(
        "tindak_lanjut_tambah", lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/tindak-lanjut/tambah/", TULIS
    ),
    Kasus(
        "tindak_lanjut_tambah_post",
        lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/tindak-lanjut/tambah/", TULIS_POST,
        method="post", data=lambda d: {"uraian": "Antar ke Puskesmas", "batas_waktu": "2026-03-20"},
    ),
    Kasus(
        "tindak_lanjut_selesai", lambda d: f"/pmks/pendampingan/tindak-lanjut/{d['tindak_lanjut'].pk}/selesai/",
        TULIS_POST, method="post", data=lambda d: {"catatan": "sudah"},
    ),
    Kasus("psks_list", lambda d: "/pmks/pendampingan/psks/", semua(200)),
    Kasus("psks_tambah", lambda d: "/pmks/pendampingan/psks/tambah/",
          semua(200, dinsos=403, pejabat_kota=403, pejabat_kanigaran=403)),
    Kasus(
        "psks_tambah_post", lambda d: "/pmks/pendampingan/psks/tambah/",
        # TKSK Mayangan cannot choose a Kanigaran kelurahan: the form re-renders with the error
        semua(302, tksk_mayangan=200, dinsos=403, pejabat_kota=403, pejabat_kanigaran=403), method="post",
        data=lambda d: data_psks(d, nama="LKS Harapan", jenis="lks"),
    ),
    Kasus("psks_ubah", lambda d: f"/pmks/pendampingan/psks/{d['psks'].pk}/ubah/", TULIS),
    Kasus(
        "psks_ubah_post", lambda d: f"/pmks/pendampingan/psks/{d['psks'].pk}/ubah/", TULIS_POST, method="post",
        versi_dari=lambda d: d['psks'],
        data=lambda d: data_psks(d, nama=d["psks"].nama, jenis=d["psks"].jenis),
    ),
    Kasus("rujukan_list", lambda d: "/pmks/pendampingan/rujukan/", semua(200)),
    Kasus("rujukan_tambah", lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/rujukan/tambah/", TULIS),
    Kasus(
        "rujukan_tambah_post", lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/rujukan/tambah/",
        TULIS_POST, method="post",
        data=lambda d: {"kategori": "kesehatan", "tujuan_lain": "Puskesmas Kanigaran", "alasan": "Belum BPJS PBI",
                        "tanggal": "2026-03-02"},
    ),
    Kasus("rujukan_detail", lambda d: f"/pmks/pendampingan/rujukan/{d['rujukan'].pk}/", BACA),
    Kasus(
        "rujukan_status", lambda d: f"/pmks/pendampingan/rujukan/{d['rujukan'].pk}/status/",
        TULIS_POST, method="post", data=lambda d: {"status": "diterima", "catatan": "diterima petugas"},
    ),
    Kasus("beranda", lambda d: "/", semua(200)),
]


@pytest.fixture
def dunia(personas, kel_kanigaran, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    tksk = personas["tksk_kanigaran"]
    keluarga = KeluargaFactory(kelurahan=kel_kanigaran)
    kj = kunjungan(keluarga, tanggal=date(2026, 3, 1), oleh=tksk)
    foto = FotoKunjungan.objects.create(kunjungan=kj, berkas=foto_uji(), diunggah_oleh=tksk)
    return {
        "keluarga": keluarga,
        "kunjungan": kj,
        "foto": foto,
        "tindak_lanjut": tindak_lanjut(keluarga, batas=date(2026, 3, 9), oleh=tksk),
        "psks": psks(kel_kanigaran, oleh=tksk),
        "rujukan": rujukan(keluarga, oleh=tksk),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)


@pytest.mark.django_db
def test_every_pendampingan_url_is_in_the_matrix():
    from pmks.pendampingan.urls import urlpatterns

    nama_kasus = {k.nama for k in KASUS}  # (the whole site: tests/test_akses_lengkap.py)
    assert {p.name for p in urlpatterns} <= nama_kasus
