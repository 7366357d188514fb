"""URL × role matrix of the SIKS-NG package (tests/akses.py): every role that may export gets its own
area's package (Pejabat with masked numbers); another kecamatan's kelurahan answers 404."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.utils import timezone

from tests.akses import Kasus, kombinasi, periksa, semua
from tests.conftest import KODE
from tests.factories import wilayah

BULAN = f"{timezone.localdate():%Y-%m}"
BA = {"tanggal": timezone.localdate().isoformat(), "tempat": "Balai kelurahan", "pimpinan": "Lurah",
      "peserta": "Pak Lurah\nBu RT"}
SPTJM = {"nama": "Hadi", "nip": "197001011990031001", "jabatan": "Lurah"}
KANIGARAN = semua(200, tksk_mayangan=404)
MAYANGAN = semua(200, tksk_kanigaran=404, pejabat_kanigaran=404)


def _q(kel, **extra) -> str:
    return "?" + urlencode({"kelurahan": kel.pk, "bulan": BULAN, **extra})


KASUS = [
    Kasus("siksng", lambda d: "/bantuan/siks-ng/", semua(200)),
    Kasus("siksng_kanigaran", lambda d: "/bantuan/siks-ng/" + _q(d["kanigaran"]), KANIGARAN),
    Kasus("siksng_mayangan", lambda d: "/bantuan/siks-ng/" + _q(d["mayangan"]), MAYANGAN),
    Kasus("siksng_xlsx_kanigaran", lambda d: "/bantuan/siks-ng/paket.xlsx" + _q(d["kanigaran"]), KANIGARAN),
    Kasus("siksng_xlsx_mayangan", lambda d: "/bantuan/siks-ng/paket.xlsx" + _q(d["mayangan"]), MAYANGAN),
    Kasus("siksng_ba_kanigaran", lambda d: "/bantuan/siks-ng/berita-acara.pdf" + _q(d["kanigaran"], **BA),
          KANIGARAN),
    Kasus("siksng_ba_mayangan", lambda d: "/bantuan/siks-ng/berita-acara.pdf" + _q(d["mayangan"], **BA), MAYANGAN),
    Kasus("siksng_sptjm_kanigaran", lambda d: "/bantuan/siks-ng/sptjm.pdf" + _q(d["kanigaran"], **SPTJM),
          KANIGARAN),
    Kasus("siksng_sptjm_mayangan", lambda d: "/bantuan/siks-ng/sptjm.pdf" + _q(d["mayangan"], **SPTJM), MAYANGAN),
]


@pytest.fixture
def dunia(personas):
    return {"kanigaran": wilayah(KODE["kel_kanigaran"]), "mayangan": wilayah(KODE["kel_mayangan"])}


@pytest.mark.django_db
@pytest.mark.parametrize(("kasus", "persona"), kombinasi(KASUS))
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
