"""Browser: a TKSK logs in, lands on "Hari ini" (#12), sees the own kecamatan on the dashboard, logs out."""

import pytest

from tests.conftest import login_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tksk_logs_in_sees_own_kecamatan_and_logs_out(page, tksk_kanigaran):
    login_browser(page, "tksk.kanigaran")
    assert page.url.endswith("/pmks/pendampingan/hari-ini/")
    assert "Kecamatan Kanigaran" in page.get_by_test_id("wilayah-beranda").inner_text()
    page.get_by_test_id("ke-dasbor").click()
    page.wait_for_load_state("networkidle")
    assert "Kecamatan Kanigaran" in page.get_by_test_id("wilayah-beranda").inner_text()
    assert page.get_by_text("Tisnonegaran").count() >= 1
    page.get_by_test_id("menu-pengguna").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_login_page_is_usable_on_a_phone(phone_page, tksk_kanigaran):
    phone_page.goto("/accounts/login/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "halaman masuk tidak boleh bergeser horizontal di layar 360 px"
    login_browser(phone_page, "tksk.kanigaran")
    assert "Kanigaran" in phone_page.get_by_test_id("wilayah-beranda").inner_text()
