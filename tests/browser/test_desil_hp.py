"""Browser, phone size (360 px): the desil pages a TKSK opens (upload, queue, household panels) never
scroll sideways, and the "Syarat desil" tab is on screen."""

from datetime import date

import pytest

from bantuan import choices as c
from pmks.models import SumberDesil
from pmks.registri.desil import desil_catat_massal
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.conftest import login_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lebar(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_desil_pages_fit_a_phone(phone_page, tksk_kanigaran):
    u = usulan_status(buat_program("hp-d4", desil_maksimum=4), keluarga_pmks(desil=3), c.StatusUsulan.DISETUJUI,
                      oleh=tksk_kanigaran)
    desil_catat_massal([{"keluarga_id": u.keluarga_id, "desil": 9, "sumber": SumberDesil.DTSEN,
                         "posisi_data": date(2026, 1, 1), "keterangan": "DTSEN"}])
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto("/pmks/impor/desil/")
    assert phone_page.get_by_test_id("form-desil").is_visible()
    assert lebar(phone_page) <= 360, "halaman impor desil bergeser horizontal"
    phone_page.goto("/bantuan/tanda-desil/")
    kotak = phone_page.get_by_test_id("subnav-bantuan").get_by_role("link", name="Syarat desil").bounding_box()
    assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 360
    assert "Hp D4" in phone_page.get_by_test_id("tabel-tanda-desil").inner_text()
    assert lebar(phone_page) <= 360, "antrean syarat desil bergeser horizontal"
    phone_page.goto(f"/pmks/keluarga/{u.keluarga_id}/")
    assert phone_page.get_by_test_id("riwayat-desil").is_visible()
    assert phone_page.get_by_test_id("daftar-tanda-desil").is_visible()
    assert lebar(phone_page) <= 360, "halaman keluarga bergeser horizontal"
