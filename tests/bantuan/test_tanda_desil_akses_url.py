"""URL × role matrix for the "tidak lagi memenuhi syarat desil" queue and decision (see tests/akses.py)."""

from datetime import date

import pytest

from bantuan import choices as c
from bantuan.models import TandaDesil
from pmks.models import SumberDesil
from pmks.registri.desil import desil_catat_massal
from tests.akses import PERSONA, Kasus, periksa, semua
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status

KASUS = [
    Kasus("tanda_desil_list", lambda d: "/bantuan/tanda-desil/", semua(200)),
    Kasus("tanda_desil_list_status", lambda d: "/bantuan/tanda-desil/?status=%00x", semua(200)),
    # Dinas Sosial (and the administrator) decide; a TKSK or an official is refused, another kecamatan 404
    Kasus("tanda_desil_putuskan", lambda d: f"/bantuan/tanda-desil/{d['tanda'].pk}/putuskan/",
          semua(403, dinsos=302, admin=302, tksk_mayangan=404), method="post",
          data=lambda d: {"keputusan": "lanjutkan", "alasan": "Verifikasi lapangan"}),
    Kasus("tanda_desil_putuskan_tidak_ada", lambda d: "/bantuan/tanda-desil/999999/putuskan/", semua(404),
          method="post", data=lambda d: {"keputusan": "lanjutkan", "alasan": "x"}),
]


@pytest.fixture
def dunia(personas):
    u = usulan_status(buat_program("akses-d4", desil_maksimum=4), keluarga_pmks(desil=3), c.StatusUsulan.DISETUJUI,
                      oleh=personas["tksk_kanigaran"])
    desil_catat_massal([{"keluarga_id": u.keluarga_id, "desil": 8, "sumber": SumberDesil.DTSEN,
                         "posisi_data": date(2026, 1, 1), "keterangan": "DTSEN"}])
    return {"tanda": TandaDesil.objects.get(usulan=u)}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA)
@pytest.mark.parametrize("kasus", KASUS, ids=lambda k: k.nama)
def test_url_answers_each_role_as_designed(client, personas, dunia, kasus, persona):
    periksa(client, kasus, persona, personas, dunia)
