"""Browser: a TKSK uploads a small spreadsheet, sees the preview, confirms; also on a phone."""

import pytest

from pmks.impor import contoh
from pmks.models import Anggota
from tests.conftest import login_browser
from tests.pmks.impor.test_impor import keluarga

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


def test_tksk_uploads_sees_preview_and_confirms(page, tksk_kanigaran, tmp_path):
    berkas = tmp_path / "keluarga.xlsx"
    berkas.write_bytes(contoh.tulis_xlsx(keluarga(1)))
    login_browser(page, "tksk.kanigaran")
    page.get_by_test_id("menu-grup-data").click()
    page.get_by_test_id("menu-impor").first.click()
    page.locator("input[type=file]").set_input_files(str(berkas))
    page.get_by_role("button", name="Unggah dan periksa").click()
    ringkasan = page.get_by_test_id("ringkasan-impor")
    assert "Keluarga baru" in ringkasan.inner_text()
    assert ringkasan.locator("[data-kunci='Anggota baru']").inner_text() == "3"
    assert Anggota.objects.count() == 0
    page.get_by_test_id("tombol-simpan-impor").click()
    assert page.get_by_test_id("status-impor").first.inner_text() == "Selesai"
    assert Anggota.objects.count() == 3


def test_errors_are_readable_on_a_phone(phone_page, tksk_kanigaran, tmp_path):
    data = keluarga(0)
    data[1]["NIK"] = "12345"
    berkas = tmp_path / "salah.xlsx"
    berkas.write_bytes(contoh.tulis_xlsx(data))
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto("/pmks/impor/")
    phone_page.locator("input[type=file]").set_input_files(str(berkas))
    phone_page.get_by_role("button", name="Unggah dan periksa").click()
    galat = phone_page.get_by_test_id("daftar-galat")
    assert "harus 16 digit" in galat.inner_text()
    assert phone_page.get_by_test_id("unduh-laporan-galat").is_visible()
    lebar = phone_page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 360, "halaman impor tidak boleh bergeser horizontal di layar 360 px"
