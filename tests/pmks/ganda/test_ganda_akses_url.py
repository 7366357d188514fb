"""URL × role matrix of the duplicate queue: a pair of two Kanigaran records. TKSK Mayangan gets 404
on it; Pejabat 403 (they decide nothing); only Dinas Sosial (and the administrator) start a scan."""

from datetime import date

import pytest

from tests.akses import PERSONA, Kasus, periksa, semua

from .helpers import keluarga, orang, pasangan, pindai_kota

PUTUS_GET = semua(200, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)
PUTUS_POST = semua(302, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403)


def _gabung(d) -> dict:
    a = d["pasangan"].anggota_a_id
    return {"penyintas": a, "pilih_nik": a, "alasan": "Orang yang sama"}


KASUS = [
    Kasus("ganda_list", lambda d: "/pmks/ganda/", semua(200, pejabat_kota=403, pejabat_kanigaran=403)),
    Kasus("ganda_list_status", lambda d: "/pmks/ganda/?status=berbeda&halaman=9",
          semua(200, pejabat_kota=403, pejabat_kanigaran=403)),
    Kasus("ganda_detail", lambda d: f"/pmks/ganda/{d['pasangan'].pk}/", PUTUS_GET),
    Kasus("ganda_berbeda", lambda d: f"/pmks/ganda/{d['pasangan'].pk}/berbeda/", PUTUS_POST, method="post",
          data=lambda d: {"alasan": "Kembar, orang berbeda"}),
    Kasus("ganda_berbeda_get", lambda d: f"/pmks/ganda/{d['pasangan'].pk}/berbeda/", semua(405)),
    Kasus("ganda_gabungkan", lambda d: f"/pmks/ganda/{d['pasangan'].pk}/gabungkan/", PUTUS_POST, method="post",
          data=_gabung),
    Kasus("ganda_gabungkan_tanpa_nik", lambda d: f"/pmks/ganda/{d['pasangan'].pk}/gabungkan/",
          semua(200, tksk_mayangan=404, pejabat_kota=403, pejabat_kanigaran=403), method="post",
          data=lambda d: {**_gabung(d), "pilih_nik": ""}),
    Kasus("ganda_pindai", lambda d: "/pmks/ganda/pindai/",
          semua(403, dinsos=302, admin=302), method="post"),
]


@pytest.fixture
def dunia(db):
    k = keluarga(nama_kepala="Slamet Riyadi", lahir=date(1965, 7, 7))
    a = orang(k, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P")
    b = orang(k, nama="Nur Aeni", lahir=date(1990, 3, 12), jk="P")
    pindai_kota()
    return {"pasangan": pasangan(a, b)}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
