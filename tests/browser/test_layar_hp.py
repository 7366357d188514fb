"""Browser, phone size (360 px): pages a TKSK opens in the field never scroll sideways, even with
the longest labels."""

from datetime import date

import pytest

from pmks.pendampingan import choices as pc
from tests.conftest import login_browser
from tests.factories import KeluargaFactory, wilayah
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lebar(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def keluar_kartu(page, testid: str) -> list[str]:
    """Texts of elements that stick out of their list item (drawn over the card's border)."""
    return page.evaluate(
        """id => [...document.querySelectorAll(`[data-testid=${id}] .list-group-item *`)]
              .filter(e => e.getBoundingClientRect().right
                           > e.closest('.list-group-item').getBoundingClientRect().right + 0.5)
              .map(e => e.innerText)""",
        testid,
    )


def test_visit_list_with_long_activity_names_fits_a_phone(phone_page, tksk_kanigaran):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    kunjungan(k, tanggal=date(2026, 9, 19), oleh=tksk_kanigaran, jenis=pc.JenisKunjungan.PENDATAAN)
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto("/pmks/pendampingan/kunjungan/")
    assert "Pendataan/verifikasi" in phone_page.get_by_test_id("daftar-kunjungan").inner_text()
    assert lebar(phone_page) <= 360, "daftar kunjungan bergeser horizontal"
    assert keluar_kartu(phone_page, "daftar-kunjungan") == []


def test_every_aid_tab_is_visible_on_a_phone(phone_page, tksk_kanigaran):
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto("/bantuan/")
    for nama in ("Usulan", "Program", "Tumpang tindih", "Belum terjangkau"):
        kotak = phone_page.get_by_test_id("subnav-bantuan").get_by_role("link", name=nama).bounding_box()
        assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 360, f"tab {nama} terpotong di layar 360 px"


def test_proposal_form_shows_only_the_assessment_of_the_chosen_program(phone_page, tksk_kanigaran):
    from bantuan import choices as c
    from tests.bantuan.conftest import buat_program

    sembako = buat_program("sembako-hp", c.JenisProgram.SEMBAKO)
    rtlh = buat_program("rtlh-hp", c.JenisProgram.RTLH)
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto(f"/bantuan/usulan/baru/?keluarga={k.pk}")
    terlihat = phone_page.locator("[data-asesmen]:visible")
    assert terlihat.count() == 0
    phone_page.locator("#id_program").select_option(str(sembako.pk))
    assert terlihat.count() == 0
    phone_page.locator("#id_program").select_option(str(rtlh.pk))
    assert terlihat.count() == 1 and terlihat.first.get_attribute("data-asesmen") == "rtlh"
    assert lebar(phone_page) <= 360


def test_referral_status_badge_stays_one_line_high_next_to_a_long_destination(phone_page, tksk_kanigaran):
    from tests.pmks.pendampingan.test_pendampingan_bantu import rujukan

    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    rujukan(k, oleh=tksk_kanigaran, tujuan="Dinas Pendidikan — beasiswa Program Indonesia Pintar")
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto("/pmks/pendampingan/rujukan/")
    lencana = phone_page.get_by_test_id("daftar-rujukan").get_by_test_id("status-rujukan").first.bounding_box()
    assert lencana["height"] < 30, "lencana status meregang setinggi nama tujuan"


@pytest.mark.parametrize("alamat", [
    "/pmks/privasi/",  # the notice a TKSK shows the family
    "/pmks/permintaan-data/",
    "/pmks/ganda/",
    "/pmks/impor/desil/",
    "/bantuan/siks-ng/",
    "/bantuan/tanda-desil/",
])
def test_this_stops_tksk_pages_fit_a_phone(phone_page, tksk_kanigaran, alamat):
    login_browser(phone_page, "tksk.kanigaran")
    resp = phone_page.goto(alamat)
    assert resp.status == 200
    assert lebar(phone_page) <= 360, f"{alamat} bergeser horizontal di layar 360 px"


def test_household_page_with_privacy_and_desil_panels_fits_a_phone(phone_page, tksk_kanigaran):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto(k.get_absolute_url())
    assert "belum diberi tahu" in phone_page.locator("main").inner_text().lower()
    assert lebar(phone_page) <= 360


def test_every_aid_tab_of_this_stop_is_reachable_on_a_phone(phone_page, tksk_kanigaran):
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto("/bantuan/")
    for nama in ("Paket SIKS-NG", "Syarat desil"):
        tautan = phone_page.get_by_test_id("subnav-bantuan").get_by_role("link", name=nama)
        tautan.scroll_into_view_if_needed()
        kotak = tautan.bounding_box()
        assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 360, f"tab {nama} terpotong di layar 360 px"
