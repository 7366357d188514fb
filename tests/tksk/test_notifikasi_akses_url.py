"""URL × role matrix of the notification centre: every user has their own; another's answers 404."""

import pytest

from tests.akses import PERSONA, Kasus, periksa, semua
from tksk.notifikasi import beri_tahu

KASUS = [
    Kasus("notifikasi_daftar", lambda d: "/notifikasi/", semua(200)),
    Kasus("notifikasi_saluran", lambda d: "/notifikasi/saluran/", semua(200)),
    Kasus("notifikasi_saluran_simpan", lambda d: "/notifikasi/saluran/", semua(302), method="post",
          data=lambda d: {"kanal": [], "email": "", "versi": "0"}),  # a fresh preference row is at version 0
    Kasus("notifikasi_baca_semua", lambda d: "/notifikasi/baca-semua/", semua(302), method="post"),
    # The TKSK Kanigaran's notification: only she may open it.
    Kasus("notifikasi_baca", lambda d: f"/notifikasi/{d['notifikasi'].pk}/baca/", semua(404, tksk_kanigaran=302),
          method="post"),
    Kasus("notifikasi_baca_get", lambda d: f"/notifikasi/{d['notifikasi'].pk}/baca/", semua(405), method="get"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, kasus, persona):
    dunia = {
        "notifikasi": beri_tahu(personas["tksk_kanigaran"], "impor_selesai", "Impor selesai", "/pmks/impor/",
                                kunci="akses"),
    }
    periksa(client, kasus, persona, personas, dunia)
