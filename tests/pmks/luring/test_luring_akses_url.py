"""URL × role matrix of offline work (pmks/luring/): shell pages and the download for a TKSK of one
kecamatan only; the sync endpoints guarded exactly as the online forms they stand for."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from pmks.luring.selectors import nilai_isian
from pmks.models import Keluarga
from tests.akses import PERSONA, Kasus, periksa, semua
from tests.factories import KeluargaFactory
from tests.pmks.helpers import data_form, keluarga_tiga_orang

TKSK_SAJA = semua(403, tksk_kanigaran=200, tksk_mayangan=200)
TERBUKA = {**semua(200), "anonim": 200}
# as pmks:kunjungan_tambah (PENDAMPINGAN in the household's area), answering JSON 200
KUNJUNGAN = semua(200, tksk_mayangan=404, dinsos=403, pejabat_kota=403, pejabat_kanigaran=403)
# as pmks:keluarga_tambah (TKSK Mayangan may register, but not in a Kanigaran kelurahan: 422)
DAFTAR = semua(200, tksk_mayangan=422, pejabat_kota=403, pejabat_kanigaran=403)
# as pmks:keluarga_ubah
UBAH = semua(200, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)


def _kunjungan(d) -> dict:
    return {"uuid": str(uuid.uuid4()), "tanggal": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "jenis": "asesmen", "catatan": "Atap bocor"}


def _ubah(d) -> dict:
    k = Keluarga.objects.get(pk=d["keluarga"].pk)
    return {**nilai_isian(k, list(k.anggota.aktif().order_by("id"))), "alamat": "Jl. Baru 1",
            "uuid": str(uuid.uuid4()), "versi": str(k.versi)}


KASUS = [
    Kasus("beranda", lambda d: "/luring/", TKSK_SAJA),
    Kasus("kotak_keluar", lambda d: "/luring/kotak-keluar/", TKSK_SAJA),
    Kasus("kunjungan", lambda d: "/luring/kunjungan/", TKSK_SAJA),
    Kasus("keluarga_baru", lambda d: "/luring/keluarga/baru/", TKSK_SAJA),
    Kasus("keluarga_ubah", lambda d: "/luring/keluarga/ubah/", TKSK_SAJA),
    Kasus("konflik", lambda d: "/luring/konflik/", TKSK_SAJA),
    Kasus("unduh", lambda d: "/luring/unduh/", TKSK_SAJA),
    Kasus("sesi", lambda d: "/luring/sesi/", TKSK_SAJA),
    Kasus("service_worker", lambda d: "/sw.js", TERBUKA),
    Kasus("manifest", lambda d: "/manifest.webmanifest", TERBUKA),
    Kasus("kirim_kunjungan", lambda d: f"/luring/kirim/kunjungan/{d['keluarga'].pk}/", KUNJUNGAN, method="post",
          data=_kunjungan),
    Kasus("kirim_kunjungan_get", lambda d: f"/luring/kirim/kunjungan/{d['keluarga'].pk}/", semua(405)),
    Kasus("kirim_keluarga_baru", lambda d: "/luring/kirim/keluarga/", DAFTAR, method="post",
          data=lambda d: {**data_form(kelurahan_id=d["keluarga"].kelurahan_id, anggota=keluarga_tiga_orang()),
                          "uuid": str(uuid.uuid4())}),
    Kasus("kirim_keluarga_ubah", lambda d: f"/luring/kirim/keluarga/{d['keluarga'].pk}/", UBAH, method="post",
          data=_ubah),
]


@pytest.fixture
def dunia(personas, kel_kanigaran, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return {"keluarga": KeluargaFactory(kelurahan=kel_kanigaran)}


@pytest.mark.django_db
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
@pytest.mark.parametrize("persona", PERSONA)
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)


def test_every_luring_url_is_in_the_matrix():
    from pmks.luring.urls import urlpatterns

    assert {p.name for p in urlpatterns} <= {k.nama for k in KASUS}
